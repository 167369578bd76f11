/** What happened in a lesson, as the operator API shows it beside the booking, and as the views read it. */
import { eq, inArray } from 'drizzle-orm';
import type { BookingDetail, RecordingLink } from '../../shared/api';
import type { Db } from '../db';
import {
  attendanceEvents,
  lessonNotes,
  recordingFiles,
  recordingShares,
  services,
  tutors,
  type AttendanceEventRow,
  type BookingRow,
  type LessonNoteRow,
  type RecordingFileRow,
  type TutorRow,
} from '../db/schema';
import { bookingJson } from '../api-json';
import { availableUntil } from './archive';
import { attendanceFrom } from './attendance';
import { noteOf, transcriptOf } from './notes';
import { recordingJson, recordingsOf } from './recordings';
import { lessonSummary } from './summary';

/** What the views need of what happened in a lesson. */
export interface RecordFacts {
  events: AttendanceEventRow[];
  files: RecordingFileRow[];
  shared: boolean;
  note: LessonNoteRow | null;
}

/** The record of each of these lessons, in four queries. */
export async function recordFactsOf(db: Db, bookingIds: string[]): Promise<Map<string, RecordFacts>> {
  const facts = new Map<string, RecordFacts>(
    bookingIds.map((id) => [id, { events: [], files: [], shared: false, note: null }]),
  );
  if (!bookingIds.length) return facts;
  const [events, files, shares, notes] = await Promise.all([
    db.select().from(attendanceEvents).where(inArray(attendanceEvents.bookingId, bookingIds)),
    db.select().from(recordingFiles).where(inArray(recordingFiles.bookingId, bookingIds)),
    db
      .select({ bookingId: recordingShares.bookingId })
      .from(recordingShares)
      .where(inArray(recordingShares.bookingId, bookingIds)),
    db.select().from(lessonNotes).where(inArray(lessonNotes.bookingId, bookingIds)),
  ]);
  for (const e of events) facts.get(e.bookingId)!.events.push(e);
  for (const f of files) facts.get(f.bookingId)!.files.push(f);
  for (const s of shares) facts.get(s.bookingId)!.shared = true;
  for (const n of notes) facts.get(n.bookingId)!.note = n;
  return facts;
}

/**
 * The booking with attendance and its verdicts, recordings (with links the tutor may open, signed
 * by `sign`), whether they are shared, the note, the transcript beside it, and the family's summary.
 */
export async function bookingDetail(
  db: Db,
  booking: BookingRow,
  now: number,
  sign: (files: RecordingFileRow[]) => Promise<RecordingLink[] | null>,
): Promise<BookingDetail> {
  const [[lesson], record, recordings, note, transcript] = await Promise.all([
    db
      .select({ tutor: tutors, service: services })
      .from(tutors)
      .innerJoin(services, eq(services.id, booking.serviceId))
      .where(eq(tutors.id, booking.tutorId)),
    recordFactsOf(db, [booking.id]).then((m) => m.get(booking.id)!),
    recordingsOf(db, booking.id),
    noteOf(db, booking.id),
    transcriptOf(db, booking.id),
  ]);
  const tutor: TutorRow = lesson!.tutor;
  const attendance = attendanceFrom(record.events, booking, tutor, now);
  const until = availableUntil(booking, tutor);
  return {
    ...bookingJson(booking),
    started_at: booking.startedAt?.toISOString() ?? null,
    ended_at: booking.endedAt?.toISOString() ?? null,
    attendance,
    recordings: recordings.files.map((f) => recordingJson(f, until)),
    recording_links: (await sign(recordings.files)) ?? [],
    recording_shared: record.shared,
    recording_auto_delete_date: recordings.autoDeleteDate,
    note,
    transcript,
    summary: lessonSummary({ booking, tutor, service: lesson!.service }, record.note, attendance),
  };
}
