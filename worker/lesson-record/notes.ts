/**
 * The tutor's lesson note, drafted the moment Zoom says the lesson ended: date, time, how long it
 * ran, who attended, and space for what was covered. Drafts follow later attendance events; the
 * tutor edits it and marks it final (`saveNote`), and a final note is never rewritten. The lesson's
 * transcript is kept beside it (`transcripts`). A note made final puts the family's lesson summary
 * in the outbox, in the same batch.
 */
import { asc, eq } from 'drizzle-orm';
import type { Attendance, NoteInput } from '../../shared/api';
import type { Db } from '../db';
import { lessonNotes, transcripts, type BookingRow, type ServiceRow, type TutorRow } from '../db/schema';
import { LessonError } from '../errors';
import { lessonEnd } from '../lifecycle/schedule';
import { outboxStatements } from '../outbox/plan';

export function noteTemplate(
  booking: BookingRow,
  tutor: TutorRow,
  service: ServiceRow,
  attendance: Attendance | null,
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

  const student = attendance?.no_show
    ? `${booking.studentName} did not join (no-show).`
    : attendance?.student.verdict === 'not_admitted'
      ? `${booking.studentName} waited but was not let in.`
      : `${booking.studentName}: ${attendance?.student_minutes_attended ?? 0} min` +
        (attendance?.student_minutes_late ? `, joined ${attendance.student_minutes_late} min late.` : ', on time.');
  const others = (attendance?.participants ?? [])
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

/**
 * The tutor's edit: a new body, and or the note made final. A final note does not change again
 * (the family may have read it): editing one is refused with 409. The batch that makes it final
 * also writes the lesson summary's message (once: a second "final" finds the note final already).
 * Its caller sends it (`lifecycle.saveNote`).
 */
export async function saveNote(db: Db, booking: BookingRow, input: NoteInput, now: number) {
  if (booking.status === 'cancelled')
    throw new LessonError(409, 'lesson_cancelled', `Booking ${booking.id} is cancelled; it has no note.`);
  const at = new Date(now);
  const set = {
    ...(input.body !== undefined && { body: input.body }),
    ...(input.final && { status: 'final' as const, finalizedAt: at }),
    updatedAt: at,
  };
  const [[saved]] = await db.batch([
    db
      .insert(lessonNotes)
      .values({ bookingId: booking.id, body: input.body ?? '', status: 'draft', ...set })
      .onConflictDoUpdate({ target: lessonNotes.bookingId, set, setWhere: eq(lessonNotes.status, 'draft') })
      .returning(),
    ...(input.final ? outboxStatements(db, { kind: 'note_final', bookingId: booking.id }, now) : []),
  ]);
  if (!saved)
    throw new LessonError(409, 'note_final', 'This note is final and cannot change: the family may have read it.');
  return noteOf(db, booking.id);
}

export async function noteOf(db: Db, bookingId: string) {
  const [note] = await db.select().from(lessonNotes).where(eq(lessonNotes.bookingId, bookingId));
  return note
    ? {
        status: note.status,
        body: note.body,
        updated_at: note.updatedAt.toISOString(),
        finalized_at: note.finalizedAt?.toISOString() ?? null,
      }
    : null;
}

/** The lesson's transcript as `Speaker: words` lines (every session's, in order); null until there is one. */
export async function transcriptOf(db: Db, bookingId: string): Promise<string | null> {
  const texts = await db
    .select({ text: transcripts.text })
    .from(transcripts)
    .where(eq(transcripts.bookingId, bookingId))
    .orderBy(asc(transcripts.createdAt));
  return texts.length ? texts.map((t) => t.text).join('\n\n') : null;
}
