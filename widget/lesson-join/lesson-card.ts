/**
 * A lesson as the card draws it: what, when and with whom, where it stands, Join or Start, the
 * meeting ID and passcode, the links to copy, and the buttons that open the QR code and the
 * calendar links. The component imports this module together with the page's link store, since
 * both are needed only once there is a lesson to show: the first paint ("Loading the lesson…")
 * waits for neither.
 *
 * Everything it draws with comes from the component (`CardContext`): importing Lit or the
 * component here would put them in a chunk shared with the main one, a second request for every
 * first paint.
 */
import type { html as litHtml, nothing as litNothing, TemplateResult } from 'lit';
import type { LessonPhase, Role } from '../../shared/terms';
import { meetingIdText } from './meeting-id';
import { phaseText } from './phase-text';
import type { Lesson } from './read-lesson';
import type { Strings } from './strings';
import { lessonTimes } from './time';

export { phaseText };

/** What opens below the card's buttons when asked for, each from a chunk of its own. */
export type Panel = 'qr' | 'calendar';
export type Opened =
  | { state: 'closed' }
  | { state: 'loading' | 'failed'; panel: Panel }
  | { state: 'shown'; panel: Panel; key: string; figure: (t: Strings) => TemplateResult };

/** Phases in which a student's link leads somewhere worth sharing (and a countdown runs). */
export const SHAREABLE: readonly LessonPhase[] = ['upcoming', 'open', 'live'];

export interface CardContext {
  html: typeof litHtml;
  nothing: typeof litNothing;
  /** Now by the server's clock. */
  now: number;
  t: Strings;
  locale: string;
  /** The panel asked for, if any. */
  opened: Opened;
  copy: (url: string) => void;
  open: (panel: Panel) => void;
  close: () => void;
  /** Join or Start was followed. */
  joined: (role: Role, url: string) => void;
}

/** Who the lesson is with: the student for the tutor, the child and tutor for a parent, the tutor for a student. */
export const who = (l: Lesson, t: Strings) =>
  l.role === 'tutor'
    ? t.withName(l.student_name)
    : l.role === 'parent'
      ? t.childWith(l.student_name, l.tutor_name)
      : t.withName(l.tutor_name);

/** When the lesson is, as a `<time>`. */
export const when = (l: Lesson, now: number, locale: string, html: typeof litHtml) =>
  html`<time datetime=${l.starts_at}>${lessonTimes(l.starts_at, l.ends_at, locale, now)}</time>`;

/** The lesson on the card. */
export function lessonCard(lesson: Lesson, c: CardContext): TemplateResult {
  const { html, nothing, now, t, locale } = c;
  const { role, phase, url, meeting_number: meetingId, passcode, tutor_photo_url: photo } = lesson;
  const tutor = role === 'tutor';
  const active = phase !== 'cancelled' && phase !== 'ended';
  // What there is to copy: for the tutor the student's and the parent's links, else one's own.
  const shares = (
    tutor
      ? active
        ? [
            [lesson.student_url, t.copyStudentLink],
            [lesson.parent_url, t.copyParentLink],
          ]
        : []
      : SHAREABLE.includes(phase)
        ? [[url, t.copyLink]]
        : []
  ).filter((share): share is [string, string] => !!share[0]);
  const shareable = shares.length > 0;
  const words = phaseText(lesson, now, t, locale);
  // The QR code is for students and parents; the calendar for every lesson still to come.
  const panels = [...(shareable && !tutor ? ['qr' as const] : []), ...(active && url ? ['calendar' as const] : [])];
  const { opened } = c;
  const open = opened.state !== 'closed' && panels.includes(opened.panel) ? opened.panel : null;
  const toggle = (panel: Panel, label: string) =>
    html`<button
      class="lesson__button lesson__${panel}-toggle"
      part="${panel}-toggle"
      type="button"
      aria-expanded=${open === panel}
      aria-controls="panel"
      @click=${() => (open === panel ? c.close() : c.open(panel))}
    >${label}</button>`;
  return html`
    <div class="lesson__head">
      <h2 class="lesson__title" part="heading">${lesson.service_name}</h2>
      <span class="lesson__muted" part="badge">${t.providers[lesson.provider]}</span>
    </div>
    <p class="lesson__time" part="time">${when(lesson, now, locale, html)}</p>
    <p class="lesson__who">
      ${
        photo && !tutor
          ? html`<img class="lesson__photo" part="photo" src=${photo} alt="" width="40" height="40" referrerpolicy="no-referrer" />`
          : nothing
      }<span>${who(lesson, t)}</span>
    </p>
    <p part="state">${
      phase === 'live'
        ? html`<span class="lesson__live" part="live">${words}</span>`
        : phase === 'preparing'
          ? html`<span class="lesson__preparing">${words}</span>`
          : words
    }${phase === 'no_link' && !tutor ? html` <slot name="no-link"></slot>` : nothing}</p>
    ${
      lesson.joining_open && url
        ? html`<a class="lesson__join" part="join" href=${url} target="_blank" rel="noopener noreferrer" @click=${() => c.joined(role, url)}
          >${tutor ? t.start : t.join}</a
        >`
        : nothing
    }
    ${
      active && (meetingId || passcode)
        ? html`<p class="lesson__codes">
          ${meetingId ? html`<span part="meeting-id">${t.meetingId}: <strong>${meetingIdText(meetingId)}</strong></span>` : nothing}
          ${passcode ? html`<span part="passcode">${t.passcode}: <strong>${passcode}</strong></span>` : nothing}
        </p>`
        : nothing
    }
    ${
      shareable || panels.length
        ? html`<div class="lesson__actions">
          ${shares.map(
            ([share, label]) =>
              html`<button class="lesson__button" part="copy" type="button" @click=${() => c.copy(share)}>${label}</button>`,
          )}
          ${panels.includes('qr') ? toggle('qr', open === 'qr' ? t.hideQr : t.showQr) : nothing}
          ${panels.includes('calendar') ? toggle('calendar', t.addToCalendar) : nothing}
        </div>
        ${panel(open, c)}`
        : nothing
    }
  `;
}

/** The open panel, or its place while none is (the toggles control it). */
function panel(open: Panel | null, c: CardContext): TemplateResult {
  const { html, opened, t } = c;
  if (!open || opened.state === 'closed') return html`<div id="panel" hidden></div>`;
  if (opened.state === 'failed')
    return html`<p id="panel" part="message">${open === 'qr' ? t.qrFailed : t.calendarFailed}</p>`;
  if (opened.state === 'shown') return html`<div id="panel">${opened.figure(t)}</div>`;
  return html`<div id="panel" aria-busy="true"></div>`;
}
