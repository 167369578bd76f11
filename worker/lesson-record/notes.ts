/**
 * The tutor's lesson note, drafted the moment Zoom says the lesson ended: date, time, how long it
 * ran, who attended, and space for what was covered. Drafts follow later attendance events; once
 * the tutor finalises a note it is never rewritten.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { lessonNotes, type BookingRow, type ServiceRow, type TutorRow } from '../db/schema';
import { lessonEnd } from '../lifecycle/schedule';
import type { AttendanceSummary } from './attendance';

export function noteTemplate(
  booking: BookingRow,
  tutor: TutorRow,
  service: ServiceRow,
  attendance: AttendanceSummary,
): string {
  const zone = booking.timezone;
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' });
  const start = booking.startedAt ?? booking.startAt;
  const end = booking.endedAt ?? new Date(lessonEnd(booking));
  const ran = Math.round((end.getTime() - start.getTime()) / 60_000);

  const student = attendance.no_show
    ? `${booking.studentName} did not join (no-show).`
    : `${booking.studentName}: ${attendance.student_minutes_attended} min` +
      (attendance.student_minutes_late ? `, joined ${attendance.student_minutes_late} min late.` : ', on time.');
  const others = attendance.participants
    .filter((p) => p.role !== 'student')
    .map((p) => `${p.name} (${p.role}): ${p.minutes_attended} min`);

  return [
    `Lesson note: ${service.name} with ${booking.studentName}`,
    `Tutor: ${tutor.name}`,
    `Date: ${day.format(start)}, ${clock.format(start)}–${clock.format(end)} (${zone})`,
    `Duration: ${ran} min (booked ${booking.durationMinutes} min)`,
    `Attendance: ${student}`,
    ...(others.length ? [`Also present: ${others.join('; ')}`] : []),
    '',
    'What we covered:',
    '- ',
    '',
    'Homework:',
    '- ',
    '',
    'For next time:',
    '- ',
  ].join('\n');
}

/** Writes or refreshes the draft; a final note is left alone. */
export async function draftNote(db: Db, body: string, bookingId: string, now: number): Promise<void> {
  const at = new Date(now);
  await db
    .insert(lessonNotes)
    .values({ bookingId, body, status: 'draft', updatedAt: at })
    .onConflictDoUpdate({
      target: lessonNotes.bookingId,
      set: { body, updatedAt: at },
      setWhere: eq(lessonNotes.status, 'draft'),
    });
}

export async function noteOf(db: Db, bookingId: string) {
  const [note] = await db
    .select()
    .from(lessonNotes)
    .where(and(eq(lessonNotes.bookingId, bookingId)));
  return note ? { status: note.status, body: note.body, updated_at: note.updatedAt.toISOString() } : null;
}
