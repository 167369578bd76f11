/**
 * Drives <lesson-join> in the browser with the Worker's recorded answers (served by
 * fixture-api.mjs), and reads it the way a person does: visible text, links, buttons. It defines
 * no element: a test imports the source's `define` or loads the built bundle first.
 */
import type { LessonJoin } from '../../widget/lesson-join/lesson-join';
import { waitFor } from '../suites/wait-for';

export type Role = 'tutor' | 'student' | 'parent';
export type View = Record<string, unknown> & { url: string | null; role: Role };
type Recorded = Record<string, Record<Role, View>> & {
  errors: Record<'invalid' | 'expired', { status: number; body: unknown }>;
};

export const API = `${location.origin}/fixture-api`;
export const recorded: Recorded = await (await fetch('/test/fixtures/lesson-views.json')).json();

/** A copy of a recorded view, changed as a test needs. */
export const variant = (scenario: string, role: Role, change: Partial<View> = {}): View => ({
  ...structuredClone(recorded[scenario]![role]),
  ...change,
});

/** Serves these answers, one per read (the last one repeating), under a new token. */
export async function serve(...answers: (View | { status: number; body: unknown })[]): Promise<string> {
  const res = await fetch('/fixture-api/__lessons', { method: 'POST', body: JSON.stringify({ views: answers }) });
  return (await res.json()).token;
}

export async function readsOf(token: string): Promise<number> {
  return (await (await fetch(`/fixture-api/__reads/${encodeURIComponent(token)}`)).json()).reads;
}

/**
 * Puts `<lesson-join>` in the page inside an element with `lang`, and waits until it has read the
 * lesson (or failed to).
 */
export async function mount(
  token: string,
  options: { lang?: string; api?: string; html?: string } = {},
): Promise<LessonJoin> {
  const host = document.createElement('div');
  host.lang = options.lang ?? 'en';
  const el = document.createElement('lesson-join');
  el.api = options.api ?? API;
  if (token) el.token = token;
  if (options.html) el.insertAdjacentHTML('beforeend', options.html);
  let settled = false;
  const done = () => (settled = true);
  el.addEventListener('lj-loaded', done, { once: true });
  el.addEventListener('lj-error', done, { once: true });
  host.append(el);
  document.body.append(host);
  await waitFor(() => settled, { what: `lj-loaded or lj-error from <lesson-join token="${token}">` });
  await settle(el);
  return el;
}

/** Waits for rendering to finish, including a language loaded on its own. */
export async function settle(el: LessonJoin): Promise<void> {
  await waitFor(() => el.shadowRoot!.querySelector('[lang]'), {
    what: '<lesson-join> to render in its language (an element with lang in its shadow root)',
  });
  await el.updateComplete;
}

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

export function cleanup(): void {
  document.body.replaceChildren();
}
