/**
 * The headers every response of the Worker carries, set in one place after the route has answered
 * (errors and 404s included), so a new page cannot forget them. Static assets get theirs from
 * `dist/assets/_headers` (written by scripts/build-widget.ts).
 */
import type { MiddlewareHandler } from 'hono';

/** The one inline style the pages' policy allows (by its hash): `htmlPage`'s. */
export const PAGE_STYLE = 'body{font:16px/1.5 system-ui;max-width:32rem;margin:4rem auto;padding:0 1rem}';

/** A year, for this host and its subdomains; browsers ignore it on plain-http localhost. */
const HSTS = 'max-age=31536000; includeSubDomains';
/** What a JSON (or any non-HTML) answer may do if someone opens it as a document: nothing. */
const NOTHING = "default-src 'none'; frame-ancestors 'none'";

/**
 * The policy of every HTML page: scripts and stylesheets from this origin only (no inline script;
 * the one inline style is `PAGE_STYLE`, allowed by its hash), images from here or `data:`, no
 * framing, no `<base>`, forms only back to us.
 */
const pagePolicy = (styleHash: string) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'sha256-${styleHash}'`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

let pageCsp: Promise<string> | undefined;
const sha256Base64 = async (text: string) =>
  btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))));

/**
 * @example app.use(securityHeaders)
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const html = /^text\/html\b/i.test(c.res.headers.get('content-type') ?? '');
  // Only the development mailbox (never deployed) brings a policy of its own, to show mail as mail.
  const own = c.res.headers.get('Content-Security-Policy');
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Strict-Transport-Security': HSTS,
    // A lesson link's token is in the path: it must never travel on as a referrer.
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': own ?? (html ? await (pageCsp ??= sha256Base64(PAGE_STYLE).then(pagePolicy)) : NOTHING),
    ...(html && !own ? { 'X-Frame-Options': 'DENY' } : {}),
  };
  try {
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  } catch {
    // A response whose headers cannot change (one passed through from fetch): answer a copy.
    c.res = new Response(c.res.body, c.res);
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  }
};
