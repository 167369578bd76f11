/**
 * The contract of the operator API: request bodies, responses and the error envelope, in the
 * snake_case JSON the API speaks. The Worker validates with these schemas and generates
 * `/openapi.json` from them.
 */
import * as z from 'zod/mini';
import { checkMeetingUrl, checkPhotoUrl, checkSafeUrl, isHostLink, type LinkCheck } from './urls';
import {
  AUTO_RECORDING,
  LANGUAGES,
  LINK_SCOPES,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  LESSON_STATUSES,
  PROVIDERS,
  PROVISIONING_STATES,
  ROLES,
  type AutoRecording,
} from './terms';

export * from './terms';
export * from './lesson-record';
export * from './viewer';

import { Attendance, LessonNote, LessonSummary, Recording, RecordingLink } from './lesson-record';
import { named } from './named';

const id = (prefix: string) =>
  z.string().check(z.regex(new RegExp(`^${prefix}_[0-9a-z]{10,40}$`), `must be an id starting with ${prefix}_`));
const text = (max = 200) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));
const timezone = z.string().check(z.refine(isTimeZone, 'must be an IANA time zone such as Europe/Madrid'));
/** A link as `shared/urls.ts` decides; what passes on is its normalized form, never the text as sent. */
const checkedUrl = (check: (value: unknown) => LinkCheck) =>
  z.pipe(
    z.string(),
    z.transform((value, ctx) => {
      const checked = check(value);
      if (checked.ok) return checked.url.href;
      ctx.issues.push({ code: 'custom', message: checked.problem, input: value });
      return z.NEVER;
    }),
  );
const meetingUrl = checkedUrl(checkMeetingUrl);
/** The tutor's photo, shown on every card of their lessons. */
const photoUrl = checkedUrl(checkPhotoUrl);
const instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with a time zone, like 2030-05-01T16:00:00Z',
});
/** The longest lesson that can be booked, in minutes: also what bounds a search for a host's other lessons. */
export const LONGEST_LESSON_MINUTES = 600;
const minutes = z.int().check(z.gte(5), z.lte(LONGEST_LESSON_MINUTES));
const provider = z.enum(PROVIDERS);
const language = z.enum(LANGUAGES);
/** Which reminders students and parents get; each may be switched off. */
const Reminders = z.object({ day_before: z.boolean(), hour_before: z.boolean(), join_open: z.boolean() });
const remindersPatch = z.partial(Reminders);

const origin = z
  .string()
  .check(z.refine(isOrigin, 'must be an origin like https://tutor.example (https, no path; http only on localhost)'));
/** Where a tutor's own links may be read by `<lesson-join>` (besides our own pages). */
const allowedOrigins = z.array(origin).check(z.maxLength(20));
/** The tutor's public page, `/t/{slug}`: opt-in, so null (no page) unless the operator sets one. */
const publicSlug = z
  .string()
  .check(
    z.regex(
      /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/,
      'must be 3 to 40 lowercase letters, digits or hyphens, starting and ending with a letter or digit, like ms-rivera',
    ),
  );
/** A page of the tutor's own (where students book): a safe web link, passed on in its normalized form. */
const webPage = checkedUrl((value): LinkCheck => {
  const checked = checkSafeUrl(value);
  return checked.ok && isHostLink(checked.url.href)
    ? { ok: false, problem: 'must not be a meeting host link' }
    : checked;
});
/** Minutes late (or out early) that still count as on time. */
const graceMinutes = z.int().check(z.gte(0), z.lte(60));
/** Days the recordings of a lesson are kept after it (ten years at most). */
const retentionDays = z.int().check(z.gte(1), z.lte(3650));

export const TutorInput = z.object({
  name: text(),
  email: z.email(),
  timezone,
  zoom_user_id: z.nullish(text()),
  /** More Zoom users of the account that may host this tutor's lessons, for tutors with more lessons than one host can take. */
  zoom_hosts: z._default(z.array(text()).check(z.maxLength(20)), []),
  default_provider: z._default(provider, 'zoom'),
  backup_link: z.nullish(meetingUrl),
  allowed_origins: z._default(allowedOrigins, []),
  /** Opts the tutor in to a public page at `/t/{public_slug}` (for link-in-bio use); unique. */
  public_slug: z.nullish(publicSlug),
  /** Where new students book a lesson (https), shown on the public page. */
  booking_url: z.nullish(webPage),
  /** The tutor's messages, and their students' unless a booking says otherwise. */
  language: z._default(language, 'en'),
  /** Reminders 24 hours and 1 hour before, and when joining opens; all on unless switched off. */
  reminders: z.optional(remindersPatch),
  attendance_grace_minutes: z._default(graceMinutes, 5),
  recording_retention_days: z._default(retentionDays, 90),
  /** A photo of the tutor for the cards of their lessons (https). */
  photo_url: z.nullish(photoUrl),
});

export const TutorPatch = z
  .object({
    name: z.optional(text()),
    email: z.optional(z.email()),
    timezone: z.optional(timezone),
    zoom_user_id: z.nullish(text()),
    zoom_hosts: z.optional(z.array(text()).check(z.maxLength(20))),
    default_provider: z.optional(provider),
    backup_link: z.nullish(meetingUrl),
    allowed_origins: z.optional(allowedOrigins),
    /** null takes the public page down. */
    public_slug: z.nullish(publicSlug),
    booking_url: z.nullish(webPage),
    language: z.optional(language),
    reminders: z.optional(remindersPatch),
    attendance_grace_minutes: z.optional(graceMinutes),
    recording_retention_days: z.optional(retentionDays),
    photo_url: z.nullish(photoUrl),
  })
  .check(z.refine((p) => Object.values(p).some((v) => v !== undefined), 'send at least one field to change'));

export const Tutor = named(
  'Tutor',
  z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    timezone: z.string(),
    zoom_user_id: z.nullable(z.string()),
    zoom_hosts: z.array(z.string()),
    default_provider: provider,
    backup_link: z.nullable(z.string()),
    /** The tutor's own Zoom account: `needs_reconnect` after they removed the app or Zoom refused the grant. */
    zoom_connection: z.enum(['none', 'connected', 'needs_reconnect']),
    allowed_origins: z.array(z.string()),
    /** The tutor's public page is `/t/{public_slug}`; null: none. */
    public_slug: z.nullable(z.string()),
    booking_url: z.nullable(z.string()),
    language,
    reminders: Reminders,
    /** Minutes late (or out early) that still count as on time; default 5. */
    attendance_grace_minutes: z.number(),
    /** Days after a lesson its archived recording is deleted; default 90. */
    recording_retention_days: z.number(),
    photo_url: z.nullable(z.string()),
    created_at: z.string(),
  }),
);

export const ServiceInput = z.object({
  tutor_id: id('tu'),
  name: text(),
  duration_minutes: minutes,
  /** `true` means cloud recording, `false` none. */
  auto_recording: z.pipe(
    z._default(z.union([z.enum(AUTO_RECORDING), z.boolean()]), 'none'),
    z.transform((v): AutoRecording => (v === true ? 'cloud' : v === false ? 'none' : v)),
  ),
  waiting_room: z._default(z.boolean(), true),
});

export const Service = named(
  'Service',
  z.object({
    id: z.string(),
    tutor_id: z.string(),
    name: z.string(),
    duration_minutes: z.number(),
    auto_recording: z.enum(AUTO_RECORDING),
    waiting_room: z.boolean(),
    created_at: z.string(),
  }),
);

export const BookingInput = z.object({
  tutor_id: id('tu'),
  service_id: id('sv'),
  student_name: text(),
  student_email: z.email(),
  parent_email: z.nullish(z.email()),
  start_at: instant,
  /** Defaults to the service's duration. */
  duration_minutes: z.optional(minutes),
  /** Defaults to the tutor's time zone. */
  timezone: z.optional(timezone),
  /** Defaults to the tutor's default provider. */
  provider: z.optional(provider),
  meeting_url: z.nullish(meetingUrl),
  /** The student's and parent's language; defaults to the tutor's. */
  language: z.optional(language),
});

export const RescheduleInput = z.object({
  start_at: instant,
  duration_minutes: z.optional(minutes),
});

export const BookingPatch = z
  .object({
    provider: z.optional(provider),
    meeting_url: z.nullish(meetingUrl),
  })
  .check(
    z.refine((p) => p.provider !== undefined || p.meeting_url !== undefined, 'send provider, meeting_url or both'),
  );

export const Meeting = named(
  'Meeting',
  z.object({
    state: z.enum(PROVISIONING_STATES),
    provider: z.nullable(provider),
    id: z.nullable(z.string()),
    join_url: z.nullable(z.string()),
    passcode: z.nullable(z.string()),
    attempts: z.number(),
    last_error: z.nullable(z.string()),
    next_attempt_at: z.nullable(z.string()),
  }),
);

export const Booking = named(
  'Booking',
  z.object({
    id: z.string(),
    tutor_id: z.string(),
    service_id: z.string(),
    status: z.enum(LESSON_STATUSES),
    provider,
    student_name: z.string(),
    student_email: z.string(),
    parent_email: z.nullable(z.string()),
    start_at: z.string(),
    end_at: z.string(),
    duration_minutes: z.number(),
    timezone: z.string(),
    language: z.nullable(language),
    meeting: Meeting,
    created_at: z.string(),
    updated_at: z.string(),
  }),
);

/** A booking with what happened in the lesson: attendance, recordings and the tutor's note. */
export const BookingDetail = named(
  'BookingDetail',
  z.extend(Booking, {
    started_at: z.nullable(z.string()),
    ended_at: z.nullable(z.string()),
    /** Null for a cancelled or unpaid lesson. */
    attendance: z.nullable(Attendance),
    recordings: z.array(Recording),
    /** The archived files, as the tutor may open them (signed, three hours). */
    recording_links: z.array(RecordingLink),
    /** The tutor shared the recording with the student and the parent. */
    recording_shared: z.boolean(),
    /** Zoom deletes its recording on this day (YYYY-MM-DD); the copy lesson-join keeps lasts the tutor's retention. */
    recording_auto_delete_date: z.nullable(z.string()),
    note: z.nullable(LessonNote),
    /** The lesson's transcript (`Speaker: words` lines), beside the note: Zoom's, or the transcription service's. */
    transcript: z.nullable(z.string()),
    /** What the family sees once the note is final. */
    summary: z.nullable(LessonSummary),
  }),
);

export const LinksInput = z.object({
  /** When the links stop working; by default 90 days after the lesson ends. */
  expires_at: z.optional(instant),
});

/** A link for one lesson (`booking_id`) or for a person: a student's or parent's `email`, or a tutor (`tutor_id`). */
export const LinkInput = z
  .object({
    role: z.enum(ROLES),
    booking_id: z.optional(id('bk')),
    email: z.optional(z.email()),
    tutor_id: z.optional(id('tu')),
    /** When the link stops working; by default 90 days after the lesson ends, and never for a person. */
    expires_at: z.optional(instant),
  })
  .check(
    z.refine(
      (l) =>
        [l.booking_id, l.email, l.tutor_id].filter((v) => v !== undefined).length === 1 &&
        (l.email === undefined || l.role !== 'tutor') &&
        (l.tutor_id === undefined || l.role === 'tutor'),
      "send one of booking_id (a lesson's link, any role), email (a student's or parent's link) or tutor_id (a tutor's link)",
    ),
  );

export const LinkQuery = z
  .object({
    booking_id: z.optional(id('bk')),
    email: z.optional(z.email()),
    tutor_id: z.optional(id('tu')),
  })
  .check(z.refine((q) => Object.values(q).some((v) => v !== undefined), 'send booking_id, email or tutor_id'));

export const Link = named(
  'Link',
  z.object({
    /** The link's handle for the operator API; it opens nothing. */
    id: z.string(),
    /** What to give the person: `https://…/l/{22 characters}`. Null once revoked or expired. */
    url: z.nullable(z.string()),
    role: z.enum(ROLES),
    scope: z.enum(LINK_SCOPES),
    booking_id: z.nullable(z.string()),
    email: z.nullable(z.string()),
    tutor_id: z.nullable(z.string()),
    expires_at: z.nullable(z.string()),
    revoked_at: z.nullable(z.string()),
    created_at: z.string(),
  }),
);

export const LessonLinks = named('LessonLinks', z.object({ tutor: Link, student: Link, parent: Link }));

export const BookingQuery = z.object({
  tutor_id: z.optional(id('tu')),
  student_email: z.optional(z.email()),
  parent_email: z.optional(z.email()),
  status: z.optional(z.enum(LESSON_STATUSES)),
  /** Lessons starting at or after this instant. */
  from: z.optional(instant),
  /** Lessons starting before this instant. */
  to: z.optional(instant),
  /** From `next_cursor` of the previous page. */
  cursor: z.optional(z.string().check(z.maxLength(200))),
  limit: z._default(z.pipe(z.string().check(z.regex(/^\d{1,3}$/)), z.transform(Number)), 50),
});

export const BookingPage = named(
  'BookingPage',
  z.object({ bookings: z.array(Booking), next_cursor: z.nullable(z.string()) }),
);

/** Each host's calls today against its provider's daily cap, and the lessons still waiting for a meeting. */
export const CapacityReport = named(
  'CapacityReport',
  z.object({
    day: z.string(),
    hosts: z.array(z.object({ provider, host: z.string(), used: z.number(), cap: z.nullable(z.number()) })),
    waiting_for_a_meeting: z.number(),
    /** Lessons starting within 26 hours that still have no meeting: the first reminder goes a day ahead. */
    at_risk: z.array(
      z.object({
        booking_id: z.string(),
        tutor_id: z.string(),
        start_at: z.string(),
        state: z.enum(PROVISIONING_STATES),
        last_error: z.nullable(z.string()),
        next_attempt_at: z.nullable(z.string()),
      }),
    ),
  }),
);

/** What `POST /api/capacity/retry` made due now. */
export const RetryReport = named(
  'RetryReport',
  z.object({
    /** Lessons waiting for a meeting (or for a move) whose next attempt is now. */
    lessons: z.number(),
    /** Retired meetings whose deletion is now. */
    cleanups: z.number(),
  }),
);

/** A message in the outbox, as the operator sees it (never its body: it carries people's links). */
export const Message = named(
  'Message',
  z.object({
    id: z.string(),
    /** The booking it is about, or the tutor for an account alert. */
    subject: z.string(),
    kind: z.enum(MESSAGE_KINDS),
    role: z.enum(ROLES),
    recipient: z.string(),
    language,
    status: z.enum(MESSAGE_STATUSES),
    due_at: z.string(),
    attempts: z.number(),
    last_error: z.nullable(z.string()),
    provider_message_id: z.nullable(z.string()),
    subject_line: z.nullable(z.string()),
    sent_at: z.nullable(z.string()),
    created_at: z.string(),
  }),
);

export const MessageQuery = z.object({
  status: z.optional(z.enum(MESSAGE_STATUSES)),
  booking_id: z.optional(id('bk')),
  limit: z._default(z.pipe(z.string().check(z.regex(/^\d{1,3}$/)), z.transform(Number)), 50),
});

export const MessagePage = named('MessagePage', z.object({ messages: z.array(Message) }));

export const ErrorEnvelope = named(
  'Error',
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
    }),
  }),
);

/** `https://host[:port]` with nothing after it (`http:` only on localhost). */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    return url.origin === value && (url.protocol === 'https:' || (url.protocol === 'http:' && local));
  } catch {
    return false;
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** What a client may send (before defaults and transforms). */
export type TutorRequest = z.input<typeof TutorInput>;
export type ServiceRequest = z.input<typeof ServiceInput>;
export type BookingRequest = z.input<typeof BookingInput>;
export type TutorInput = z.infer<typeof TutorInput>;
export type TutorPatch = z.infer<typeof TutorPatch>;
export type LinkInput = z.infer<typeof LinkInput>;
export type Link = z.infer<typeof Link>;
export type BookingQuery = z.infer<typeof BookingQuery>;
export type BookingPage = z.infer<typeof BookingPage>;
export type CapacityReport = z.infer<typeof CapacityReport>;
export type Tutor = z.infer<typeof Tutor>;
export type ServiceInput = z.infer<typeof ServiceInput>;
export type Service = z.infer<typeof Service>;
export type BookingInput = z.infer<typeof BookingInput>;
export type RescheduleInput = z.infer<typeof RescheduleInput>;
export type BookingPatch = z.infer<typeof BookingPatch>;
export type Booking = z.infer<typeof Booking>;
export type Meeting = z.infer<typeof Meeting>;
export type BookingDetail = z.infer<typeof BookingDetail>;
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;
export type LinksInput = z.infer<typeof LinksInput>;
export type LessonLinks = z.infer<typeof LessonLinks>;
export type Message = z.infer<typeof Message>;
export type MessageQuery = z.infer<typeof MessageQuery>;
