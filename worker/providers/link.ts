import type { Provider } from '../../shared/api';
import { checkMeetingUrl, isGoogleMeetLink } from '../../shared/urls';
import { ProviderError, type MeetingProvider } from './types';

/**
 * Providers whose meeting is a link the tutor already owns (Google Meet, Microsoft Teams, any other room): nothing
 * is created, moved or deleted anywhere, and no network call is made. `accepts` is the provider's
 * own form of link, checked on a link `shared/urls.ts` accepts, as normalized there; the meeting's
 * link is that normalized form.
 */
function linkProvider(id: Provider, what: string, example: string, accepts: (url: URL) => boolean): MeetingProvider {
  const check = (link: string | null | undefined) => {
    if (!link) return { problem: `a ${what} is needed: send meeting_url or set the tutor's backup_link` };
    const checked = checkMeetingUrl(link);
    if (!checked.ok) return { problem: `the link ${checked.problem}` };
    if (!accepts(checked.url)) return { problem: `meeting_url must be a ${what} like ${example}` };
    return { url: checked.url.href };
  };
  const linkProblem = (link: string | null | undefined): string | null => check(link).problem ?? null;
  return {
    id,
    hostsMeetings: false,
    hostFor: () => null,
    hostsFor: () => [],
    ready: () => true,
    linkProblem,
    async create(lesson) {
      const { url, problem } = check(lesson.link);
      if (!url) throw new ProviderError(`This lesson has no usable link: ${problem}.`, { retryable: false });
      return { id: null, host: null, joinUrl: url, passcode: null };
    },
    async update() {},
    async remove() {},
  };
}

export const googleMeetProvider = linkProvider(
  'google_meet',
  'Google Meet link',
  'https://meet.google.com/abc-defg-hij',
  isGoogleMeetLink,
);

/** Teams meeting links: work and school accounts (`/l/meetup-join/…`) and personal ones (`teams.live.com/meet/…`). */
export const teamsProvider = linkProvider(
  'teams',
  'Microsoft Teams link',
  'https://teams.microsoft.com/l/meetup-join/…',
  (url) =>
    url.protocol === 'https:' &&
    ((url.hostname === 'teams.microsoft.com' && url.pathname.startsWith('/l/meetup-join/')) ||
      (url.hostname === 'teams.live.com' && /^\/meet\/\d+/.test(url.pathname))),
);

export const manualProvider = linkProvider('manual', 'https meeting link', 'https://whereby.com/ms-rivera', () => true);
