/**
 * The page behind a lesson link: the lesson, its time, its provider and where it stands, in the
 * viewer's language. The facts are plain HTML inside `<lesson-join>`, so they work without
 * JavaScript; where it runs, the element draws the live card (countdown, Join, QR) over them.
 */
import { html } from 'hono/html';
import type { LessonView } from '../../shared/api';
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
      // Past the start and Zoom has not said the host started: say so, as the card does.
      if (view.waiting_for_host) return html`<p>${view.role === 'tutor' ? w.waitingForYou : w.waitingForTutor}</p>`;
      return html`<p>${w.joinNow}</p>`;
    case 'live':
      return html`<p><strong>${w.live}</strong></p>`;
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

export type Heading = 'h1' | 'h2' | 'h3';

const headingOf = (level: Heading, text: string) =>
  level === 'h1' ? html`<h1>${text}</h1>` : level === 'h2' ? html`<h2>${text}</h2>` : html`<h3>${text}</h3>`;

/**
 * The facts of one lesson, as plain HTML (the element's light-DOM fallback, and each row of a
 * person's page). `compact` (a row in a list) links a lesson still ahead to its page rather than
 * offering Join, and folds the tutor's links to share.
 */
export function lessonFacts(view: LessonView, t: PageStrings, heading: Heading = 'h1', compact = false): Html {
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
        : view.phase === 'upcoming' && compact
          ? // A row of a list: the lesson's own page counts down to it.
            html`<p><a href="${view.url}" rel="noreferrer">${t.lessonLink}</a></p>`
          : ['upcoming', 'open', 'live'].includes(view.phase)
            ? // Inside the join window the link itself opens the meeting; before it, this page again.
              html`<p><a class="button" href="${view.url}" rel="noreferrer">${t.joinLink}</a></p>`
            : ''
      : '';
  const shares = html`<ul class="share">
    <li>${t.studentLink}: <code>${view.student_url}</code></li>
    <li>${t.parentLink}: <code>${view.parent_url}</code></li>
  </ul>`;
  return html`<article class="lesson lesson--${view.phase}">
    ${headingOf(heading, view.service_name)}
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
        ? compact
          ? html`<details><summary>${t.linksFor(view.student_name)}</summary>${shares}</details>`
          : html`<p class="muted">${t.shareLinks}</p>${shares}`
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
    // The page's heading stays when the element draws its card over the facts (the card's title is an h2).
    html`<h1>${t.lessonWith(view.role === 'tutor' ? view.student_name : view.tutor_name)}</h1>
      <lesson-join link="${link}">${lessonFacts(view, t, 'h2')}</lesson-join>
      ${lessonRecord(view, t, link)}
      ${view.role === 'parent' ? html`<p class="muted">${t.privateLink(view.student_name, view.tutor_name)}</p>` : ''}
      <p class="muted">${view.role === 'tutor' ? '' : t.contact(view.tutor_name)}</p>`,
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
