/**
 * One read for the whole page. Every `<lesson-join>` on a page watches its link here; the links
 * due in the same task go to their API together, one `POST /api/lessons` per API (50 links at
 * most each), however many elements there are. The store keeps each link's last answer and reads
 * it again only when it can have changed: when the view says it will (`refresh_at`), after a
 * failure that passes (the network, the server, a 429), and when the page comes back into view
 * with an answer older than a minute, a moment later at random, so that the many pages a school
 * morning wakes at once do not all ask in the same second. Reads that fall due together are sent
 * together.
 */
import { MAX_LINKS_PER_READ } from '../../shared/terms';
import type { LessonProblem } from './emit';
import { toView, type View } from './read-lesson';

/**
 * What a watcher is told: the view and `skew` (the server's clock minus ours when it was read, so
 * countdowns follow the server), or why it cannot be read and whether that may pass by itself
 * (`passing`: the store tries again; a card keeps the lesson it has).
 */
export type Answer = { view: View; skew: number } | { problem: LessonProblem; passing?: boolean };
type Watcher = (answer: Answer) => void;

interface Entry {
  api: string;
  path: string;
  watchers: Set<Watcher>;
  answer?: Answer;
  /** When the answer was read, when the view said it may change by itself, and when to read it next (our clock). */
  readAt: number;
  changesAt: number;
  dueAt: number;
  reading?: boolean;
}

/** An answer younger than this is fresh: a page shown again within it asks nothing. */
export const FRESH_MS = 60_000;
const RETRY_MS = 30_000;
/** How long a page shown again waits, at most, before asking for its stale links. */
export const WAKE_SPREAD_MS = 2_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

const entries = new Map<string, Entry>();
/** The origins whose requests the page's Content-Security-Policy refused (`connect-src`). */
const blocked = new Set<string>();
let queued = false;
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * Tells `watcher` what `path` (a checked link: `id` or `id/bookingId`) shows on the API at `api`,
 * now and each time it is read again, until the returned function is called.
 * @example const unwatch = watch('https://lessons.example', 'Xk3pQ9v2LmN8rT5wYb7cAd', (a) => …)
 */
export function watch(api: string, path: string, watcher: Watcher): () => void {
  if (!entries.size) listen();
  const key = `${api} ${path}`;
  const e = entries.get(key) ?? { api, path, watchers: new Set(), readAt: 0, changesAt: 0, dueAt: 0 };
  entries.set(key, e);
  e.watchers.add(watcher);
  const { answer } = e;
  // Another element already holds this link's answer: share it, asking nothing.
  if (answer && !stale(e)) queueMicrotask(() => e.watchers.has(watcher) && watcher(answer));
  else e.dueAt = 0;
  queue();
  return () => e.watchers.delete(watcher);
}

const stale = (e: Entry, now = Date.now()) => now - e.readAt > FRESH_MS || now >= e.changesAt;

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

function listen(): void {
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) return;
    // Stale now, read a moment later: unless something read them meanwhile.
    const since = [...entries.values()].filter((e) => stale(e)).map((e) => [e, e.readAt] as const);
    setTimeout(() => {
      for (const [e, readAt] of since) if (e.readAt === readAt) e.dueAt = 0;
      flush();
    }, Math.random() * WAKE_SPREAD_MS);
  });
  document.addEventListener('securitypolicyviolation', (event) => {
    if (event.effectiveDirective !== 'connect-src') return;
    const origin = originOf(event.blockedURI);
    blocked.add(origin);
    // The request may have failed before the page said why: say it now.
    for (const e of entries.values())
      if (originOf(e.api) === origin && e.answer && 'problem' in e.answer && e.answer.problem.code === 'network')
        settle(e, cspProblem(origin));
  });
}

/** A problem worth retrying by itself: the network, the server or its rate limit (429), not the link. */
const passing = (p: LessonProblem) =>
  p.code === 'network' || p.code === 'invalid_response' || p.status === 429 || p.status >= 500;

const problem = (status: number, code: string, message: string) => {
  const p: LessonProblem = { status, code, message };
  return { problem: p, passing: passing(p) };
};
const cspProblem = (origin: string) => problem(0, 'csp_blocked', `connect-src of this page does not allow ${origin}`);

/** Reads what is due at the end of this task, so that the rest of the task's elements come along. */
function queue(): void {
  if (!queued) queueMicrotask(flush);
  queued = true;
}

/** Reads every watched link that is due, one request per API, and waits for the next one due. */
function flush(): void {
  queued = false;
  clearTimeout(timer);
  const now = Date.now();
  const byApi = new Map<string, Entry[]>();
  let next = Number.POSITIVE_INFINITY;
  for (const e of entries.values()) {
    if (!e.watchers.size || e.reading) continue;
    if (e.dueAt > now) next = Math.min(next, e.dueAt);
    else byApi.set(e.api, [...(byApi.get(e.api) ?? []), e]);
  }
  for (const [api, due] of byApi)
    for (let i = 0; i < due.length; i += MAX_LINKS_PER_READ) void post(api, due.slice(i, i + MAX_LINKS_PER_READ));
  if (next < Number.POSITIVE_INFINITY) timer = setTimeout(flush, Math.min(next - now, MAX_TIMER_MS));
}

/** Asks `api` for these links in one request, without credentials, and tells each its answer. */
async function post(api: string, batch: Entry[]): Promise<void> {
  for (const e of batch) e.reading = true;
  let answers: Answer[];
  try {
    // As text/plain, the one body type a page may send to another origin without a preflight.
    const res = await fetch(`${api}/api/lessons`, {
      method: 'POST',
      body: JSON.stringify({ links: batch.map((e) => e.path) }),
      credentials: 'omit',
      cache: 'no-store',
    });
    const body = await res.json().catch(() => null);
    const refused = problem(
      res.status,
      String(body?.error?.code ?? (res.ok ? 'invalid_response' : 'http_error')),
      String(body?.error?.message ?? res.statusText),
    );
    // Seconds only; a date, or nothing, leaves the store's own pace.
    const retryAfter = Number(res.headers.get('retry-after'));
    if (retryAfter > 0) refused.problem.retryAfter = retryAfter;
    answers = batch.map((_, i) => {
      const r = res.ok && body?.views?.[i];
      const view = r?.status === 200 && toView(r.view);
      if (view) return { view, skew: Date.parse(view.server_time) - Date.now() };
      return r?.error ? problem(Number(r.status), String(r.error.code), String(r.error.message)) : refused;
    });
  } catch (e) {
    const origin = originOf(api);
    answers = batch.map(() => (blocked.has(origin) ? cspProblem(origin) : problem(0, 'network', String(e))));
  }
  for (const [i, e] of batch.entries()) settle(e, answers[i]!);
  queue();
}

/** Keeps `answer` (a passing failure keeps the last view), plans the next read and tells the watchers. */
function settle(e: Entry, answer: Answer): void {
  const now = Date.now();
  const failed = 'problem' in answer && answer.problem;
  e.reading = false;
  if (failed && answer.passing) {
    if (!e.answer || 'problem' in e.answer) e.answer = answer;
    e.dueAt = now + (failed.retryAfter ? failed.retryAfter * 1000 : RETRY_MS);
  } else {
    e.answer = answer;
    e.readAt = now;
    // A link that does not work stays so; a page shown again after a minute asks once more.
    const view = 'view' in answer ? answer.view : null;
    e.changesAt = view?.refresh_at
      ? now + Date.parse(view.refresh_at) - Date.parse(view.server_time)
      : Number.POSITIVE_INFINITY;
    // A second or so after the change, so that the server sees it changed.
    e.dueAt = Math.max(e.changesAt + 250, now + 1_000);
  }
  e.dueAt += Math.random() * 1_000;
  for (const watcher of e.watchers) watcher(answer);
}
