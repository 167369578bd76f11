import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type {
  AutoRecording,
  Language,
  LessonStatus,
  LinkScope,
  MessageKind,
  MessageStatus,
  Provider,
  ProvisioningState,
  Role,
} from '../../shared/api';

/** One attendance event: in or out of the meeting, or of its waiting room. */
export type AttendanceKind = 'joined' | 'left' | 'waiting_for_host' | 'waiting' | 'admitted' | 'left_waiting_room';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const tutors = sqliteTable('tutors', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  timezone: text('timezone').notNull(),
  /** The Zoom user meetings are hosted by (id or email); Zoom caps create+update per host per day. */
  zoomUserId: text('zoom_user_id'),
  defaultProvider: text('default_provider').$type<Provider>().notNull().default('zoom'),
  /** A link students can use when the provider cannot give one in time. */
  backupLink: text('backup_link'),
  /** The tutor's own Zoom account (OAuth): `needs_reconnect` after they removed the app. */
  zoomConnection: text('zoom_connection').$type<'none' | 'connected' | 'needs_reconnect'>().notNull().default('none'),
  /**
   * Origins (e.g. `https://rivera-tutoring.example`) where the tutor's own links may be read by
   * `<lesson-join>`: a tutor's link opens Zoom as host, so it works only there and on our pages.
   */
  allowedOrigins: text('allowed_origins', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  /** More Zoom users that may host the tutor's lessons (a pool), besides `zoomUserId`. */
  zoomHosts: text('zoom_hosts', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  /** The tutor's public page is `/t/{publicSlug}`; null (the default) means the tutor has none. */
  publicSlug: text('public_slug').unique(),
  /** Where new students book, shown on the public page. */
  bookingUrl: text('booking_url'),
  /** The language of the tutor's own messages, and of their students' unless a booking says otherwise. */
  language: text('language').$type<Language>().notNull().default('en'),
  /** Reminders to students and parents, each of which the tutor can switch off. */
  remindDayBefore: integer('remind_day_before', { mode: 'boolean' }).notNull().default(true),
  remindHourBefore: integer('remind_hour_before', { mode: 'boolean' }).notNull().default(true),
  remindJoinOpen: integer('remind_join_open', { mode: 'boolean' }).notNull().default(true),
  /** Minutes late (or early out) that still count as on time. */
  attendanceGraceMinutes: integer('attendance_grace_minutes').notNull().default(5),
  /** Days after a lesson its archived recording files are deleted. */
  recordingRetentionDays: integer('recording_retention_days').notNull().default(90),
  /** A photo of the tutor (https), on the cards of their lessons. */
  photoUrl: text('photo_url'),
  createdAt: createdAt(),
});

export const services = sqliteTable('services', {
  id: text('id').primaryKey(),
  tutorId: text('tutor_id')
    .notNull()
    .references(() => tutors.id),
  name: text('name').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  autoRecording: text('auto_recording').$type<AutoRecording>().notNull().default('none'),
  waitingRoom: integer('waiting_room', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
});

export const bookings = sqliteTable(
  'bookings',
  {
    id: text('id').primaryKey(),
    tutorId: text('tutor_id')
      .notNull()
      .references(() => tutors.id),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id),
    studentName: text('student_name').notNull(),
    studentEmail: text('student_email').notNull(),
    parentEmail: text('parent_email'),
    startAt: integer('start_at', { mode: 'timestamp_ms' }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    timezone: text('timezone').notNull(),
    /** The student's and parent's language; null: the tutor's. */
    language: text('language').$type<Language>(),
    status: text('status').$type<LessonStatus>().notNull().default('pending_payment'),
    provider: text('provider').$type<Provider>().notNull(),
    /** The link a manual or Google Meet lesson uses. */
    meetingUrl: text('meeting_url'),
    paymentRef: text('payment_ref'),

    // The meeting as it exists at the provider.
    meetingProvider: text('meeting_provider').$type<Provider>(),
    meetingId: text('meeting_id'),
    meetingHost: text('meeting_host'),
    joinUrl: text('join_url'),
    passcode: text('passcode'),
    provisioning: text('provisioning').$type<ProvisioningState>().notNull().default('none'),
    /** Bumped by every reschedule; the meeting is in step when meetingVersion catches up. */
    scheduleVersion: integer('schedule_version').notNull().default(1),
    meetingVersion: integer('meeting_version').notNull().default(0),
    /**
     * The calendar's SEQUENCE: bumped by every change people are told about (reschedule, provider
     * switch, cancellation), so a calendar replaces the event instead of adding another.
     */
    calendarSequence: integer('calendar_sequence').notNull().default(0),
    /** A create was sent whose outcome we never learned: look the meeting up before creating again. */
    createInFlight: integer('create_in_flight', { mode: 'boolean' }).notNull().default(false),
    /** Failed provider attempts since the meeting was last in step (drives the backoff). */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When provider work is next due; null when the meeting is in step. */
    syncDueAt: integer('sync_due_at', { mode: 'timestamp_ms' }),
    leaseToken: text('lease_token'),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),

    confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
    /** When the meeting actually started and ended, from Zoom's events. */
    startedAt: integer('started_at', { mode: 'timestamp_ms' }),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    index('bookings_sync_due').on(t.syncDueAt),
    // Provider work in the order of the lessons' start: the sweep reads due work soonest first.
    index('bookings_work').on(t.startAt).where(sql`sync_due_at is not null`),
    // Lessons with a provider's meeting and no word of it starting: the few the sweep may settle as missed.
    index('bookings_unsettled')
      .on(t.startAt)
      .where(sql`status = 'confirmed' and provisioning = 'ready' and meeting_id is not null`),
    // Who else a host has at a time (one meeting at a time per host).
    index('bookings_host_start').on(t.meetingHost, t.startAt),
    index('bookings_meeting').on(t.meetingProvider, t.meetingId),
    // Lists for dashboards and person links, in time order (emails are stored lowercase).
    index('bookings_start').on(t.startAt, t.id),
    index('bookings_tutor_start').on(t.tutorId, t.startAt, t.id),
    index('bookings_student_start').on(t.studentEmail, t.startAt, t.id),
    index('bookings_parent_start').on(t.parentEmail, t.startAt, t.id),
  ],
);

/**
 * Provider meetings that no longer belong to a booking (cancelled, or the provider changed) and must
 * be deleted. A `lost:<booking>` row stands for meetings a create may have made without our knowing:
 * every meeting carrying the booking's reference at the host is deleted, except `keep`, for as long as
 * a late create could still land.
 */
export const meetingCleanups = sqliteTable(
  'meeting_cleanups',
  {
    provider: text('provider').$type<Provider>().notNull(),
    meetingId: text('meeting_id').notNull(),
    meetingHost: text('meeting_host'),
    bookingId: text('booking_id').notNull(),
    /** For a `lost:` row: the one meeting of the booking that stays (the one it points at), if any. */
    keep: text('keep'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.meetingId] }), index('meeting_cleanups_due').on(t.dueAt)],
);

/** Webhook deliveries already handled, so a redelivery changes nothing. */
export const processedEvents = sqliteTable(
  'processed_events',
  {
    source: text('source').$type<'stripe' | 'zoom'>().notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    bookingId: text('booking_id'),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    processedAt: integer('processed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.source, t.eventId] }), index('processed_events_received').on(t.receivedAt)],
);

/**
 * A tutor's own Zoom account, connected through OAuth. Tokens are AES-GCM ciphertext; Zoom rotates
 * the refresh token on every use, so `version` guards each refresh with a compare-and-swap.
 */
export const zoomGrants = sqliteTable(
  'zoom_grants',
  {
    tutorId: text('tutor_id')
      .primaryKey()
      .references(() => tutors.id),
    zoomUserId: text('zoom_user_id').notNull(),
    zoomAccountId: text('zoom_account_id'),
    refreshToken: text('refresh_token').notNull(),
    accessToken: text('access_token'),
    accessExpiresAt: integer('access_expires_at', { mode: 'timestamp_ms' }),
    scope: text('scope'),
    version: integer('version').notNull().default(1),
    /** Held by the one worker refreshing the tokens; the others wait for the new version. */
    refreshLeaseUntil: integer('refresh_lease_until', { mode: 'timestamp_ms' }),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('zoom_grants_user').on(t.zoomUserId)],
);

/**
 * What Zoom says about a lesson's people, append-only: joins and leaves, and the waiting room
 * (waiting for the host to start, waiting to be admitted, admitted, gone from the waiting room).
 * Stays and verdicts are made at read time, so events arriving twice or out of order cannot
 * corrupt attendance.
 */
export const attendanceEvents = sqliteTable(
  'attendance_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    bookingId: text('booking_id')
      .notNull()
      .references(() => bookings.id),
    /** Zoom gives every start of a meeting a new uuid. */
    meetingUuid: text('meeting_uuid').notNull(),
    /** participant_uuid when Zoom sends one, else the per-meeting user_id. */
    participantKey: text('participant_key').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    role: text('role').$type<'host' | 'student' | 'guest'>().notNull(),
    kind: text('kind').$type<AttendanceKind>().notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('attendance_events_once').on(t.bookingId, t.meetingUuid, t.participantKey, t.kind, t.at)],
);

/** A cloud recording of one meeting session. `downloadToken` is AES-GCM ciphertext and never leaves the Worker. */
export const recordings = sqliteTable(
  'recordings',
  {
    bookingId: text('booking_id')
      .notNull()
      .references(() => bookings.id),
    meetingUuid: text('meeting_uuid').notNull(),
    shareUrl: text('share_url'),
    totalSize: integer('total_size'),
    autoDeleteDate: text('auto_delete_date'),
    downloadToken: text('download_token'),
    downloadTokenExpiresAt: integer('download_token_expires_at', { mode: 'timestamp_ms' }),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.bookingId, t.meetingUuid] })],
);

export const recordingFiles = sqliteTable(
  'recording_files',
  {
    id: text('id').primaryKey(),
    bookingId: text('booking_id')
      .notNull()
      .references(() => bookings.id),
    meetingUuid: text('meeting_uuid').notNull(),
    fileType: text('file_type').notNull(),
    fileExtension: text('file_extension'),
    fileSize: integer('file_size'),
    recordingType: text('recording_type'),
    recordingStart: integer('recording_start', { mode: 'timestamp_ms' }),
    recordingEnd: integer('recording_end', { mode: 'timestamp_ms' }),
    playUrl: text('play_url'),
    downloadUrl: text('download_url'),
    /** The copy in R2: `pending` until made, then `copied`; `expired` when Zoom deleted it first; `deleted` by retention. */
    archiveState: text('archive_state').$type<ArchiveState>().notNull().default('pending'),
    archiveKey: text('archive_key'),
    archivedSize: integer('archived_size'),
    archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
    archiveAttempts: integer('archive_attempts').notNull().default(0),
    archiveError: text('archive_error'),
    // Due at once by default: files stored before copies existed are copied too.
    archiveDueAt: integer('archive_due_at', { mode: 'timestamp_ms' }).default(sql`0`),
    archiveLeaseUntil: integer('archive_lease_until', { mode: 'timestamp_ms' }),
    /**
     * When retention deletes the copy, as it stood when the file was copied or the tutor's retention
     * last changed: what the sweep finds due files by (it checks the lesson and the tutor again).
     */
    retainUntil: integer('retain_until', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('recording_files_booking').on(t.bookingId),
    // Only the files still to copy: the copied ones (every recording kept) are not read every minute.
    index('recording_files_archive').on(t.archiveDueAt).where(sql`archive_state = 'pending'`),
    // The copies by the end of their retention: the sweep reads the ones due, not every copy kept.
    index('recording_files_retention').on(t.retainUntil).where(sql`archive_state = 'copied'`),
  ],
);

/** The tutor shared this lesson's recording with the student and the parent. */
export const recordingShares = sqliteTable('recording_shares', {
  bookingId: text('booking_id')
    .primaryKey()
    .references(() => bookings.id),
  sharedBy: text('shared_by').$type<'tutor' | 'operator'>().notNull(),
  sharedAt: integer('shared_at', { mode: 'timestamp_ms' }).notNull(),
});

/** A lesson's transcript as text (`Speaker: words` lines): Zoom's, or the transcription service's. */
export const transcripts = sqliteTable(
  'transcripts',
  {
    /** The recording file it transcribes (Zoom's TRANSCRIPT file, or the audio a service transcribed). */
    recordingFileId: text('recording_file_id').primaryKey(),
    bookingId: text('booking_id')
      .notNull()
      .references(() => bookings.id),
    source: text('source').$type<'zoom' | 'service'>().notNull(),
    text: text('text').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('transcripts_booking').on(t.bookingId)],
);

/**
 * Zoom data a tutor asked us to forget (they removed the app without keeping their data): done by
 * the sweep before `dueBy`, and kept as the record that it was done.
 */
export const dataDeletions = sqliteTable('data_deletions', {
  id: text('id').primaryKey(),
  tutorId: text('tutor_id').notNull(),
  /** The provider account whose lessons' data goes. */
  host: text('host').notNull(),
  reason: text('reason').notNull(),
  requestedAt: integer('requested_at', { mode: 'timestamp_ms' }).notNull(),
  dueBy: integer('due_by', { mode: 'timestamp_ms' }).notNull(),
  doneAt: integer('done_at', { mode: 'timestamp_ms' }),
  /** What was deleted, counted. */
  deleted: text('deleted', { mode: 'json' }).$type<Record<string, number>>(),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
});

/**
 * Transcribe a lesson's recording. Done when a transcript of its session exists (Zoom's, or the
 * transcription service's, asked once Zoom has had time to send its own).
 */
export const transcriptionJobs = sqliteTable(
  'transcription_jobs',
  {
    id: text('id').primaryKey(),
    bookingId: text('booking_id')
      .notNull()
      .references(() => bookings.id),
    recordingFileId: text('recording_file_id').notNull(),
    status: text('status').$type<'queued' | 'running' | 'done' | 'failed'>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).default(sql`0`),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('transcription_jobs_file').on(t.recordingFileId), index('transcription_jobs_due').on(t.dueAt)],
);

/** The tutor's note on a lesson, drafted when the meeting ends. */
export const lessonNotes = sqliteTable('lesson_notes', {
  bookingId: text('booking_id')
    .primaryKey()
    .references(() => bookings.id),
  body: text('body').notNull(),
  status: text('status').$type<'draft' | 'final'>().notNull().default('draft'),
  createdAt: createdAt(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  finalizedAt: integer('finalized_at', { mode: 'timestamp_ms' }),
});

/**
 * The links people keep (`/l/{id}`). The id itself is never stored: it is derived from the row's
 * `id` with the link secret, and only its SHA-256 is kept to find the row, so a copy of the
 * database opens nothing. A link stands for one lesson or for a person (every lesson of a student's
 * email, of a parent's email, or of a tutor), in one role; each has at most one current link.
 */
export const links = sqliteTable(
  'links',
  {
    /** The operator's handle for the link (`lk_…`); it grants nothing. */
    id: text('id').primaryKey(),
    idHash: text('id_hash').notNull().unique(),
    role: text('role').$type<Role>().notNull(),
    scope: text('scope').$type<LinkScope>().notNull(),
    /** What the link stands for: the booking id (a lesson), the email (a student or parent), the tutor id (a tutor). */
    subject: text('subject').notNull(),
    /** Null: a lesson's link lasts until 90 days after the lesson ends; a person's until revoked. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('links_current').on(t.scope, t.role, t.subject).where(sql`revoked_at is null`),
    index('links_subject').on(t.subject),
  ],
);

/**
 * Every message to a person, written in the same batch as the change that causes it, once per
 * (lesson or tutor, version, kind, role): retries and duplicate webhooks cannot make a second one.
 * A sender drains it; `id` is the transport's idempotency key.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    /** The booking the message is about, or the tutor (`tu_…`) for an account alert. */
    subject: text('subject').notNull(),
    /** The booking's calendar sequence when the message was planned (a timestamp for account alerts). */
    version: integer('version').notNull(),
    kind: text('kind').$type<MessageKind>().notNull(),
    role: text('role').$type<Role>().notNull(),
    recipient: text('recipient').notNull(),
    language: text('language').$type<Language>().notNull(),
    /** When it may be sent: now, or a reminder's moment. */
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    status: text('status').$type<MessageStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    /** What the transport called it, once sent. */
    providerMessageId: text('provider_message_id'),
    subjectLine: text('subject_line'),
    /** The calendar SEQUENCE the message carried, and whether it could name a working meeting link. */
    sentSequence: integer('sent_sequence'),
    linkShown: integer('link_shown', { mode: 'boolean' }),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('outbox_once').on(t.subject, t.version, t.kind, t.role),
    index('outbox_due').on(t.status, t.dueAt),
  ],
);

/**
 * The development mailbox (`npm start`, `/__dev/mailbox`): what the development transport
 * "sent". Only that transport writes here; a deployed Worker leaves it empty.
 */
export const mailbox = sqliteTable('dev_mailbox', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  /** The outbox row's id: the same message is kept once however often it is sent. */
  idempotencyKey: text('idempotency_key').notNull().unique(),
  message: text('message', { mode: 'json' }).$type<MailboxMessage>().notNull(),
  createdAt: createdAt(),
});

/** A message as the development mailbox keeps and shows it. */
export interface MailboxMessage {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content_type: string; content: string }[];
}

export type OutboxRow = typeof outbox.$inferSelect;
export type LinkRow = typeof links.$inferSelect;

/**
 * A host's calls to its provider per UTC day (Zoom: creates and updates per user), reserved before
 * each call, so the daily cap is spent on the soonest lessons and is rarely met as a 429.
 */
export const hostUsage = sqliteTable(
  'host_usage',
  {
    provider: text('provider').$type<Provider>().notNull(),
    host: text('host').notNull(),
    /** `YYYY-MM-DD`, UTC. */
    day: text('day').notNull(),
    used: integer('used').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.provider, t.host, t.day] })],
);
export type TutorRow = typeof tutors.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;
export type BookingRow = typeof bookings.$inferSelect;
export type MeetingCleanupRow = typeof meetingCleanups.$inferSelect;
export type AttendanceEventRow = typeof attendanceEvents.$inferSelect;
export type RecordingRow = typeof recordings.$inferSelect;
export type RecordingFileRow = typeof recordingFiles.$inferSelect;
export type LessonNoteRow = typeof lessonNotes.$inferSelect;
export type ZoomGrantRow = typeof zoomGrants.$inferSelect;
export type TranscriptionJobRow = typeof transcriptionJobs.$inferSelect;
export type ArchiveState = 'pending' | 'copied' | 'expired' | 'failed' | 'deleted';
