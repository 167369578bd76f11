import type { AutoRecording, Provider } from '../../shared/api';

/** What a provider needs to know to hold a lesson's meeting. */
export interface LessonSpec {
  bookingId: string;
  topic: string;
  /** Carries the booking id so a meeting whose creation we lost track of can be found again. */
  agenda: string;
  startAt: Date;
  durationMinutes: number;
  timezone: string;
  /** The provider account that hosts the meeting (a Zoom user id or email). */
  host: string | null;
  waitingRoom: boolean;
  autoRecording: AutoRecording;
  /** The tutor's own link, for providers that do not create meetings. */
  link: string | null;
}

export interface ProvidedMeeting {
  id: string | null;
  host: string | null;
  joinUrl: string;
  passcode: string | null;
}

export interface MeetingRef {
  id: string;
  host: string | null;
}

/**
 * One meeting provider (Zoom, Google Meet, a manual link). The lifecycle talks only to this
 * interface, so adding a provider touches neither the lifecycle nor the routes.
 */
export interface MeetingProvider {
  readonly id: Provider;
  /** False for link providers: nothing exists at the provider to update or delete. */
  readonly remote: boolean;
  /** Whether a meeting can be made for this host now (false when e.g. Zoom's credentials are missing); absent means yes. */
  ready?(host: string | null): boolean;
  create(lesson: LessonSpec): Promise<ProvidedMeeting>;
  /** Moves the meeting to the lesson's new time. Throws a `ProviderError` with `gone` when it no longer exists. */
  update(meeting: MeetingRef, lesson: LessonSpec): Promise<void>;
  /** Deletes the meeting; one that is already gone counts as deleted. */
  remove(meeting: MeetingRef): Promise<void>;
  /** Finds the meeting created for this lesson, after a create whose outcome was lost. */
  find?(lesson: Pick<LessonSpec, 'agenda' | 'host'>): Promise<ProvidedMeeting | null>;
  /** A host link fetched fresh at the moment the tutor clicks Start. */
  startUrl?(meeting: MeetingRef): Promise<string>;
}

export type ProviderRegistry = (provider: Provider) => MeetingProvider;

export interface ProviderErrorOptions {
  /** Worth trying again soon (5xx, 429, timeouts); false for configuration problems. */
  retryable?: boolean;
  /** The provider said when to come back (429 Retry-After). */
  retryAfterMs?: number;
  /** The request may have taken effect (timeout, 5xx): look before creating again. */
  outcomeUnknown?: boolean;
  /** The meeting does not exist at the provider. */
  gone?: boolean;
}

/** A provider call failed; `message` is safe to store and show to an operator (no secrets). */
export class ProviderError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly outcomeUnknown: boolean;
  readonly gone: boolean;

  constructor(message: string, options: ProviderErrorOptions = {}) {
    super(message);
    this.name = 'ProviderError';
    this.retryable = options.retryable ?? true;
    this.retryAfterMs = options.retryAfterMs;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
    this.gone = options.gone ?? false;
  }
}
