/**
 * The page behind a lesson link: the lesson, its time, its provider and where it stands, in the
 * viewer's language. The facts are plain HTML inside `<lesson-join>`, so they work without
 * JavaScript; where it runs, the element draws the live card (countdown, Join, QR) over them.
 */
import { html } from 'hono/html';
import type { LessonView, PersonView } from '../../shared/api';
import { type Html, page } from './layout';
import { lessonRecord } from './lesson-record';
import { type Language, type PageStrings, pageStrings } from './strings';

/** "Thursday, 1 May 2030, 16:00–16:50" in the lesson's time zone. */
export function lessonTime(view: Pick<LessonView, 'starts_at' | 'ends_at' | 'timezone'>, t: PageStrings): string {
  const zone = { timeZone: view.timezone };
  const day = new Intl.DateTimeFormat(t.locale, {
    ...zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const clock = new Intl.DateTimeFormat(t.locale, { ...zone, hour: '2-digit', minute: '2-digit' });
  const start = new Date(view.starts_at);
  return `${day.format(start)}, ${clock.format(start)}–${clock.format(new Date(view.ends_at))}`;
}

const clockOf = (iso: string, zone: string, t: PageStrings) =>
  new Intl.DateTimeFormat(t.locale, { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** What happens next, in words, for each state. */
function stateText(view: LessonView, t: PageStrings): Html {
  const w = t.widget;
  const tutor = view.tutor_name;
  switch (view.phase) {
    case 'upcoming':
      return view.role === 'tutor'
        ? html`<p>${t.tutorStart}</p>`
        : html`<p>${t.opensAt(clockOf(view.join_opens_at, view.timezone, t))}</p>`;
    case 'open':
    case 'live':
      return html`<p>${view.phase === 'live' ? w.live : w.joinNow}</p>`;
    case 'ended':
      return html`<p>${w.ended}${view.recording_ready ? ` ${w.recordingReady}` : ''}</p>`;
    case 'cancelled':
      return html`<p>${w.cancelled} ${t.cancelledNext(tutor)}</p>`;
    case 'awaiting_payment':
      return html`<p>${t.unpaidNext(tutor)}</p>`;
    case 'preparing':
      return html`<p>${w.preparing} ${t.preparingNext(tutor)}</p>`;
    case 'no_link':
      return html`<p>${view.role === 'tutor' ? w.noLinkTutor : w.noLink(tutor)}</p>`;
  }
}

/** The facts of one lesson, as plain HTML (the element's light-DOM fallback). */
export function lessonFacts(view: LessonView, t: PageStrings, heading: 'h1' | 'h2' = 'h1'): Html {
  const who =
    view.role === 'tutor'
      ? t.widget.withName(view.student_name)
      : view.role === 'parent'
        ? t.widget.childWith(view.student_name, view.tutor_name)
        : t.widget.withName(view.tutor_name);
  const active = view.phase !== 'cancelled' && view.phase !== 'ended';
  const action =
    active && view.url
      ? view.role === 'tutor'
        ? html`<p><a class="button" href="${view.url}/start" rel="noreferrer">${t.startLink}</a></p>`
        : ['upcoming', 'open', 'live'].includes(view.phase)
          ? // Inside the join window the link itself opens the meeting; before it, this page again.
            html`<p><a class="button" href="${view.url}" rel="noreferrer">${t.joinLink}</a></p>`
          : ''
      : '';
  const title = heading === 'h1' ? html`<h1>${view.service_name}</h1>` : html`<h2>${view.service_name}</h2>`;
  return html`<article class="lesson lesson--${view.phase}">
    ${title}
    <p>${who}</p>
    <p class="time"><time datetime="${view.starts_at}">${lessonTime(view, t)}</time></p>
    <p class="muted">${t.zoneNote(view.timezone)} ${t.on(view.provider)}</p>
    ${stateText(view, t)} ${action}
    ${active && view.url ? html`<p><a href="${view.url}.ics" download>${t.addToCalendar}</a></p>` : ''}
    ${
      active && (view.meeting_number || view.passcode)
        ? html`<p class="muted">
          ${view.meeting_number ? html`${t.meetingId}: <strong>${view.meeting_number}</strong>` : ''}
          ${view.passcode ? html`${t.passcode}: <strong>${view.passcode}</strong>` : ''}
        </p>`
        : ''
    }
    ${
      view.role === 'tutor' && view.student_url && view.parent_url
        ? html`<p class="muted">${t.shareLinks}</p>
          <ul class="share">
            <li>${t.studentLink}: <code>${view.student_url}</code></li>
            <li>${t.parentLink}: <code>${view.parent_url}</code></li>
          </ul>`
        : ''
    }
  </article>`;
}

/** `link` is what `<lesson-join link>` takes: the link's id, or `id/bookingId` for a person's lesson. */
export function lessonPage(view: LessonView, lang: Language, link: string): Html {
  const t = pageStrings[lang];
  return page(
    lang,
    `${view.service_name} · ${t.lessonWith(view.tutor_name)}`,
    html`<lesson-join link="${link}">${lessonFacts(view, t)}</lesson-join>
      ${lessonRecord(view, t, link)}
      ${view.role === 'parent' ? html`<p class="muted">${t.privateLink(view.student_name, view.tutor_name)}</p>` : ''}
      <p class="muted">${view.role === 'tutor' ? '' : t.contact(view.tutor_name)}</p>`,
    { widget: true },
  );
}

/** The page people bookmark: the next lesson first, then the others. */
export function personPage(view: PersonView, lang: Language, id: string, origin: string): Html {
  const t = pageStrings[lang];
  const title =
    view.role === 'parent'
      ? t.familyLessons
      : view.role === 'tutor'
        ? t.tutorLessons(view.name)
        : t.yourLessons(view.name);
  const upcoming = view.lessons.filter((l) => l.phase !== 'ended');
  const next = upcoming.find((l) => l.phase !== 'cancelled');
  const later = upcoming.filter((l) => l !== next);
  const recent = view.lessons.filter((l) => l.phase === 'ended');
  const row = (l: LessonView) =>
    html`<li><a href="${l.url ?? '#'}">${l.service_name}</a> · <time datetime="${l.starts_at}">${lessonTime(l, t)}</time>
      ${l.phase === 'cancelled' ? html` · ${t.widget.cancelled}` : ''}</li>`;
  return page(
    lang,
    title,
    html`<h1>${title}</h1>
      ${
        next
          ? html`<section><h2>${t.next}</h2>
            <lesson-join link="${id}/${next.id}">${lessonFacts(next, t, 'h2')}</lesson-join></section>`
          : html`<p>${t.noLessons}</p>`
      }
      ${later.length ? html`<section><h2>${t.upcoming}</h2><ul class="lessons">${later.map(row)}</ul></section>` : ''}
      ${recent.length ? html`<section><h2>${t.recent}</h2><ul class="lessons">${recent.map(row)}</ul></section>` : ''}
      <p><a href="${webcal(origin, id)}">${t.subscribe}</a> <span class="muted">${t.subscribeHint}</span></p>
      ${view.role === 'parent' && next ? html`<p class="muted">${t.privateLink(next.student_name, next.tutor_name)}</p>` : ''}`,
    { widget: true },
  );
}

/** A person's feed as calendars subscribe to it: `webcal://` (https underneath; http only on localhost). */
export const webcal = (origin: string, id: string) => `${origin.replace(/^https?:/, 'webcal:')}/l/${id}/calendar.ics`;

/** A link that does not work, or work that failed, said in the viewer's language. */
export function problemPage(lang: Language, code: string, message: string): Html {
  const t = pageStrings[lang];
  const title = t.problemTitle[code] ?? t.problemFallback;
  return page(lang, title, html`<h1>${title}</h1><p>${t.problemText[code] ?? message}</p>`);
}
