/**
 * The link checks the widget needs too: a web link it may render, and a link that would hand its
 * holder the host's powers. A module of its own, apart from `./urls` and its table of scripts, so
 * that a page's first download carries only these (`./urls` re-exports them for everyone else).
 */

export const MAX_LENGTH = 2048;
export const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/**
 * Control, format (bidi overrides, zero-width), private-use and unassigned characters, any
 * whitespace, and what Unicode says to draw as nothing (Hangul fillers, variation selectors, …).
 */
export const INVISIBLE = /[\p{C}\p{Z}\s\p{Default_Ignorable_Code_Point}\u2800]/u;

/**
 * A link the widget may render as a button: `https:` (or `http:` on localhost), no credentials,
 * nothing invisible. The widget renders only the Worker's own `/l/` links, never a provider's, so
 * it does without the look-alike host checks of `checkSafeUrl` (and their weight on every page).
 * @example isWebLink('https://lessons.example/l/3q2-7wB0dKqR1mZpXv8aLc') // true
 */
export function isWebLink(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_LENGTH || INVISIBLE.test(value) || !/^https?:\/\//i.test(value))
    return false;
  const url = parse(value);
  return (
    !!url &&
    !url.username &&
    !url.password &&
    (url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)))
  );
}

/**
 * True when a link would hand someone the host's powers: Zoom's start links (`/s/<id>`) and
 * anything carrying a `zak` (Zoom's host key), in the query, the path or the fragment, encoded or not.
 */
export function isHostLink(value: string): boolean {
  let text = value;
  for (let i = 0; i < 3; i++)
    text = text.replace(/%([0-9a-f]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  return /(^|[^a-z0-9])zak([^a-z0-9]|$)|\/s\/\d/i.test(text);
}

export function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
