/**
 * Who was in the lesson and for how long. Zoom's join/leave and waiting-room events are stored as
 * they come; stays are paired here (and judged in `verdicts.ts`), so duplicates, late deliveries and
 * restarted meetings (new uuid, same id) all add up to the same answer.
 */
import { eq } from 'drizzle-orm';
import type { Attendance } from '../../shared/api';
import type { Db } from '../db';
import {
  attendanceEvents,
  type AttendanceEventRow,
  type AttendanceKind,
  type BookingRow,
  type TutorRow,
} from '../db/schema';
import type { ZoomParticipant } from '../webhooks/zoom/payloads';
import { type Span, byPerson, countedFrom, fold, lateMinutes, minutes, staysOf } from './stays';
import { judgeAttendance } from './verdicts';

export type AttendeeRole = AttendanceEventRow['role'];

export interface Stay {
  joined_at: string;
  left_at: string | null;
}

export interface Attendee {
  name: string;
  email: string | null;
  role: AttendeeRole;
  minutes_attended: number;
  minutes_late: number;
  intervals: Stay[];
}

export interface AttendanceSummary {
  participants: Attendee[];
  student_minutes_attended: number;
  student_minutes_late: number | null;
  no_show: boolean;
}

/** Zoom shows a name the person typed: "Sam Student", "sam", "Sam's iPad". The first name is enough. */
function isStudentName(shown: string, student: string): boolean {
  const a = fold(shown);
  const b = fold(student);
  if (!a || !b) return false;
  if (a === b) return true;
  const first = b.split(' ')[0]!;
  return first.length >= 2 && a.split(/[ '’]/)[0] === first;
}

/** The host is the meeting's Zoom user (or the tutor's email); the student matches by email or name. */
export function roleOf(
  p: ZoomParticipant,
  hostId: string | undefined,
  tutor: TutorRow,
  booking: BookingRow,
): AttendeeRole {
  const email = p.email?.trim().toLowerCase() || null;
  const zoomUser = p.id || p.participant_user_id;
  if (
    (hostId && zoomUser === hostId) ||
    (email && (email === tutor.email || email === tutor.zoomUserId?.toLowerCase()))
  )
    return 'host';
  if (email && email === booking.studentEmail.toLowerCase()) return 'student';
  return isStudentName(p.user_name ?? '', booking.studentName) ? 'student' : 'guest';
}

/** Stores one join or leave; the same event twice is stored once. */
export async function recordAttendance(
  db: Db,
  entry: {
    booking: BookingRow;
    tutor: TutorRow;
    meetingUuid: string;
    hostId?: string;
    participant: ZoomParticipant;
    kind: AttendanceKind;
    at: Date;
  },
): Promise<boolean> {
  const p = entry.participant;
  const key =
    p.participant_uuid ||
    (p.user_id !== undefined && p.user_id !== '' ? `user:${p.user_id}` : `name:${fold(p.user_name ?? '')}`);
  const inserted = await db
    .insert(attendanceEvents)
    .values({
      bookingId: entry.booking.id,
      meetingUuid: entry.meetingUuid,
      participantKey: key,
      name: (p.user_name ?? '').trim() || 'Guest',
      email: p.email?.trim() || null,
      role: roleOf(p, entry.hostId, entry.tutor, entry.booking),
      kind: entry.kind,
      at: entry.at,
    })
    .onConflictDoNothing()
    .returning({ id: attendanceEvents.id });
  return inserted.length > 0;
}

/** What happened in the lesson: who was there and for how long, and the verdicts; null when it was cancelled or never paid. */
export async function attendanceOf(
  db: Db,
  booking: BookingRow,
  tutor: TutorRow,
  now: number,
): Promise<Attendance | null> {
  const events = await db.select().from(attendanceEvents).where(eq(attendanceEvents.bookingId, booking.id));
  return attendanceFrom(events, booking, tutor, now);
}

export function attendanceFrom(
  events: AttendanceEventRow[],
  booking: BookingRow,
  tutor: TutorRow,
  now: number,
): Attendance | null {
  if (booking.status === 'cancelled' || booking.status === 'pending_payment') return null;
  return { ...summarizeAttendance(events, booking, now), ...judgeAttendance(events, booking, tutor, now) };
}

/** Pairs joins with leaves per participant and session; a stay still open ends at the meeting's end (or now). */
export function summarizeAttendance(events: AttendanceEventRow[], booking: BookingRow, now: number): AttendanceSummary {
  const openUntil = booking.endedAt?.getTime() ?? now;
  const scheduled = booking.startAt.getTime();
  const people = byPerson(events).map((list) => ({ ...list[0]!, stays: staysOf(list, booking) }));

  const participants: Attendee[] = [];
  let studentStays: Span[] = [];
  for (const p of people) {
    if (!p.stays.length) continue;
    if (p.role === 'student') studentStays = studentStays.concat(p.stays);
    participants.push({
      name: p.name,
      email: p.email,
      role: p.role,
      minutes_attended: minutes(p.stays, openUntil),
      minutes_late: lateMinutes(p.stays[0]![0], scheduled),
      intervals: p.stays.map(([a, b]) => ({
        joined_at: new Date(a).toISOString(),
        left_at: b === null ? null : new Date(b).toISOString(),
      })),
    });
  }
  const order = { host: 0, student: 1, guest: 2 } as const;
  participants.sort(
    (a, b) => order[a.role] - order[b.role] || a.intervals[0]!.joined_at.localeCompare(b.intervals[0]!.joined_at),
  );

  const firstStudentJoin = studentStays.length ? Math.min(...studentStays.map((s) => s[0])) : null;
  return {
    participants,
    student_minutes_attended: minutes(studentStays, openUntil),
    student_minutes_late: firstStudentJoin === null ? null : lateMinutes(firstStudentJoin, scheduled),
    // A student who only waited (for the host, or to be admitted) came: not a no-show.
    no_show:
      booking.status === 'completed' &&
      !events.some((e) => e.role === 'student' && e.at.getTime() >= countedFrom(booking)),
  };
}
