import { ProviderError } from '../types';

export interface ZoomClientConfig {
  /** `https://api.zoom.us/v2` in production; the sandbox's `/v2` locally. */
  apiBase: string;
  /** An access token; given the one Zoom just rejected, a different one. */
  token: (rejected?: string) => Promise<string>;
  fetch?: typeof fetch;
  /** Per request; a timed-out create is looked up before it is sent again. */
  timeoutMs?: number;
}

/** Zoom's error body: `{ code, message }`, with `errors` on validation failures. */
interface ZoomErrorBody {
  code?: number;
  message?: string;
}

export interface ZoomClient {
  request<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T | null }>;
}

export const DEFAULT_TIMEOUT_MS = 8_000;

/**
 * A small Zoom REST client: a bearer token from the given source, one new token and one retry when
 * Zoom answers 401 with code 124, and every failure turned into a `ProviderError` an operator can act on.
 */
export function createZoomClient(config: ZoomClientConfig): ZoomClient {
  const doFetch = config.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const apiBase = config.apiBase.replace(/\/+$/, '');
  const accessToken = config.token;

  async function send(method: string, path: string, token: string, body: unknown): Promise<Response> {
    try {
      return await doFetch(`${apiBase}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const timedOut = (e as Error).name === 'TimeoutError' || (e as Error).name === 'AbortError';
      throw new ProviderError(
        `Zoom ${timedOut ? `did not answer within ${timeoutMs} ms` : `could not be reached: ${(e as Error).message}`} (${method} ${path.split('/')[1]}).`,
        { outcomeUnknown: true },
      );
    }
  }

  return {
    async request<T>(method: string, path: string, body?: unknown) {
      let token = await unsentWithout(accessToken);
      let res = await send(method, path, token, body);
      if (res.status === 401) {
        const err = (await res
          .clone()
          .json()
          .catch(() => ({}))) as ZoomErrorBody;
        if (err.code === 124) {
          token = await accessToken(token);
          res = await send(method, path, token, body);
        }
      }
      if (res.ok) {
        const text = await res.text();
        return { status: res.status, data: text ? (JSON.parse(text) as T) : null };
      }
      throw await zoomError(method, path, res);
    },
  };
}

/** A token, or the reason there is none, marked as a request that never left (it cost no call). */
async function unsentWithout(accessToken: () => Promise<string>): Promise<string> {
  try {
    return await accessToken();
  } catch (e) {
    if (!(e instanceof ProviderError) || e.constructor !== ProviderError) throw e;
    throw new ProviderError(e.message, { retryable: e.retryable, retryAfterMs: e.retryAfterMs, unsent: true });
  }
}

async function zoomError(method: string, path: string, res: Response): Promise<ProviderError> {
  const body = (await res.json().catch(() => ({}))) as ZoomErrorBody;
  // Paths name the tutor's Zoom user (often an email): keep it out of stored errors and logs.
  const where = path.replace(/\/users\/[^/?]+/, '/users/{user}').replace(/\?.*$/, '');
  // Zoom's messages name users by email ("User does not exist: a@b.com."); errors are logged.
  const message = (body.message ?? res.statusText).replace(/[^\s@:]+@[^\s@]+?(?=\.?(\s|$))/g, '{email}');
  const said = `Zoom answered ${method} ${where} with ${res.status}${body.code ? ` (code ${body.code})` : ''}: ${message}`;
  if (res.status === 404 && body.code === 3001) return new ProviderError(said, { gone: true, retryable: false });
  if (res.status === 429)
    return new ProviderError(said, {
      retryAfterMs: retryAfterMs(res.headers.get('retry-after')) ?? untilUtcMidnight(body.message),
      hostSpent: /daily/i.test(body.message ?? ''),
    });
  if (res.status >= 500) return new ProviderError(said, { outcomeUnknown: true });
  // Refused twice, once with a fresh token: a passing problem at Zoom's end as often as not, so it is
  // tried again soon (with another token) rather than parked.
  if (res.status === 401 && body.code === 124)
    return new ProviderError(`${said}. A new token is asked for on the next attempt.`, { retryable: true });
  if (res.status === 401)
    return new ProviderError(`${said}. Check the Zoom app's credentials and that it is activated.`, {
      retryable: false,
    });
  if (body.code === 1001) return new ProviderError(`${said}. Check the tutor's zoom_user_id.`, { retryable: false });
  if (body.code === 4711 || body.code === 4700)
    return new ProviderError(`${said}. Add the missing scopes to the Zoom app.`, { retryable: false });
  // 3002: cannot delete a meeting in progress; try again after it ends.
  return new ProviderError(said, { retryable: body.code === 3002 });
}

/**
 * Zoom sends `Retry-After` as seconds on some limits and as an ISO date on the daily ones.
 * @example retryAfterMs('30') // 30000
 * @example retryAfterMs('2026-03-11T00:00:00Z') // ms until then
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Zoom's per-user daily cap says "resume … at GMT 00:00:00" and sends no Retry-After. */
function untilUtcMidnight(message: string | undefined, now = Date.now()): number | undefined {
  if (!message || !/daily/i.test(message)) return undefined;
  const midnight = new Date(now);
  midnight.setUTCHours(24, 0, 0, 0);
  return midnight.getTime() - now;
}
