/**
 * Drives <lesson-join> in the browser with the Worker's recorded answers (served by
 * fixture-api.mjs), and reads it the way a person does: visible text, links, buttons. It defines
 * no element: a test imports the source's `define` or loads the built bundle first.
 */
import type { LessonProblem } from '../../widget/lesson-join/emit';
import type { LessonJoin } from '../../widget/lesson-join/lesson-join';
import { sendMouse } from '@web/test-runner-commands';
import { waitFor } from '../suites/wait-for';

export type Role = 'tutor' | 'student' | 'parent';
export type View = Record<string, unknown> & { url: string | null; role: Role };
type Recorded = Record<string, Record<Role, View>> & {
  errors: Record<'invalid' | 'expired', { status: number; body: unknown }>;
};

export const API = `${location.origin}/fixture-api`;
export const recorded: Recorded = await (await fetch('/test/fixtures/lesson-views.json')).json();

/**
 * The link id (the Worker's shape: 22 base64url characters) under which the fixture API answers
 * the recorded view of `scenario` for `role`.
 * @example mount(linkOf('open', 'student'))
 */
export const linkOf = (scenario: string, role: Role) => `${scenario}-${role}`.padEnd(22, '_');

/** A copy of a recorded view, changed as a test needs. */
export const variant = (scenario: string, role: Role, change: Partial<View> = {}): View => ({
  ...structuredClone(recorded[scenario]![role]),
  ...change,
});

/** An answer the fixture API can give: a lesson view, a person's view, or an error with its status. */
export type Answer =
  | View
  | { kind: 'person'; role: Role; name: string; lessons: View[]; server_time: string; refresh_at: string | null }
  | { status: number; body: unknown; headers?: Record<string, string> };

/** Serves these answers, one per read (the last one repeating), under a new link id. */
export async function serve(...answers: Answer[]): Promise<string> {
  const res = await fetch('/fixture-api/__lessons', { method: 'POST', body: JSON.stringify({ views: answers }) });
  return (await res.json()).link;
}

/** How often the fixture API was asked for `link` (an id, or `id/bookingId`). */
export async function readsOf(link: string): Promise<number> {
  return (await (await fetch(`/fixture-api/__reads/${encodeURIComponent(link)}`)).json()).reads;
}

/**
 * Puts `<lesson-join>` in the page inside an element with `lang`, and waits until it has read the
 * lesson (or failed to).
 */
export async function mount(
  link: string,
  options: { lang?: string; api?: string; html?: string; attributes?: Record<string, string> } = {},
): Promise<LessonJoin> {
  const host = document.createElement('div');
  host.lang = options.lang ?? 'en';
  const el = document.createElement('lesson-join');
  el.api = options.api ?? API;
  if (link) el.link = link;
  if (options.html) el.insertAdjacentHTML('beforeend', options.html);
  for (const [name, value] of Object.entries(options.attributes ?? {})) el.setAttribute(name, value);
  let settled = false;
  const done = () => (settled = true);
  el.addEventListener('lj-loaded', done, { once: true });
  el.addEventListener('lj-error', done, { once: true });
  host.append(el);
  document.body.append(host);
  await waitFor(() => settled, { what: `lj-loaded or lj-error from <lesson-join link="${link}">` });
  await settle(el);
  return el;
}

/**
 * Waits for rendering to finish, including words loaded on their own: the page's language, and
 * the words for what went wrong (the card is `aria-busy` until it has them).
 */
export async function settle(el: LessonJoin): Promise<void> {
  await waitFor(() => el.shadowRoot!.querySelector('[lang][aria-busy="false"]'), {
    what: '<lesson-join> to render in its language with nothing left to load (aria-busy="false")',
  });
  await el.updateComplete;
}

/** The detail of the next `lj-error` in the page: ask before mounting, await after. */
export const nextError = () =>
  new Promise<LessonProblem>((resolve) =>
    document.addEventListener('lj-error', (e) => resolve((e as CustomEvent<LessonProblem>).detail), { once: true }),
  );

export const card = (el: LessonJoin) => el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
/** The text a person sees, whitespace collapsed. */
export const seen = (el: LessonJoin) => card(el).innerText.replace(/\s+/g, ' ').trim();
export const part = <T extends Element = HTMLElement>(el: LessonJoin, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
export const button = (el: LessonJoin, label: string | RegExp) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) =>
    typeof label === 'string' ? b.innerText.trim() === label : label.test(b.innerText),
  ) ?? null;
export const links = (el: LessonJoin) => [...el.shadowRoot!.querySelectorAll('a')];

/**
 * The page is shown again `afterMs` after its elements read their links (ten minutes unless said):
 * the browser's clock reads that much later while the page's store looks at what is stale, as it
 * would after a laptop was closed that long. 0: shown again at once, within the freshness window.
 */
export function showPageAgain(afterMs = 10 * 60_000): void {
  const now = Date.now;
  Date.now = () => now() + afterMs;
  try {
    document.dispatchEvent(new Event('visibilitychange'));
  } finally {
    Date.now = now;
  }
}

/**
 * Gives the page the focus a person's click gives it: the clipboard refuses a page without it, and
 * after the keyboard tests (lesson-join.look.test.ts) the next file's page starts without it.
 */
export async function focusPage(): Promise<void> {
  await sendMouse({ type: 'click', position: [1, 1] });
}

export function cleanup(): void {
  document.body.replaceChildren();
}
