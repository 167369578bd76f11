/**
 * A tutor's attendance for a date range, for billing and disputes: one entry per lesson (JSON), or
 * one row per party and lesson (CSV). Cancelled and unpaid lessons are left out: they have no verdicts.
 */
import { and, asc, eq, gte, lt, notInArray } from 'drizzle-orm';
import type { PartyVerdict } from '../../shared/api';
import type { Db } from '../db';
import { attendanceEvents, bookings, services, type AttendanceEventRow, type TutorRow } from '../db/schema';
import { LessonError } from '../errors';
import { lessonEnd } from '../lifecycle/schedule';
import { judgeAttendance } from './verdicts';

const LONGEST_RANGE_MS = 366 * 24 * 3600_000;

export async function attendanceExport(db: Db, tutor: TutorRow, from: Date, to: Date, now: number) {
  if (!(to > from) || to.getTime() - from.getTime() > LONGEST_RANGE_MS)
    throw new LessonError(422, 'invalid_request', 'to must be after from, and at most 366 days later.');
  const inRange = and(
    eq(bookings.tutorId, tutor.id),
    gte(bookings.startAt, from),
    lt(bookings.startAt, to),
    notInArray(bookings.status, ['cancelled', 'pending_payment']),
  );
  const [lessons, events] = await Promise.all([
    db
      .select({ booking: bookings, service: services.name })
      .from(bookings)
      .innerJoin(services, eq(services.id, bookings.serviceId))
      .where(inRange)
      .orderBy(asc(bookings.startAt), asc(bookings.id)),
    db
      .select({ event: attendanceEvents })
      .from(attendanceEvents)
      .innerJoin(bookings, eq(bookings.id, attendanceEvents.bookingId))
      .where(inRange),
  ]);
  const of = new Map<string, AttendanceEventRow[]>();
  for (const { event } of events) of.set(event.bookingId, [...(of.get(event.bookingId) ?? []), event]);
  return lessons.map(({ booking: b, service }) => {
    const { timeline: _, ...verdicts } = judgeAttendance(of.get(b.id) ?? [], b, tutor, now);
    return {
      booking_id: b.id,
      service_name: service,
      student_name: b.studentName,
      starts_at: b.startAt.toISOString(),
      ends_at: new Date(lessonEnd(b)).toISOString(),
      status: b.status,
      ...verdicts,
    };
  });
}

type Lessons = Awaited<ReturnType<typeof attendanceExport>>;

/** A spreadsheet cell: quoted when needed, and never read as a formula (names come from Zoom, typed by anyone). */
const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

const COLUMNS = ['booking_id', 'starts_at', 'status', 'final', 'party', 'name', 'verdict'] as const;
const NUMBERS = ['late_minutes', 'left_early_minutes', 'minutes_attended', 'arrived_at'] as const;

/** One row per party per lesson: the tutor, the student, then each guest. */
export function attendanceCsv(lessons: Lessons): string {
  const rows = lessons.flatMap((l) =>
    [['tutor', l.tutor] as const, ['student', l.student] as const, ...l.guests.map((g) => ['guest', g] as const)].map(
      ([party, v]: readonly [string, PartyVerdict]) => [
        l.booking_id,
        l.starts_at,
        l.status,
        l.final,
        party,
        v.name,
        v.verdict,
        ...NUMBERS.map((k) => v[k]),
      ],
    ),
  );
  return [[...COLUMNS, ...NUMBERS], ...rows].map((r) => `${r.map(cell).join(',')}\r\n`).join('');
}
