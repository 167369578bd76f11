/**
 * The lesson summary a family receives: the tutor's final note and the attendance, on the page of
 * whoever it is for (`summaryReader`) and in the `lesson_summary` email the outbox sends them.
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

/**
 * Who the summary is written for: the parent when the booking names one, else the student (an
 * adult learner, or a student who booked for themself). Only one of them: a tutor writes the note
 * for one reader, and may put things for a parent that they would say differently to the student.
 */
export const summaryReader = (b: Pick<BookingRow, 'parentEmail'>): 'parent' | 'student' =>
  b.parentEmail ? 'parent' : 'student';

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
 * A lesson's summary from the database, as the email says it when sent: null until its note is
 * final (or when the lesson was cancelled). One summary per lesson: `finalized_at` never changes.
 * @example const summary = await summaryOf(db, bookingId, Date.now())
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
