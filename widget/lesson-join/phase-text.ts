/** What the component says about where a lesson stands, or about why it could not be read. */
import type { LessonProblem } from './emit';
import type { Lesson } from './read-lesson';
import type { Problems, Strings } from './strings';
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

/**
 * What went wrong, in words that say what is true and what to do: fix the element, ask for a
 * link, or wait while the card tries again. Each error code the API sends has its own words.
 * Null while the words for it load; a network failure needs none (none could load then), and
 * neither do words that would not load.
 */
export function problemText(
  problem: LessonProblem,
  t: Strings,
  problems: Problems | 'loading' | 'unavailable' | undefined,
): string | null {
  if (problem.code === 'network' || problems === 'unavailable') return t.unreachable;
  if (typeof problems !== 'object') return null;
  const words: Record<string, string> = problems;
  if (Object.hasOwn(words, problem.code)) return words[problem.code]!;
  return problem.status >= 500 || problem.code === 'invalid_response' ? problems.server : problems.other;
}
