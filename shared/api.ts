/**
 * The contract of the operator API: request bodies, responses and the error envelope, in the
 * snake_case JSON the API speaks. The Worker validates with these schemas and generates
 * `/openapi.json` from them.
 */
import * as z from 'zod/mini';
import { isSafeMeetingUrl } from './urls';
import {
  AUTO_RECORDING,
  LESSON_PHASES,
  LESSON_STATUSES,
  PROVIDERS,
  PROVISIONING_STATES,
  ROLES,
  type AutoRecording,
} from './terms';

export * from './terms';

// zod/mini keeps the Worker small: the same validation as classic zod at a fraction of the bundle.
function named<T extends z.ZodMiniType>(id: string, schema: T): T {
  z.globalRegistry.add(schema, { id });
  return schema;
}

const id = (prefix: string) =>
  z.string().check(z.regex(new RegExp(`^${prefix}_[0-9a-z]{10,40}$`), `must be an id starting with ${prefix}_`));
const text = (max = 200) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));
const timezone = z.string().check(z.refine(isTimeZone, 'must be an IANA time zone such as Europe/Madrid'));
const meetingUrl = z.string().check(z.refine(isSafeMeetingUrl, 'must be an https:// link (http:// only on localhost)'));
const instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with a time zone, like 2030-05-01T16:00:00Z',
});
const minutes = z.int().check(z.gte(5), z.lte(600));
const provider = z.enum(PROVIDERS);

export const TutorInput = z.object({
  name: text(),
  email: z.email(),
  timezone,
  zoom_user_id: z.nullish(text()),
  default_provider: z._default(provider, 'zoom'),
  backup_link: z.nullish(meetingUrl),
});

export const Tutor = named(
  'Tutor',
  z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    timezone: z.string(),
    zoom_user_id: z.nullable(z.string()),
    default_provider: provider,
    backup_link: z.nullable(z.string()),
    /** The tutor's own Zoom account: `needs_reconnect` after they removed the app or Zoom refused the grant. */
    zoom_connection: z.enum(['none', 'connected', 'needs_reconnect']),
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
    meeting: Meeting,
    created_at: z.string(),
    updated_at: z.string(),
  }),
);

export const Attendance = named(
  'Attendance',
  z.object({
    participants: z.array(
      z.object({
        name: z.string(),
        email: z.nullable(z.string()),
        role: z.enum(['host', 'student', 'guest']),
        minutes_attended: z.number(),
        minutes_late: z.number(),
        intervals: z.array(z.object({ joined_at: z.string(), left_at: z.nullable(z.string()) })),
      }),
    ),
    student_minutes_attended: z.number(),
    student_minutes_late: z.nullable(z.number()),
    no_show: z.boolean(),
  }),
);

export const Recording = named(
  'Recording',
  z.object({
    file_type: z.string(),
    file_size: z.nullable(z.number()),
    recording_type: z.nullable(z.string()),
    recording_start: z.nullable(z.string()),
    recording_end: z.nullable(z.string()),
    play_url: z.nullable(z.string()),
  }),
);

export const LessonNote = named(
  'LessonNote',
  z.object({ status: z.enum(['draft', 'final']), body: z.string(), updated_at: z.string() }),
);

/** A booking with what happened in the lesson: attendance, recordings and the tutor's note. */
export const BookingDetail = named(
  'BookingDetail',
  z.extend(Booking, {
    started_at: z.nullable(z.string()),
    ended_at: z.nullable(z.string()),
    attendance: Attendance,
    recordings: z.array(Recording),
    /** Zoom deletes the recording on this day (YYYY-MM-DD) unless it is kept elsewhere. */
    recording_auto_delete_date: z.nullable(z.string()),
    note: z.nullable(LessonNote),
  }),
);

export const LinksInput = z.object({
  /** When the links stop working; defaults to 90 days after the lesson ends. */
  expires_at: z.optional(instant),
});

const link = z.object({ token: z.string(), url: z.string() });

export const LessonLinks = named(
  'LessonLinks',
  z.object({ tutor: link, student: link, parent: link, expires_at: z.string() }),
);

/**
 * What `<lesson-join>` shows: one lesson as one role may see it. Times are ISO 8601 instants;
 * `server_time` lets a viewer with a wrong clock count down correctly.
 */
export const LessonView = named(
  'LessonView',
  z.object({
    role: z.enum(ROLES),
    phase: z.enum(LESSON_PHASES),
    status: z.enum(LESSON_STATUSES),
    provisioning: z.enum(PROVISIONING_STATES),
    /** The provider of the meeting in use, or the one the lesson will use. */
    provider,
    tutor_name: z.string(),
    student_name: z.string(),
    service_name: z.string(),
    starts_at: z.string(),
    ends_at: z.string(),
    duration_minutes: z.number(),
    timezone: z.string(),
    join_opens_at: z.string(),
    joining_open: z.boolean(),
    /** The stable lesson link of this token (`/l/{token}`); null once the lesson is cancelled. */
    url: z.nullable(z.string()),
    /** Tutor only: the student's stable lesson link, to share. */
    student_url: z.nullable(z.string()),
    passcode: z.nullable(z.string()),
    /** Tutor only: whether Zoom has a finished recording of the lesson. Null for other roles. */
    recording_ready: z.nullable(z.boolean()),
    server_time: z.string(),
    /** When this view may change on its own (join opens, start, end, a link being prepared); null when it will not. */
    refresh_at: z.nullable(z.string()),
  }),
);

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
export type LessonView = z.infer<typeof LessonView>;
