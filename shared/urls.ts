/**
 * Which links lesson-join will store, redirect to or render: the one place that decides. Shared by
 * the API (on the way in), the link providers (their own forms are checked on what this accepts),
 * the lesson views and redirects (stored links are checked again on the way out) and the widget.
 *
 * Every check runs on the string as given, not only on what `new URL()` makes of it: the parser
 * silently drops tabs and line breaks, maps fullwidth letters to ASCII and decodes `%6F` in hosts,
 * so a link can read one way and lead another. What is stored and redirected to is always the
 * normalized `href` of a link that passed.
 */

import { INVISIBLE, isHostLink, LOCAL_HOSTS, MAX_LENGTH, parse } from './web-link';

export { isHostLink, isWebLink } from './web-link';

/** Scripts a host may be written in: one script, or the mixes Japanese, Chinese and Korean are written in (Unicode TR 39, "highly restrictive"). */
const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Thai',
  'Devanagari',
  'Bengali',
  'Tamil',
  'Latin Han Hiragana Katakana',
  'Latin Han Bopomofo',
  'Latin Han Hangul',
].map((names) => new RegExp(`^[${names.replace(/\w+/g, '\\p{scx=$&}').replace(/ /g, '')}]+$`, 'u'));
const ZOOM_JOIN = /^\/j\/\d{1,20}$/;

/**
 * Hosts whose links have one form we accept wherever they are given (a manual or backup link too):
 * on Zoom's hosts anything but a join link may be a host's start link.
 */
const HOST_FORMS = [
  {
    host: /(^|\.)zoom(gov)?\.(us|com)$/,
    accepts: (url: URL) => isZoomJoinLink(url),
    problem: 'must be a Zoom join link like https://us06web.zoom.us/j/85746065432?pwd=…',
  },
  {
    host: /^meet\.google\.com$/,
    accepts: (url: URL) => isGoogleMeetLink(url),
    problem: 'must be a Google Meet link like https://meet.google.com/abc-defg-hij, with nothing after the code',
  },
];

export type LinkCheck = { ok: true; url: URL } | { ok: false; problem: string };

/** What is wrong with a link, said to whoever sent it. */
const PROBLEMS = {
  length: `must be a link of at most ${MAX_LENGTH} characters`,
  invisible: 'must not contain spaces, tabs, line breaks or invisible characters (copy the link again)',
  scheme: 'must be an https:// link (http:// only on localhost)',
  credentials: 'must not contain a user name or password',
  host: 'must have a host name written plainly in one alphabet (no look-alike letters from another script, no fullwidth or encoded characters)',
  hostLink: "is a host's start link, which would hand the lesson to whoever opens it: give the join link",
};

/**
 * A link that is safe to redirect to or render: `https:` (or `http:` on localhost, for the offline
 * demo), no credentials, nothing invisible, a host in one script written as it is read.
 * It may still be a host's start link: see `checkMeetingUrl` for links people are given.
 * @example checkSafeUrl('https://us06web.zoom.us/j/85746065432') // { ok: true, url }
 * @example checkSafeUrl('https://zооm.us/j/1') // { ok: false, problem: 'must have a host …' } (Cyrillic о)
 */
export function checkSafeUrl(value: unknown): LinkCheck {
  const url = safeUrl(value);
  return typeof url === 'string' ? { ok: false, problem: PROBLEMS[url] } : { ok: true, url };
}

/** The checks of `checkSafeUrl`, saying only which failed: the widget needs no words for them. */
function safeUrl(value: unknown): URL | keyof typeof PROBLEMS {
  if (typeof value !== 'string' || !value || value.length > MAX_LENGTH) return 'length';
  if (INVISIBLE.test(value)) return 'invisible';
  const scheme = /^https?:\/\//i.exec(value);
  const url = scheme && parse(value);
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))))
    return 'scheme';
  const authority = value.slice(scheme[0].length).split(/[/?#\\]/)[0]!;
  if (authority.includes('@') || url.username || url.password) return 'credentials';
  return hostReadsAsWritten(authority.replace(/:\d*$/, '').toLowerCase(), url.hostname) ? url : 'host';
}

/**
 * A meeting link someone may be sent to: safe (`checkSafeUrl`), never a host's start link, and a
 * link to Zoom or Meet in that provider's form (`HOST_FORMS`). Providers check their own forms on
 * the `url` it returns; the API stores `url.href`.
 * @example checkMeetingUrl('https://us06web.zoom.us/s/85746065432?zak=x') // { ok: false, problem: 'is a Zoom start link …' }
 */
export function checkMeetingUrl(value: unknown): LinkCheck {
  const checked = checkSafeUrl(value);
  if (!checked.ok) return checked;
  const { url } = checked;
  if (isHostLink(url.href)) return { ok: false, problem: PROBLEMS.hostLink };
  const form = HOST_FORMS.find((f) => f.host.test(url.hostname));
  if (form && !form.accepts(url)) return { ok: false, problem: form.problem };
  return checked;
}

/**
 * A picture people are shown, such as a tutor's photo on every card: a safe link
 * (`checkSafeUrl`) on `https:` (`http:` only on localhost), never a host link. Browsers load it
 * as an image only (`<img>` runs no script, an SVG in it included), so its type is not guessed
 * from its name: photo services rarely end their links in `.jpg`.
 * @example checkPhotoUrl('https://images.example/rivera.jpg') // { ok: true, url }
 */
export function checkPhotoUrl(value: unknown): LinkCheck {
  const checked = checkSafeUrl(value);
  if (!checked.ok) return checked;
  if (isHostLink(checked.url.href)) return { ok: false, problem: PROBLEMS.hostLink };
  return checked;
}

/**
 * A meeting link we accept (see `isSafeMeetingUrl`), parsed.
 * @example parseMeetingUrl('https://meet.google.com/abc-defg-hij')?.hostname // 'meet.google.com'
 */
export function parseMeetingUrl(value: unknown): URL | null {
  const checked = checkMeetingUrl(value);
  return checked.ok ? checked.url : null;
}

/**
 * A link that is safe to redirect to or render (see `checkSafeUrl`).
 * @example isSafeMeetingUrl('https://us06web.zoom.us/j/85746065432') // true
 * @example isSafeMeetingUrl('javascript:alert(1)') // false
 */
export function isSafeMeetingUrl(value: unknown): value is string {
  return typeof safeUrl(value) !== 'string';
}

/**
 * A meeting link read back from storage, checked again as if it had just been given: its normalized
 * form, or null when it is not one we accept (rules tighten; rows written before them stay). Every
 * place that turns a stored join or backup link into a redirect or a view goes through this.
 * @example storedMeetingUrl('https://meet.google.com/abc-defg-hij\t') // null
 */
export function storedMeetingUrl(value: string | null | undefined): string | null {
  const checked = checkMeetingUrl(value);
  return checked.ok ? checked.url.href : null;
}

/**
 * A Google Meet link and nothing else: `https://meet.google.com/abc-defg-hij`, no port, no query
 * (`?authuser=` picks the account the browser signs in with), no fragment.
 */
export function isGoogleMeetLink(url: URL): boolean {
  return /^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/.test(url.href);
}

/** `https://<sub>.zoom.us/j/<digits>`, with nothing after it but `?pwd=…`: no port, no other parameter, no fragment. */
function isZoomJoinLink(url: URL): boolean {
  const keys = [...url.searchParams.keys()];
  return (
    ZOOM_JOIN.test(url.pathname) &&
    keys.length <= 1 &&
    keys.every((k) => k === 'pwd') &&
    url.href === `https://${url.hostname}${url.pathname}${url.search}`
  );
}

/**
 * The host as typed must be what the parser made of it (ASCII, or the Unicode its punycode stands
 * for), and its letters must all come from one script. This refuses `zооm.us` with Cyrillic о (as
 * typed or as `xn--` punycode), fullwidth `ｚｏｏｍ.us`, `zo%6Fm.us` and numbers written as hosts.
 */
function hostReadsAsWritten(typed: string, hostname: string): boolean {
  const labels = hostname
    .split('.')
    .map((label) => (label.startsWith('xn--') ? decodePunycode(label.slice(4)) : label));
  if (labels.includes(null)) return false;
  const unicode = labels.join('.');
  if (typed !== hostname && typed !== unicode) return false;
  const letters = unicode.replace(/[\d.\-[\]:]/g, '');
  return !letters || SCRIPTS.some((script) => script.test(letters));
}

/** RFC 3492 decoding of one label (without its `xn--`); null when it is not valid punycode. */
function decodePunycode(input: string): string | null {
  const delimiter = input.lastIndexOf('-');
  const out = [...input.slice(0, Math.max(delimiter, 0))].map((ch) => ch.charCodeAt(0));
  for (let p = delimiter + 1, n = 128, i = 0, bias = 72; p < input.length; ) {
    const start = i;
    for (let w = 1, k = 36; ; k += 36) {
      const c = input.charCodeAt(p++);
      // The URL parser has lowercased the label: a–z are 0–25, 0–9 are 26–35.
      const digit = c < 58 ? c - 22 : c - 97;
      if (!(digit >= 0 && digit < 36)) return null;
      i += digit * w;
      const t = Math.min(Math.max(k - bias, 1), 26);
      if (digit < t) break;
      w *= 36 - t;
    }
    const length = out.length + 1;
    let delta = Math.floor((i - start) / (start ? 2 : 700));
    delta += Math.floor(delta / length);
    let k = 0;
    for (; delta > 455; k += 36) delta = Math.floor(delta / 35);
    bias = Math.floor(k + (36 * delta) / (delta + 38));
    n += Math.floor(i / length);
    i %= length;
    if (n > 0x10ffff) return null;
    out.splice(i++, 0, n);
  }
  return String.fromCodePoint(...out);
}
