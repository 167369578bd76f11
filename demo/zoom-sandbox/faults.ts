/**
 * Scripted failures of Zoom's API and of recording downloads: an error answer, a slow answer, an
 * answer lost after Zoom applied the request, a broken connection, a request held until the test
 * releases it, each for a number of calls or for a span of sandbox time.
 */
import type { Context, Next } from 'hono';
import { randomString, zoomError } from './zoom-ids';

/** A scripted failure for the next matching calls. */
export interface Fault {
  method?: string;
  /** Matches when the request path contains this text, e.g. `/meetings` or `/rec/download`. */
  path?: string;
  status?: number;
  body?: unknown;
  /** Sent as Retry-After: seconds (number) or an HTTP date / ISO string. */
  retryAfter?: number | string;
  /** Wait this long (real time) before answering: a slow Zoom, or longer than the client's timeout. */
  delayMs?: number;
  /** Apply the request and still answer with the fault (the response was lost). */
  afterEffect?: boolean;
  /** How many matching calls it affects; default 1, or every call in the window when `until` is set. */
  times?: number;
  /**
   * Affects only this share of the matching calls (0 to 1), picked at random; the others are
   * answered normally (or by a later fault). With `until`, a window of flaky Zoom.
   * @example { share: 0.1, status: 500, until: '2030-05-01T17:00:00Z' }
   */
  share?: number;
  /** Active from this sandbox-clock instant (ms since the epoch, or an ISO date). */
  from?: number | string;
  /** Active until this sandbox-clock instant (exclusive). */
  until?: number | string;
  /**
   * Hold the request, neither applied nor answered, until `release()`: Zoom then applies it
   * (and answers, or fails as the other fields say) whether or not the caller is still waiting.
   * @example { method: 'POST', path: '/meetings', hold: true } // a create that lands after the caller gave up
   */
  hold?: boolean;
  /** The connection breaks instead of an answer (the caller's fetch rejects); with `afterEffect`, once applied. */
  drop?: boolean;
}

/** A request a `hold` fault is keeping. */
export interface HeldCall {
  id: string;
  method: string;
  path: string;
  /** Sandbox time it arrived. */
  at: string;
  /** The caller stopped waiting (its signal aborted): whatever Zoom does now, nobody hears the answer. */
  abandoned: boolean;
}

/** Marks a response the connection should break on (read by the in-process fetch and by the Node server). */
export const DROP_HEADER = 'x-sandbox-drop-connection';

const instant = (t: number | string | undefined, fallback: number) =>
  t === undefined ? fallback : typeof t === 'number' ? t : Date.parse(t);

export function faultSwitches(now: () => number) {
  const faults: Fault[] = [];
  const held = new Map<string, HeldCall & { request: Request; release: () => void; done: Promise<void> }>();

  /** Takes the first fault active now for this request, counting it down. */
  function take(method: string, path: string): Fault | null {
    const at = now();
    for (let i = 0; i < faults.length; i++) {
      const f = faults[i]!;
      if (at >= instant(f.until, Number.POSITIVE_INFINITY)) {
        faults.splice(i--, 1);
        continue;
      }
      if (at < instant(f.from, Number.NEGATIVE_INFINITY)) continue;
      if ((f.method && f.method !== method) || (f.path && !path.includes(f.path))) continue;
      if (f.share !== undefined && Math.random() >= f.share) continue;
      const left = f.times ?? (f.until === undefined ? 1 : Number.POSITIVE_INFINITY);
      if (left <= 1) faults.splice(i, 1);
      else f.times = left - 1;
      return f;
    }
    return null;
  }

  function answer(fault: Fault): Response {
    const status = fault.status ?? 504;
    const headers = new Headers({ 'content-type': 'application/json;charset=UTF-8' });
    if (fault.drop) headers.set(DROP_HEADER, '1');
    if (fault.retryAfter !== undefined) headers.set('Retry-After', String(fault.retryAfter));
    if (status === 429) headers.set('X-RateLimit-Type', fault.retryAfter === undefined ? 'QPS' : 'Daily-limit');
    const body =
      fault.body ??
      (status === 429
        ? zoomError(429, 'You have reached the maximum per-second rate limit for this API. Try again later.')
        : status >= 500
          ? zoomError(status, 'Internal server error.')
          : zoomError(status, 'Simulated failure.'));
    return new Response(JSON.stringify(body), { status, headers });
  }

  async function hold(c: Context, path: string) {
    const id = randomString(12);
    let release = () => {};
    const released = new Promise<void>((r) => (release = r));
    let finish = () => {};
    const done = new Promise<void>((r) => (finish = r));
    const at = new Date(now()).toISOString();
    held.set(id, { id, method: c.req.method, path, at, abandoned: false, request: c.req.raw, release, done });
    await released;
    return () => {
      held.delete(id);
      finish();
    };
  }

  /**
   * Middleware: applies the fault matching this request, if any, around the real handler; `settle`
   * runs once the answer is final (before a held request counts as released).
   */
  async function apply(c: Context, next: Next, settle: () => void) {
    const path = new URL(c.req.url).pathname;
    const fault = take(c.req.method, path);
    const finish = fault?.hold ? await hold(c, path) : null;
    try {
      if (!fault) return await next();
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      const fails = fault.status !== undefined || fault.drop;
      if (fails && !fault.afterEffect) {
        c.res = answer(fault);
        return;
      }
      await next();
      if (fails) c.res = answer(fault);
    } finally {
      settle();
      finish?.();
    }
  }

  return {
    faults,
    apply,
    /** Requests held by a `hold` fault, oldest first. */
    held: (): HeldCall[] =>
      [...held.values()].map(({ id, method, path, at, request }) => ({
        id,
        method,
        path,
        at,
        abandoned: request.signal.aborted,
      })),
    /** Lets held requests (one by id, or all) go on; resolves once Zoom has applied and answered them. */
    async release(id?: string): Promise<number> {
      const chosen = [...held.values()].filter((h) => id === undefined || h.id === id);
      for (const h of chosen) h.release();
      await Promise.all(chosen.map((h) => h.done));
      return chosen.length;
    },
  };
}

export type FaultSwitches = ReturnType<typeof faultSwitches>;
