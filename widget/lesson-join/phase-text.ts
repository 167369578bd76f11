/** What the card says about where a lesson stands. */
import type { Lesson } from './read-lesson';
import type { Strings } from './strings';
import { startsIn } from './time';

/**
 * The lesson's state in words: a countdown, waiting for the tutor, live, ended, cancelled, or why
 * there is no link yet. Also what is announced when the state changes.
 */
export function phaseText(lesson: Lesson, now: number, t: Strings, locale: string): string {
  const start = Date.parse(lesson.starts_at);
  const countdown = t.startsIn(startsIn(start - now, locale));
  switch (lesson.phase) {
    case 'upcoming':
      return `${countdown} ${t.opensBefore(Math.round((start - Date.parse(lesson.join_opens_at)) / 60_000))}`;
    case 'open':
      // Past the start and Zoom has not said the host started: "Live now" would not be true.
      if (lesson.waiting_for_host) return lesson.role === 'tutor' ? t.waitingForYou : t.waitingForTutor;
      return start > now ? `${countdown} ${t.joinNow}` : t.joinNow;
    case 'live':
      return t.live;
    case 'ended':
      return lesson.recording_ready ? `${t.ended} ${t.recordingReady}` : t.ended;
    case 'cancelled':
      return t.cancelled;
    case 'awaiting_payment':
      return t.awaitingPayment;
    case 'preparing':
      return t.preparing;
    case 'no_link':
      return lesson.role === 'tutor' ? t.noLinkTutor : t.noLink(lesson.tutor_name);
  }
}
