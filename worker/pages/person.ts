/**
 * The page behind a person's link, the one people bookmark: the tutor's dashboard, the student's
 * portal or the parent's page. Every lesson is plain HTML (its Join or Start link included), so
 * the page works without JavaScript; the lessons that can change soon are wrapped in
 * `<lesson-join>`, which keeps them live where JavaScript runs, as on the lesson page. Past lessons
 * say what happened in them: attendance (tutor, parent), the recording, where the note stands.
 */
import { html } from 'hono/html';
import type { LessonView, PersonView } from '../../shared/api';
import { type Html, page } from './layout';
import { type Heading, lessonFacts, webcal } from './lesson';
import { lessonOutcome } from './lesson-record';
import { type Language, type PageStrings, pageStrings } from './strings';

const DAY_MS = 24 * 3600_000;

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
const dayIn = (iso: string, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(iso));

/** The lessons of a person's view in the order people look for them. */
function grouped(view: PersonView) {
  const upcoming = view.lessons.filter((l) => l.phase !== 'ended');
  const next = upcoming.find((l) => l.phase !== 'cancelled');
  return {
    upcoming,
    next,
    later: upcoming.filter((l) => l !== next),
    recent: view.lessons.filter((l) => l.phase === 'ended'),
  };
}

/** One lesson as `<lesson-join>` of this person's link, its facts inside for where no script runs. */
const card = (id: string, lesson: LessonView, t: PageStrings, heading: Heading) =>
  html`<lesson-join link="${id}/${lesson.id}">${lessonFacts(lesson, t, heading)}</lesson-join>`;

const list = (lessons: LessonView[], t: PageStrings) =>
  html`<ul class="lessons">${lessons.map((l) => html`<li>${lessonFacts(l, t, 'h3', true)}</li>`)}</ul>`;

/** Lessons that ended, each with what happened in it (attendance, recording, note) as this person may see it. */
const ended = (lessons: LessonView[], t: PageStrings) =>
  html`<ul class="lessons">
    ${lessons.map((l) => html`<li>${lessonFacts(l, t, 'h3', true)} ${lessonOutcome(l, t)}</li>`)}
  </ul>`;

const section = (title: string, body: Html) => html`<section><h2>${title}</h2>${body}</section>`;

/** Today's lessons live (Start at the click), the rest of the week and later as rows, then recent ones. */
function tutorDashboard(view: PersonView, id: string, t: PageStrings): Html {
  const { upcoming, recent } = grouped(view);
  const now = Date.parse(view.server_time);
  const today = upcoming.filter(
    (l) => Date.parse(l.starts_at) <= now || dayIn(l.starts_at, l.timezone) === dayIn(view.server_time, l.timezone),
  );
  const rest = upcoming.filter((l) => !today.includes(l));
  const week = rest.filter((l) => Date.parse(l.starts_at) < now + 7 * DAY_MS);
  const later = rest.filter((l) => !week.includes(l));
  return html`<h1>${t.tutorLessons(view.name)}</h1>
    <p class="muted">${t.tutorPrivate}</p>
    ${section(
      t.today,
      today.length
        ? html`<div class="cards">${today.map((l) => card(id, l, t, 'h3'))}</div>`
        : html`<p>${t.nothingToday}</p>`,
    )}
    ${week.length ? section(t.thisWeek, list(week, t)) : ''}
    ${later.length ? section(t.later, list(later, t)) : ''}
    ${recent.length ? section(t.recent, ended(recent, t)) : ''}
    ${view.lessons.length ? '' : html`<p>${t.noLessons}</p>`}`;
}

/** The next lesson live, then the later ones and the recent ones; for a parent, plain words first. */
function familyPage(view: PersonView, id: string, t: PageStrings): Html {
  const { next, later, recent } = grouped(view);
  const parent = view.role === 'parent';
  const title = parent ? t.familyLessons : t.yourLessons(view.name);
  const sample = next ?? view.lessons[0];
  return html`<h1>${title}</h1>
    ${
      parent && sample
        ? html`<p>${t.privateLink(sample.student_name, sample.tutor_name)}</p>
          <p class="muted">${t.parentPlain(minutesBefore(sample))}</p>`
        : ''
    }
    ${next ? section(t.next, card(id, next, t, 'h3')) : html`<p>${view.lessons.length ? t.noneAhead : t.noLessons}</p>`}
    ${later.length ? section(t.upcoming, list(later, t)) : ''}
    ${recent.length ? section(t.recent, ended(recent, t)) : ''}
    ${parent ? '' : html`<p class="muted">${t.keepPage}</p>`}`;
}

const minutesBefore = (l: LessonView) => Math.round((Date.parse(l.starts_at) - Date.parse(l.join_opens_at)) / 60_000);

/**
 * `id` is the person's link as it was opened; each lesson is `{id}/{bookingId}`. `origin` is the
 * Worker's, for the calendar feed of the person's lessons.
 */
export function personPage(view: PersonView, lang: Language, id: string, origin: string): Html {
  const t = pageStrings[lang];
  const title =
    view.role === 'parent'
      ? t.familyLessons
      : view.role === 'tutor'
        ? t.tutorLessons(view.name)
        : t.yourLessons(view.name);
  const body = view.role === 'tutor' ? tutorDashboard(view, id, t) : familyPage(view, id, t);
  return page(
    lang,
    title,
    html`${body}
      <p><a href="${webcal(origin, id)}">${t.subscribe}</a> <span class="muted">${t.subscribeHint}</span></p>`,
    { widget: true, wide: view.role === 'tutor' },
  );
}
