/** Booking fields that describe its meeting at the provider. */

/** Marks a retired meeting known only by its booking: a create was sent and its answer lost. */
export const LOST_MEETING_PREFIX = 'lost:';

/** A booking with no meeting yet (the next provisioning makes one). */
export const clearedMeeting = () =>
  ({
    meetingProvider: null,
    meetingId: null,
    meetingHost: null,
    joinUrl: null,
    passcode: null,
    meetingVersion: 0,
    createInFlight: false,
    attempts: 0,
    lastError: null,
  }) as const;
