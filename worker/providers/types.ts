import type { AutoRecording, Provider } from '../../shared/api';
import type { TutorRow, ZoomGrantRow } from '../db/schema';

/** What a provider needs to know to hold a lesson's meeting. */
export interface LessonSpec {
  /** Providers that make meetings write it into the meeting, so a meeting whose answer was lost can be found. */
  bookingId: string;
  topic: string;
  startAt: Date;
  durationMinutes: number;
  timezone: string;
  /** The provider account that hosts the meeting, as `hostFor` named it. */
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

/** The tutor as a provider sees them: whose account hosts their lessons. */
export type TutorAccount = Pick<TutorRow, 'id' | 'email' | 'zoomUserId' | 'zoomConnection' | 'zoomHosts'>;

/**
 * One meeting provider (Zoom, Google Meet, Teams, any other link). The lifecycle and the routes talk
 * only to this interface: a provider owns its rules (which account hosts a tutor's lessons, which
 * links it accepts), so adding one touches `providers/`, the shared terms and the widget's strings.
 */
export interface MeetingProvider {
  readonly id: Provider;
  /**
   * True when meetings exist at the provider: they are created, moved, looked up and deleted there.
   * False for links the tutor already owns: nothing is made, moved or deleted anywhere.
   */
  readonly hostsMeetings: boolean;
  /** The account at the provider that hosts the tutor's lessons (a Zoom user); null when there is none to name. */
  hostFor(tutor: TutorAccount): string | null;
  /** Every account that may host the tutor's lessons, preferred first (the tutor's pool, then the platform's). */
  hostsFor(tutor: TutorAccount): string[];
  /** What the provider allows one host: Zoom counts creates and updates per user per UTC day, one meeting at a time. */
  readonly capacity?: { callsPerHostPerDay: number; oneMeetingAtATime: boolean };
  /** Whether a meeting can be made for this tutor now (false when e.g. Zoom's credentials are missing). */
  ready(tutor: TutorAccount): boolean;
  /** Why `link` cannot carry a lesson of this provider, said so the operator knows what to send; null when it can. */
  linkProblem(link: string | null | undefined): string | null;
  create(lesson: LessonSpec): Promise<ProvidedMeeting>;
  /** Moves the meeting to the lesson's new time. Throws a `ProviderError` with `gone` when it no longer exists. */
  update(meeting: MeetingRef, lesson: LessonSpec): Promise<void>;
  /** Deletes the meeting; one that is already gone counts as deleted. */
  remove(meeting: MeetingRef): Promise<void>;
  /** The meeting made for this booking under `host`, after a create whose outcome was lost; null when there is none. */
  find?(bookingId: string, host: string | null): Promise<ProvidedMeeting | null>;
  /** Every meeting at `host` that carries this booking's reference (all pages of the host's list). */
  meetingsOf?(bookingId: string, host: string | null): Promise<MeetingRef[]>;
  /** A host link fetched fresh at the moment the tutor clicks Start. */
  startUrl?(meeting: MeetingRef): Promise<string>;
  /** Cloud recordings, for providers that report them: fetching their files, and tokens that open them. */
  recordings?: RecordingAccess;
}

/** How recording files the provider reported are downloaded. */
export interface RecordingAccess {
  /**
   * Starts the download of a file the provider reported, with a token that opens it: the response's
   * body streams the bytes. Throws a `ProviderError`: `refused` when the token did not open it,
   * `gone` when the provider no longer has the file.
   */
  download(url: string, token: string): Promise<Response>;
  /** A new token for one meeting session's recording files (for when the first one has expired), and how long it lasts. */
  freshToken(meeting: MeetingRef, session: string): Promise<{ token: string; ttlMs: number }>;
}

export type ProviderRegistry = (provider: Provider) => MeetingProvider;

export interface ProviderErrorOptions {
  /** Worth trying again soon (5xx, 429, timeouts); false for configuration problems. */
  retryable?: boolean;
  /** The provider said when to come back (429 Retry-After). */
  retryAfterMs?: number;
  /** The request may have taken effect (timeout, 5xx): look before creating again. */
  outcomeUnknown?: boolean;
  /** The meeting (or recording) does not exist at the provider. */
  gone?: boolean;
  /** The host has used all its calls for the day (Zoom's daily cap). */
  hostSpent?: boolean;
  /** The provider did not accept the credentials sent (a recording's download token). */
  refused?: boolean;
}

/** A provider call failed; `message` is safe to store and show to an operator (no secrets). */
export class ProviderError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly outcomeUnknown: boolean;
  readonly gone: boolean;
  readonly hostSpent: boolean;
  readonly refused: boolean;

  constructor(message: string, options: ProviderErrorOptions = {}) {
    super(message);
    this.name = 'ProviderError';
    this.retryable = options.retryable ?? true;
    this.retryAfterMs = options.retryAfterMs;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
    this.gone = options.gone ?? false;
    this.hostSpent = options.hostSpent ?? false;
    this.refused = options.refused ?? false;
  }
}

/**
 * The tutor's own account at the provider can no longer be used (disconnected, revoked, the app
 * removed). The lifecycle moves the lessons it hosted to the platform's account and records that the
 * tutor must connect again (`tutorAccountGone`).
 */
export class AccountGoneError extends ProviderError {
  constructor(
    message: string,
    readonly account: {
      tutorId: string;
      host: string /** The grant that failed; a newer one means the tutor connected again. */;
      grantVersion?: number;
    },
  ) {
    super(message, { retryable: false });
    this.name = 'AccountGoneError';
  }
}

/** What happened to a tutor's own provider account; the lifecycle applies it (`tutorAccount`). */
export type TutorAccountChange =
  /** The tutor connected (or connected again): their grant, sealed. */
  | { state: 'connected'; grant: Omit<ZoomGrantRow, 'tutorId' | 'version'> }
  /**
   * The account can no longer be used: `none` when the tutor or operator disconnected it,
   * `needs_reconnect` when the provider refused it. `host` is the provider's name for it; with
   * `grantVersion`, a newer grant (the tutor connected again meanwhile) keeps everything as it is.
   */
  | { state: 'none' | 'needs_reconnect'; host: string; grantVersion?: number };
