/**
 * The lesson summary a family receives: the tutor's final note and the attendance, for the parent's
 * page today and for the email about the lesson (`summaryOf` is what that email should call).
 */
import { eq } from 'drizzle-orm';
import type { AttendanceVerdicts, LessonSummary } from '../../shared/api';
import type { Db } from '../db';
import {
  attendanceEvents,
  bookings,
  lessonNotes,
  services,
  tutors,
  type BookingRow,
  type LessonNoteRow,
  type ServiceRow,
  type TutorRow,
} from '../db/schema';
import { judgeAttendance } from './verdicts';

/** The summary, or null until the tutor has marked the note final. */
export function lessonSummary(
  lesson: { booking: BookingRow; tutor: TutorRow; service: ServiceRow },
  note: LessonNoteRow | null | undefined,
  attendance: AttendanceVerdicts | null,
): LessonSummary | null {
  const { booking: b } = lesson;
  if (note?.status !== 'final' || b.status === 'cancelled') return null;
  return {
    booking_id: b.id,
    service_name: lesson.service.name,
    tutor_name: lesson.tutor.name,
    student_name: b.studentName,
    starts_at: b.startAt.toISOString(),
    ended_at: b.endedAt?.toISOString() ?? null,
    timezone: b.timezone,
    attendance: attendance && { final: attendance.final, tutor: attendance.tutor, student: attendance.student },
    note: note.body,
    finalized_at: (note.finalizedAt ?? note.updatedAt).toISOString(),
  };
}

/**
 * A lesson's summary from the database: null until its note is final. One summary per lesson, and
 * `finalized_at` never changes, so a message keyed by (booking, `finalized_at`) is sent once.
 * @example const summary = await summaryOf(db, bookingId, Date.now()); if (summary) outbox.add(…)
 */
export async function summaryOf(db: Db, bookingId: string, now: number): Promise<LessonSummary | null> {
  const [lesson] = await db
    .select({ booking: bookings, tutor: tutors, service: services, note: lessonNotes })
    .from(bookings)
    .innerJoin(tutors, eq(tutors.id, bookings.tutorId))
    .innerJoin(services, eq(services.id, bookings.serviceId))
    .innerJoin(lessonNotes, eq(lessonNotes.bookingId, bookings.id))
    .where(eq(bookings.id, bookingId));
  if (!lesson) return null;
  const events = await db.select().from(attendanceEvents).where(eq(attendanceEvents.bookingId, bookingId));
  return lessonSummary(lesson, lesson.note, judgeAttendance(events, lesson.booking, lesson.tutor, now));
}
