/**
 * Where a card stands: what it has loaded (the view or why not, and its words), what that says,
 * and when it has changed enough to be announced.
 */
import type { LessonProblem } from './emit';
import type { phaseText } from './phase-text';
import type { Lesson, Person, View } from './read-lesson';
import type { Localized, Problems, Strings } from './strings';

export type Load =
  | { state: 'loading' }
  /** `skew`: the server's clock minus ours when the view was read, so countdowns follow the server. */
  | { state: 'ready'; view: View; skew: number }
  | { state: 'failed'; problem: LessonProblem };

/**
 * `problems`: the words for what went wrong, asked for the first time something does.
 * `unavailable`: not even English could be loaded; the page's own fallback shows instead.
 */
export type Language =
  | { state: 'loading' }
  | { state: 'ready'; words: Localized; problems?: Problems | 'loading' | 'unavailable' }
  | { state: 'unavailable' };

/**
 * The lesson a view puts on its card: the lesson itself, or a person's next lesson (the first not
 * over and not cancelled); null when a person has none coming.
 */
export function cardLesson(view: View, now: number): Lesson | null {
  if (view.kind === 'lesson') return view;
  return (view as Person).lessons.find((l) => Date.parse(l.ends_at) > now && l.phase !== 'cancelled') ?? null;
}

/**
 * The words of the state, as the card shows them; null while they load. A lesson's are said by
 * `phase` (`phaseText`, which comes with the card's chunk).
 */
export function stateWords(load: Load, language: Language, phase?: typeof phaseText): string | null {
  if (language.state !== 'ready' || load.state === 'loading') return null;
  const { t, locale } = language.words;
  if (load.state === 'failed') return problemText(load.problem, t, language.problems);
  const now = Date.now() + load.skew;
  const lesson = cardLesson(load.view, now);
  return lesson ? (phase?.(lesson, now, t, locale) ?? null) : '';
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

/**
 * Where things stand, as a key that changes with the state (join opens, live, ended, a link
 * revoked, a person's next lesson), not with a countdown's tick; empty while there is nothing to
 * say yet.
 */
export function stateKey(load: Load, language: Language): string {
  if (load.state === 'ready') {
    const lesson = cardLesson(load.view, Date.now() + load.skew);
    return lesson ? lesson.id + lesson.phase + lesson.waiting_for_host : 'none';
  }
  return load.state === 'failed' && stateWords(load, language) ? load.problem.code : '';
}
