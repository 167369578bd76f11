/**
 * The sandbox as a `fetch` with no socket: it honours the caller's abort signal (a timeout fires
 * as it would on a slow Zoom), follows redirects as fetch does (dropping `Authorization` when the
 * origin changes), and rejects like a broken connection when a fault drops the answer.
 */
import { DROP_HEADER } from './faults';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function inProcessFetch(handle: (request: Request) => Response | Promise<Response>) {
  function once(request: Request): Promise<Response> {
    const answer = Promise.resolve(handle(request)).then((res) => {
      if (res.headers.has(DROP_HEADER)) throw new TypeError('Network connection lost.');
      return res;
    });
    const signal = request.signal;
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      answer.then(resolve, reject);
    });
  }

  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let request = new Request(input, init);
    for (let hops = 0; ; hops++) {
      const res = await once(request);
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location || request.redirect === 'manual') return res;
      if (request.redirect === 'error' || hops === 20) throw new TypeError(`Redirect refused: ${location}`);
      const keepsBody = (res.status === 307 || res.status === 308) && request.method !== 'GET';
      // A 307/308 would resend the body, which is already spent here; the sandbox never asks for one.
      if (keepsBody) return res;
      const next = new URL(location, request.url);
      const headers = new Headers(request.headers);
      if (next.origin !== new URL(request.url).origin) headers.delete('authorization');
      headers.delete('content-type');
      request = new Request(next, { method: 'GET', headers, signal: request.signal, redirect: request.redirect });
    }
  };
}
