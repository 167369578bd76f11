/**
 * Rate limits on the routes anyone may call without a key: lesson reads (`/api/lessons/…`), the links
 * people open (`/l/…`, calendar files included), recordings (`/recordings/…`), tutors' public
 * pages (`/t/…`) and the development mailbox (`/__dev/mailbox…`).
 * Two of Cloudflare's rate limiting bindings (`[[ratelimits]]` in wrangler.toml) count them: one per
 * client and one for everyone at once. docs/security.md gives the numbers and why.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { errorEnvelope, htmlPage } from './http';

export interface RateLimitEnv {
  /** Requests of one client (its `CF-Connecting-IP`; an IPv6 address by its /64) per window. */
  PUBLIC_CLIENT_LIMIT?: RateLimit;
  /** Requests of all clients together per window, in each Cloudflare location. */
  PUBLIC_GLOBAL_LIMIT?: RateLimit;
}

/** The window both bindings count in (`period` in wrangler.toml); a refused client may try again after it. */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/** Which count a path goes to; paths not listed are not limited here. */
const SCOPES = [
  { scope: 'lesson', path: /^\/(api\/lessons|l|recordings)(\/|$)/ },
  { scope: 'tutor-page', path: /^\/t\// },
  { scope: 'mailbox', path: /^\/__dev\/mailbox/ },
] as const;

type Scope = (typeof SCOPES)[number]['scope'];
type Limited = { Bindings: RateLimitEnv };

/**
 * Refuses a public request with `429`, `Retry-After` and the JSON error envelope (a page for a
 * browser opening a link) once its client, or everyone together, is over the limit. A client's
 * refused requests do not count against everyone's, so one flood cannot lock others out. Requests
 * that did not come through Cloudflare's edge (no `CF-Connecting-IP`: tests, a service binding)
 * count only against everyone's.
 * @example app.use(publicRateLimits)
 */
export const publicRateLimits: MiddlewareHandler<Limited> = async (c, next) => {
  const scope = SCOPES.find((s) => s.path.test(c.req.path))?.scope;
  if (!scope) return next();
  return (await spend(c, scope, 1)) ?? next();
};

/**
 * Counts `count` more lesson reads for a request that reads several links at once (its first was
 * counted as it came in): a page saves round trips by asking for many links together, not reads.
 * @returns the 429 to answer when that goes over the limit, else null.
 * @example const refused = await moreLessonReads(c, links.length - 1); if (refused) return refused;
 */
export const moreLessonReads = <E extends Limited>(c: Context<E>, count: number) => spend(c, 'lesson', count);

async function spend<E extends Limited>(c: Context<E>, scope: Scope, count: number): Promise<Response | null> {
  if (count < 1) return null;
  const client = clientKey(c.req.header('cf-connecting-ip'));
  // The bindings count one per call.
  const allowed = async (limiter: RateLimit | undefined, key: string) =>
    !limiter ||
    (await Promise.all(Array.from({ length: count }, () => limiter.limit({ key })))).every((r) => r.success);
  let message: string | null = null;
  if (client && !(await allowed(c.env.PUBLIC_CLIENT_LIMIT, `${scope}:${client}`)))
    message = 'Too many requests came from your network in the last minute. Wait a minute, then try again.';
  else if (!(await allowed(c.env.PUBLIC_GLOBAL_LIMIT, scope)))
    message = 'The lesson service is getting too many requests just now. Wait a minute, then try again.';
  if (!message) return null;

  c.header('Retry-After', String(RATE_LIMIT_PERIOD_SECONDS));
  c.header('Cache-Control', 'no-store');
  if (/^\/[lt]\//.test(c.req.path) && c.req.header('accept')?.includes('text/html'))
    return c.html(htmlPage('Too many requests', message), 429);
  // Lesson reads are made from any site: let the page's script see the refusal and when to come back.
  if (scope === 'lesson') {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Access-Control-Expose-Headers', 'Retry-After');
  }
  return c.json(errorEnvelope('rate_limited', message), 429);
}

/**
 * The client a request is counted for: its IPv4 address, or the /64 of its IPv6 address (one home
 * or one device's network; a single host can hold a whole /64). Null when the header is missing.
 */
export function clientKey(ip: string | undefined): string | null {
  if (!ip) return null;
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const groups = head ? head.split(':') : [];
  if (tail !== undefined) {
    const rest = tail ? tail.split(':') : [];
    groups.push(...Array<string>(Math.max(8 - groups.length - rest.length, 0)).fill('0'), ...rest);
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
