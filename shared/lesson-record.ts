/** What happened in a lesson, as the operator API shows it: attendance, recordings, the tutor's note. */
import * as z from 'zod/mini';
import { named } from './named';
import { VERDICTS } from './terms';

export { VERDICTS, type Verdict } from './terms';

export const PartyVerdict = named(
  'PartyVerdict',
  z.object({
    name: z.string(),
    /** Null while nothing is known yet (before the verdicts are final). */
    verdict: z.nullable(z.enum(VERDICTS)),
    late_minutes: z.number(),
    left_early_minutes: z.number(),
    minutes_attended: z.number(),
    /** The first sign of them: waiting for the host, in the waiting room, or in the meeting. */
    arrived_at: z.nullable(z.string()),
  }),
);

const ATTENDANCE_EVENTS = ['joined', 'left', 'waiting_for_host', 'waiting', 'admitted', 'left_waiting_room'] as const;
const attendeeRole = z.enum(['host', 'student', 'guest']);

/** The verdicts for the tutor, the student and each guest, and when they are final. */
const verdicts = {
  /** True from `final_at` on: 5 minutes after the meeting's end, or after the scheduled end of a meeting never started. */
  final: z.boolean(),
  final_at: z.nullable(z.string()),
  grace_minutes: z.number(),
  tutor: PartyVerdict,
  student: PartyVerdict,
  guests: z.array(PartyVerdict),
};

/** Verdicts for the tutor, the student and each guest, with the events they were judged on. */
export const AttendanceVerdicts = {
  ...verdicts,
  /** Zoom's events, in time order: the evidence. */
  timeline: z.array(
    z.object({ at: z.string(), name: z.string(), role: attendeeRole, event: z.enum(ATTENDANCE_EVENTS) }),
  ),
};

/** Attendance as the operator sees it; null for a cancelled or unpaid lesson. */
export const Attendance = named(
  'Attendance',
  z.object({
    participants: z.array(
      z.object({
        name: z.string(),
        email: z.nullable(z.string()),
        role: attendeeRole,
        minutes_attended: z.number(),
        minutes_late: z.number(),
        intervals: z.array(z.object({ joined_at: z.string(), left_at: z.nullable(z.string()) })),
      }),
    ),
    student_minutes_attended: z.number(),
    student_minutes_late: z.nullable(z.number()),
    no_show: z.boolean(),
    ...AttendanceVerdicts,
  }),
);

const verdictsObject = z.object(AttendanceVerdicts);
export type AttendanceVerdicts = z.infer<typeof verdictsObject>;
export type PartyVerdict = z.infer<typeof PartyVerdict>;
export type Attendance = z.infer<typeof Attendance>;

/** The copy of a recording file lesson-join keeps (R2), and where Zoom has it. */
export const Recording = named(
  'Recording',
  z.object({
    id: z.string(),
    file_type: z.string(),
    file_size: z.nullable(z.number()),
    recording_type: z.nullable(z.string()),
    recording_start: z.nullable(z.string()),
    recording_end: z.nullable(z.string()),
    /** Zoom's own page for it (operator only; it is never given to a student or a parent). */
    play_url: z.nullable(z.string()),
    /** `pending` until the copy is made, `copied`; `expired` when Zoom deleted it first, `failed`; `deleted` by retention. */
    archive_state: z.enum(['pending', 'copied', 'expired', 'failed', 'deleted']),
    archived_size: z.nullable(z.number()),
    archived_at: z.nullable(z.string()),
    /** The copy is deleted on this day (the tutor's retention). */
    available_until: z.nullable(z.string()),
  }),
);

/** A recording file as a viewer may open it: signed Worker URLs that stop working at `expires_at` (at most 3 hours). */
export const RecordingLink = named(
  'RecordingLink',
  z.object({
    id: z.string(),
    file_type: z.string(),
    size: z.nullable(z.number()),
    play_url: z.string(),
    download_url: z.string(),
    expires_at: z.string(),
  }),
);

export const LessonNote = named(
  'LessonNote',
  z.object({
    status: z.enum(['draft', 'final']),
    body: z.string(),
    updated_at: z.string(),
    finalized_at: z.nullable(z.string()),
  }),
);

export const NoteInput = z
  .object({
    body: z.optional(z.string().check(z.maxLength(20_000))),
    /** true: the note is final (it cannot change after), and the parent sees the lesson summary. */
    final: z.optional(z.boolean()),
  })
  .check(z.refine((n) => n.body !== undefined || n.final !== undefined, 'send body, final or both'));

export const SharingInput = z.object({ shared: z.boolean() });

export const RecordingSharing = named(
  'RecordingSharing',
  z.object({
    shared: z.boolean(),
    shared_at: z.nullable(z.string()),
    shared_by: z.nullable(z.enum(['tutor', 'operator'])),
  }),
);

/** A finished lesson for the family: the tutor's final note and attendance. What an email about the lesson says. */
export const LessonSummary = named(
  'LessonSummary',
  z.object({
    booking_id: z.string(),
    service_name: z.string(),
    tutor_name: z.string(),
    student_name: z.string(),
    starts_at: z.string(),
    ended_at: z.nullable(z.string()),
    timezone: z.string(),
    attendance: z.nullable(z.object({ final: z.boolean(), tutor: PartyVerdict, student: PartyVerdict })),
    note: z.string(),
    finalized_at: z.string(),
  }),
);

/** One lesson in a tutor's attendance export. */
export const LessonAttendance = z.object({
  booking_id: z.string(),
  service_name: z.string(),
  student_name: z.string(),
  starts_at: z.string(),
  ends_at: z.string(),
  status: z.string(),
  ...verdicts,
});

export const AttendanceExportQuery = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  format: z._default(z.enum(['json', 'csv']), 'json'),
});

export type RecordingLink = z.infer<typeof RecordingLink>;
export type LessonSummary = z.infer<typeof LessonSummary>;
export type NoteInput = z.infer<typeof NoteInput>;
