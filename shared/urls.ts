/**
 * Which links lesson-join will store, redirect to or render. Shared by the Worker (on the way in)
 * and the widget (on the way out), so a `javascript:` or `data:` link can never become a button.
 */

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A meeting link we accept: `https:`, or `http:` on localhost (the offline demo), with no credentials.
 * @example isSafeMeetingUrl('https://us06web.zoom.us/j/85746065432') // true
 * @example isSafeMeetingUrl('javascript:alert(1)') // false
 */
export function isSafeMeetingUrl(value: unknown): value is string {
  return parseMeetingUrl(value) !== null;
}

/** The link parsed, when it is one we accept (see `isSafeMeetingUrl`); providers check their own forms on it. */
export function parseMeetingUrl(value: unknown): URL | null {
  const url = parseUrl(value);
  if (!url || url.username || url.password) return null;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) ? url : null;
}

/** True when a link would hand someone the host's powers (Zoom's start links carry `zak=`). */
export function isHostLink(value: string): boolean {
  return /[?&#]zak=|\/s\/\d/i.test(value);
}

function parseUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
