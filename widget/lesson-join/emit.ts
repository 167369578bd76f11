import type { Role } from '../../shared/terms';
import type { Lesson, Person } from './read-lesson';

/**
 * A problem reading the link: the HTTP status and the API's error code. Status 0 means no request
 * was answered: the network failed (`network`), the page's Content-Security-Policy does not let it
 * reach the API (`csp_blocked`), or the element's `link` is missing or is not a lesson link
 * (`link_missing`, `link_malformed`).
 */
export interface LessonProblem {
  status: number;
  code: string;
  message: string;
  /** Seconds to wait before asking again, when the service said so (429 `Retry-After`). */
  retryAfter?: number;
}

/** Every event `<lesson-join>` sends, with its `detail`. All bubble and cross shadow roots. */
export interface LessonJoinEventMap {
  'lj-loaded': { lesson: Lesson | null; person: Person | null };
  'lj-join': { role: Role; url: string };
  'lj-copy': { url: string };
  'lj-copy-error': { url: string; error: string };
  'lj-error': LessonProblem;
}

/** Sends one of the component's events: bubbling and composed, so a page hears it through shadow roots. */
export function emit<K extends keyof LessonJoinEventMap>(
  host: HTMLElement,
  name: K,
  detail: LessonJoinEventMap[K],
): void {
  host.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
}

declare global {
  interface HTMLElementEventMap {
    'lj-loaded': CustomEvent<LessonJoinEventMap['lj-loaded']>;
    'lj-join': CustomEvent<LessonJoinEventMap['lj-join']>;
    'lj-copy': CustomEvent<LessonJoinEventMap['lj-copy']>;
    'lj-copy-error': CustomEvent<LessonJoinEventMap['lj-copy-error']>;
    'lj-error': CustomEvent<LessonJoinEventMap['lj-error']>;
  }
}
