/**
 * What `<lesson-join link>` takes: a link's id, `id/bookingId` (one lesson of a person's link), or
 * the whole link as people receive it, `https://…/l/{id}` or `https://…/l/{id}/{bookingId}`.
 */

/**
 * A link's id as the Worker makes them, 22 characters of base64url, and for one lesson under a
 * person's link its booking id after a slash.
 */
const PATH = /^[\w-]{22}(\/bk_\w{1,40})?$/;

export interface LessonLink {
  /** What follows `/api/lessons/`: `id` or `id/bookingId`, characters that need no escaping. */
  path: string;
  /** The origin of a whole link, where its API is; null when only the id was given. */
  origin: string | null;
}

/**
 * The link in `value`, or null when it is not a lesson link. The query and fragment of a whole
 * link are ignored (messengers add tracking parameters), as is a trailing slash.
 * @example readLink('https://lessons.example/l/Xk3pQ9v2LmN8rT5wYb7cAd') // { path: 'Xk3p…', origin: 'https://lessons.example' }
 * @example readLink('Xk3pQ9v2LmN8rT5wYb7cAd/bk_0a1b2c3d4e5f6g7h8j9k') // { path: 'Xk3p…/bk_0a1b…', origin: null }
 */
export function readLink(value: string): LessonLink | null {
  let text = value.trim();
  let origin: string | null = null;
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    const path = /^\/l\/(.+?)\/?$/.exec(url.pathname);
    if (!path) return null;
    origin = url.origin;
    text = path[1]!;
  }
  return PATH.test(text) ? { path: text, origin } : null;
}
