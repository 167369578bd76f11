/**
 * Where a card stands: what it has loaded (the lesson or why not, and its words), what that says,
 * and when it has changed enough to be announced.
 */
import type { LessonProblem } from './emit';
import { phaseText, problemText } from './phase-text';
import type { Lesson } from './read-lesson';
import type { Localized, Problems } from './strings';

export type Load =
  | { state: 'loading' }
  /** `skew`: the server's clock minus ours when the lesson was read, so countdowns follow the server. */
  | { state: 'ready'; lesson: Lesson; skew: number }
  | { state: 'failed'; problem: LessonProblem };

/**
 * `problems`: the words for what went wrong, asked for the first time something does.
 * `unavailable`: not even English could be loaded; the page's own fallback shows instead.
 */
export type Language =
  | { state: 'loading' }
  | { state: 'ready'; words: Localized; problems?: Problems | 'loading' | 'unavailable' }
  | { state: 'unavailable' };

/** A problem worth retrying by itself: the network, the server or its rate limit (429), not the link. */
export const passing = (p: LessonProblem) =>
  p.code === 'network' || p.code === 'invalid_response' || p.status === 429 || p.status >= 500;

/** The words of the state, as the card shows them; null while they load. */
export function stateWords(load: Load, language: Language): string | null {
  if (language.state !== 'ready' || load.state === 'loading') return null;
  const { t, locale } = language.words;
  if (load.state === 'failed') return problemText(load.problem, t, language.problems);
  return phaseText(load.lesson, Date.now() + load.skew, t, locale);
}

/**
 * Where things stand, as a key that changes with the state (join opens, live, ended, a link
 * revoked), not with a countdown's tick; empty while there is nothing to say yet.
 */
export function stateKey(load: Load, language: Language): string {
  if (load.state === 'ready') return load.lesson.phase + load.lesson.waiting_for_host;
  return load.state === 'failed' && stateWords(load, language) ? load.problem.code : '';
}
