/**
 * Why a lesson cannot be shown, by error code (the API's, or the element's own `link_*`), in
 * English. A chunk of its own, loaded only when something went wrong; a network failure needs no
 * chunk (`unreachable` in the strings), since none could load then.
 */
const en = {
  link_missing: 'Add the lesson link to the element: <lesson-join link="https://…/l/…">.',
  link_malformed:
    'The link attribute is not a lesson link: paste the whole link as you received it (https://…/l/ and 22 characters).',
  link_invalid: 'This lesson link does not exist. Check that it was copied whole, or ask your tutor for it again.',
  link_revoked: 'This lesson link was withdrawn or replaced by a new one. Ask your tutor for the current link.',
  link_expired: 'This lesson link has expired. Ask your tutor for a new one.',
  link_private:
    "This card is the tutor's private link: it works only on the tutor's own pages. Put a student link here instead.",
  lesson_not_found: 'This lesson does not exist any more. Ask your tutor for a new link.',
  csp_blocked:
    "This page's security settings (its Content-Security-Policy) do not let the card reach the lesson service. The site's owner must add the lesson service to connect-src.",
  rate_limited: 'The lesson service is getting too many requests just now. This card tries again by itself shortly.',
  server: 'The lesson service has a problem right now. This card tries again by itself.',
  other: 'The lesson could not be loaded. Reload the page, or ask your tutor if it keeps happening.',
};

/** The shape every language's problem words have. */
export type Problems = typeof en;

export default en;
