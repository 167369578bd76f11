import type { Provider } from '../../shared/api';
import { parseMeetingUrl } from '../../shared/urls';
import { ProviderError, type MeetingProvider } from './types';

/**
 * Providers whose meeting is a link the tutor already owns (Google Meet, Microsoft Teams, any other room): nothing
 * is created, moved or deleted anywhere, and no network call is made. `accepts` is the provider's
 * own form of link, checked on a link that is safe to begin with.
 */
function linkProvider(id: Provider, what: string, example: string, accepts: (url: URL) => boolean): MeetingProvider {
  const linkProblem = (link: string | null | undefined): string | null => {
    if (!link) return `a ${what} is needed: send meeting_url or set the tutor's backup_link`;
    const url = parseMeetingUrl(link);
    if (!url || !accepts(url)) return `meeting_url must be a ${what} like ${example}`;
    return null;
  };
  return {
    id,
    hostsMeetings: false,
    hostFor: () => null,
    ready: () => true,
    linkProblem,
    async create(lesson) {
      const problem = linkProblem(lesson.link);
      if (problem) throw new ProviderError(`This lesson has no usable link: ${problem}.`, { retryable: false });
      return { id: null, host: null, joinUrl: lesson.link!, passcode: null };
    },
    async update() {},
    async remove() {},
  };
}

export const googleMeetProvider = linkProvider(
  'google_meet',
  'Google Meet link',
  'https://meet.google.com/abc-defg-hij',
  (url) =>
    url.protocol === 'https:' &&
    url.hostname === 'meet.google.com' &&
    /^\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/.test(url.pathname),
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
