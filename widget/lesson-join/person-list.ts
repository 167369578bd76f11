/**
 * A person's lessons (a student's, a parent's or a tutor's link): the next lesson as the card,
 * then the later lessons, then, for tutors and parents, the past ones. A chunk of its own, asked
 * for with the store and the card (after the first paint), so a person's list never waits for it
 * after the read; its words come only for a person's link.
 *
 * Everything it draws with comes from the component (`PersonContext`): importing Lit or the
 * component's helpers here would put them in a chunk shared with the main one, a second request
 * for every first paint.
 */
import type { html as litHtml, TemplateResult } from 'lit';
import type { Lesson, Person } from './read-lesson';
import type { PersonStrings, Strings } from './strings';
import { verdictText } from './verdict-text';

export interface PersonContext {
  html: typeof litHtml;
  person: Person;
  /** The lesson on the card (see `cardLesson`), null when none is coming. */
  next: Lesson | null;
  /** Now by the server's clock. */
  now: number;
  t: Strings;
  words: PersonStrings;
  /** Lessons shown in each list (the `limit` attribute, 5 when unset); the rest are counted. */
  limit: number | undefined;
  /** The sidebar layout: no past lessons. */
  compact: boolean;
  /** The card of a lesson, as a lesson link draws it. */
  card: (lesson: Lesson) => TemplateResult;
  /** Who a lesson is with ("with Ms Rivera", "Lucía with Ms Rivera"). */
  who: (lesson: Lesson) => string;
  /** When a lesson is, as a `<time>`. */
  when: (lesson: Lesson) => TemplateResult;
  copy: (url: string) => void;
  /** Join or Start was followed. */
  joined: (lesson: Lesson) => void;
}

/**
 * The list's styles, adopted by the component beside its own when the list arrives. A string, not
 * Lit's `css`: see above. Comments stay out of it: it ships as written.
 */
export const personStyles = `
  .lesson__next {
    display: grid;
    gap: 0.5rem;
    padding: 0.75rem;
    border: 1px solid var(--lesson-join-border, var(--_line));
    border-radius: calc(var(--_radius) / 1.5);
  }
  .person__heading {
    font-size: 1em;
    font-weight: 600;
  }
  .person__list {
    list-style: none;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .person__item {
    display: grid;
    gap: 0.25rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--lesson-join-border, var(--_line));
    border-radius: calc(var(--_radius) / 1.5);
  }
  .person__title {
    font-weight: 600;
    color: inherit;
  }
  .person__outcome {
    margin: 0;
  }
`;

/**
 * What happened in a lesson that ended, as the viewer may know it: the tutor's and the student's
 * attendance (tutor, parent) and where the note stands (the tutor's draft or final note, the
 * parent's summary). The lesson's own page has the rest.
 */
function outcome(c: PersonContext, l: Lesson): TemplateResult | string {
  const { html, words } = c;
  const a = l.attendance;
  const note =
    l.note === 'final'
      ? words.noteFinal
      : l.note === 'draft'
        ? words.noteDraft
        : l.summary_ready
          ? words.summaryReady(l.tutor_name)
          : '';
  return html`${
    a
      ? html`<p class="lesson__muted person__outcome" part="attendance">
          ${words.attendance}: ${[a.tutor, a.student].map((p) => `${p.name}: ${verdictText(p, words)}`).join(' · ')}${
            a.final ? '' : ` (${words.notFinal})`
          }
        </p>`
      : ''
  }${note ? html`<p class="lesson__muted person__outcome" part="note">${note}</p>` : ''}`;
}

/** The person's lessons, in the component's `html`. */
export function personList(c: PersonContext): TemplateResult {
  const { html, person, next, now, words } = c;
  const over = (l: Lesson) => Date.parse(l.ends_at) <= now;
  const later = person.lessons.filter((l) => l !== next && !over(l));
  // Students look ahead; tutors and parents also look back.
  const past = person.role === 'student' || c.compact ? [] : person.lessons.filter(over);
  return html`${next ? c.card(next) : html`<p class="lesson__none" part="message">${words.none}</p>`}
    ${list(c, 'later', words.later, later)} ${list(c, 'past', words.past, past)}`;
}

function list(c: PersonContext, name: string, heading: string, lessons: Lesson[]): TemplateResult | string {
  if (!lessons.length) return '';
  const { html } = c;
  const limit = c.limit! > 0 ? Math.floor(c.limit!) : 5;
  const shown = lessons.slice(0, limit);
  return html`<h2 class="person__heading" id=${name} part="list-heading">${heading}</h2>
    <ul class="person__list" part="list" aria-labelledby=${name}>
      ${shown.map((l) => item(c, l))}
    </ul>
    ${lessons.length > limit ? html`<p class="lesson__muted">${c.words.more(lessons.length - limit)}</p>` : ''}`;
}

function item(c: PersonContext, l: Lesson): TemplateResult {
  const { html, t, words } = c;
  const tutor = l.role === 'tutor';
  const past = Date.parse(l.ends_at) <= c.now;
  const active = !past && l.phase !== 'cancelled';
  const status = [words.status[l.phase], l.recording_ready ? words.recordingReady : ''].filter(Boolean).join(' · ');
  const id = `lesson-${l.id}`;
  const button = (url: string | null, label: string) =>
    url && active
      ? html`<button class="lesson__button" part="copy" type="button" aria-describedby=${id} @click=${() => c.copy(url)}>
          ${label}
        </button>`
      : '';
  return html`<li class="person__item lesson--${l.phase}" part="item">
    ${
      l.url
        ? html`<a class="person__title" id=${id} href=${l.url} target="_blank" rel="noopener noreferrer"
            >${l.service_name}</a
          >`
        : html`<span class="person__title" id=${id}>${l.service_name}</span>`
    }
    <span class="person__time" part="time">${c.when(l)}</span>
    <span class="lesson__muted">${c.who(l)}${status ? ` · ${status}` : ''}</span>
    ${past ? outcome(c, l) : ''}
    ${
      active && (l.joining_open || tutor)
        ? html`<div class="lesson__actions">
          ${
            l.joining_open && l.url
              ? html`<a class="lesson__join" part="join" href=${l.url} target="_blank" rel="noopener noreferrer"
                  aria-describedby=${id} @click=${() => c.joined(l)}>${tutor ? t.start : t.join}</a>`
              : ''
          }
          ${tutor ? [button(l.student_url, t.copyStudentLink), button(l.parent_url, t.copyParentLink)] : ''}
        </div>`
        : ''
    }
  </li>`;
}
