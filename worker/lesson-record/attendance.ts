/**
 * Who was in the lesson and for how long. Zoom's join/leave events are stored as they come; stays
 * are paired here, so duplicates, late deliveries and restarted meetings (new uuid, same id) all
 * add up to the same answer.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { attendanceEvents, type AttendanceEventRow, type BookingRow, type TutorRow } from '../db/schema';
import { PRACTICE_END_MS } from '../lifecycle/schedule';
import type { ZoomParticipant } from '../webhooks/zoom/payloads';

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

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

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
    kind: 'joined' | 'left';
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

export async function attendanceOf(db: Db, booking: BookingRow, now: number): Promise<AttendanceSummary> {
  const events = await db.select().from(attendanceEvents).where(eq(attendanceEvents.bookingId, booking.id));
  return summarizeAttendance(events, booking, now);
}

/** Pairs joins with leaves per participant and session; a stay still open ends at the meeting's end (or now). */
export function summarizeAttendance(events: AttendanceEventRow[], booking: BookingRow, now: number): AttendanceSummary {
  const openUntil = booking.endedAt?.getTime() ?? now;
  const scheduled = booking.startAt.getTime();
  // Time in a practice run, long before the lesson, is not time in the lesson.
  const counted = scheduled - PRACTICE_END_MS;

  const sessions = new Map<string, AttendanceEventRow[]>();
  for (const e of events) {
    const k = `${e.meetingUuid}\u0000${e.participantKey}`;
    sessions.set(k, [...(sessions.get(k) ?? []), e]);
  }

  const people = new Map<
    string,
    { name: string; email: string | null; role: AttendeeRole; stays: [number, number | null][] }
  >();
  for (const list of sessions.values()) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === 'joined' ? -1 : 1));
    const first = list[0]!;
    const person = `${first.role}\u0000${first.email?.toLowerCase() || fold(first.name)}`;
    const entry = people.get(person) ?? { name: first.name, email: first.email, role: first.role, stays: [] };
    const stay = (from: number, to: number | null) => {
      if (to === null || to > counted) entry.stays.push([Math.max(from, counted), to]);
    };
    let open: number | null = null;
    for (const e of list) {
      if (e.kind === 'joined' && open === null) open = e.at.getTime();
      else if (e.kind === 'left' && open !== null) {
        stay(open, e.at.getTime());
        open = null;
      }
    }
    if (open !== null) stay(open, booking.endedAt ? openUntil : null);
    people.set(person, entry);
  }

  const participants: Attendee[] = [];
  let studentStays: [number, number | null][] = [];
  for (const p of people.values()) {
    if (!p.stays.length) continue;
    p.stays.sort((a, b) => a[0] - b[0]);
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
    no_show: booking.status === 'completed' && firstStudentJoin === null,
  };
}

/** Length of the union of the stays, in whole minutes (overlaps, e.g. two devices, count once). */
function minutes(stays: [number, number | null][], openUntil: number): number {
  const spans = stays.map(([a, b]) => [a, Math.max(a, b ?? openUntil)] as const).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of spans) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return Math.round(total / 60_000);
}

function lateMinutes(firstJoin: number, scheduled: number): number {
  return Math.max(0, Math.round((firstJoin - scheduled) / 60_000));
}
