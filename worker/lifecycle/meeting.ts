/** Booking fields that describe its meeting at the provider. */

/** Marks a retired meeting known only by its booking: a create was sent and its answer lost. */
export const LOST_MEETING_PREFIX = 'lost:';

/**
 * How long meetings a lost create may have made are looked for (and deleted) after the fact: Zoom
 * can apply a create after the caller gave up on it, and a later one may land for a booking that has
 * its meeting already.
 */
export const LOST_CREATE_LOOKUP_MS = 15 * 60_000;

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
