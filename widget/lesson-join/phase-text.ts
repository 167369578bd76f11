/** What the component says about where a lesson stands, or about why it could not be read. */
import { html, type TemplateResult } from 'lit';
import type { LessonProblem } from './emit';
import type { Lesson } from './read-lesson';
import type { Strings } from './strings';
import { startsIn } from './time';

/** The lesson's state line: a countdown, live, ended, cancelled, or why there is no link yet. */
export function phaseText(lesson: Lesson, now: number, t: Strings, locale: string): TemplateResult | string {
  const start = Date.parse(lesson.starts_at);
  const countdown = t.startsIn(startsIn(start - now, locale));
  switch (lesson.phase) {
    case 'upcoming':
      return `${countdown} ${t.opensBefore(Math.round((start - Date.parse(lesson.join_opens_at)) / 60_000))}`;
    case 'open':
      return `${countdown} ${t.joinNow}`;
    case 'live':
      return html`<span class="lesson__live" part="live">${t.live}</span>`;
    case 'ended':
      return lesson.recording_ready ? `${t.ended} ${t.recordingReady}` : t.ended;
    case 'cancelled':
      return t.cancelled;
    case 'awaiting_payment':
      return t.awaitingPayment;
    case 'preparing':
      return html`<span class="lesson__preparing">${t.preparing}</span>`;
    case 'no_link':
      return lesson.role === 'tutor'
        ? t.noLinkTutor
        : html`${t.noLink(lesson.tutor_name)} <slot name="no-link"></slot>`;
  }
}

/** What went wrong, said so the viewer knows what to do: fix the element, ask for a link, or wait. */
export function problemText(problem: LessonProblem, t: Strings): string {
  if (problem.code === 'missing_token') return t.noToken;
  if (problem.code === 'link_expired' || problem.code === 'link_revoked') return t.linkExpired;
  if (problem.code === 'link_invalid') return t.linkInvalid;
  return problem.status === 404 ? t.notFound : t.unreachable;
}
