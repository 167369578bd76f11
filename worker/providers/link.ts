import { isGoogleMeetUrl, isSafeMeetingUrl } from '../../shared/urls';
import type { Provider } from '../../shared/api';
import { ProviderError, type MeetingProvider } from './types';

/**
 * Providers whose meeting is a link the tutor already owns (Google Meet, any other room):
 * nothing is created, moved or deleted anywhere, and no network call is made.
 */
function linkProvider(id: Provider, accepts: (url: string) => boolean, what: string): MeetingProvider {
  return {
    id,
    remote: false,
    async create(lesson) {
      if (!lesson.link || !accepts(lesson.link)) {
        throw new ProviderError(
          `This lesson has no usable ${what}: set the booking's meeting_url or the tutor's backup_link.`,
          {
            retryable: false,
          },
        );
      }
      return { id: null, host: null, joinUrl: lesson.link, passcode: null };
    },
    async update() {},
    async remove() {},
  };
}

export const googleMeetProvider = linkProvider('google_meet', isGoogleMeetUrl, 'Google Meet link');
export const manualProvider = linkProvider('manual', isSafeMeetingUrl, 'https meeting link');
