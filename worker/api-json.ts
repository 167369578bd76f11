/** Database rows as the API shows them: snake_case, ISO times, and nothing a viewer should not see. */
import type { Booking, Link, Message, Service, Tutor } from '../shared/api';
import type { BookingRow, LinkRow, OutboxRow, ServiceRow, TutorRow } from './db/schema';
import { lessonEnd } from './lifecycle/schedule';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function tutorJson(t: TutorRow): Tutor {
  return {
    id: t.id,
    name: t.name,
    email: t.email,
    timezone: t.timezone,
    zoom_user_id: t.zoomUserId,
    zoom_hosts: t.zoomHosts,
    default_provider: t.defaultProvider,
    backup_link: t.backupLink,
    zoom_connection: t.zoomConnection,
    allowed_origins: t.allowedOrigins,
    public_slug: t.publicSlug,
    booking_url: t.bookingUrl,
    language: t.language,
    reminders: { day_before: t.remindDayBefore, hour_before: t.remindHourBefore, join_open: t.remindJoinOpen },
    attendance_grace_minutes: t.attendanceGraceMinutes,
    recording_retention_days: t.recordingRetentionDays,
    photo_url: t.photoUrl,
    created_at: t.createdAt.toISOString(),
  };
}

export function serviceJson(s: ServiceRow): Service {
  return {
    id: s.id,
    tutor_id: s.tutorId,
    name: s.name,
    duration_minutes: s.durationMinutes,
    auto_recording: s.autoRecording,
    waiting_room: s.waitingRoom,
    created_at: s.createdAt.toISOString(),
  };
}

/** The operator's view of a booking. A host start link is never part of it: it is fetched at click time. */
export function bookingJson(b: BookingRow): Booking {
  return {
    id: b.id,
    tutor_id: b.tutorId,
    service_id: b.serviceId,
    status: b.status,
    provider: b.provider,
    student_name: b.studentName,
    student_email: b.studentEmail,
    parent_email: b.parentEmail,
    start_at: b.startAt.toISOString(),
    end_at: new Date(lessonEnd(b)).toISOString(),
    duration_minutes: b.durationMinutes,
    timezone: b.timezone,
    language: b.language,
    meeting: {
      state: b.provisioning,
      provider: b.provisioning === 'fallback' ? 'manual' : b.meetingProvider,
      id: b.meetingId,
      join_url: b.joinUrl,
      passcode: b.passcode,
      attempts: b.attempts,
      last_error: b.lastError,
      next_attempt_at: iso(b.syncDueAt),
    },
    created_at: b.createdAt.toISOString(),
    updated_at: b.updatedAt.toISOString(),
  };
}

/** A link as the operator sees it: its handle, what it stands for, and the URL to give (while it works). */
export function linkJson(l: LinkRow, url: string | null): Link {
  const person = l.scope === 'person';
  return {
    id: l.id,
    url,
    role: l.role,
    scope: l.scope,
    booking_id: person ? null : l.subject,
    email: person && l.role !== 'tutor' ? l.subject : null,
    tutor_id: person && l.role === 'tutor' ? l.subject : null,
    expires_at: iso(l.expiresAt),
    revoked_at: iso(l.revokedAt),
    created_at: l.createdAt.toISOString(),
  };
}

/** An outbox message as the operator sees it: where it stands, never its body. */
export function messageJson(m: OutboxRow): Message {
  return {
    id: m.id,
    subject: m.subject,
    kind: m.kind,
    role: m.role,
    recipient: m.recipient,
    language: m.language,
    status: m.status,
    due_at: m.dueAt.toISOString(),
    attempts: m.attempts,
    last_error: m.lastError,
    provider_message_id: m.providerMessageId,
    subject_line: m.subjectLine,
    sent_at: iso(m.sentAt),
    created_at: m.createdAt.toISOString(),
  };
}
