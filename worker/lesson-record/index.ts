/** What happened in a lesson, as the operator API shows it beside the booking. */
import type { BookingDetail } from '../../shared/api';
import type { Db } from '../db';
import type { BookingRow } from '../db/schema';
import { bookingJson } from '../api-json';
import { attendanceOf } from './attendance';
import { noteOf } from './notes';
import { recordingsOf } from './recordings';

export async function bookingDetail(db: Db, booking: BookingRow, now: number): Promise<BookingDetail> {
  const [attendance, recordings, note] = await Promise.all([
    attendanceOf(db, booking, now),
    recordingsOf(db, booking.id),
    noteOf(db, booking.id),
  ]);
  return {
    ...bookingJson(booking),
    started_at: booking.startedAt?.toISOString() ?? null,
    ended_at: booking.endedAt?.toISOString() ?? null,
    attendance,
    recordings: recordings.files,
    recording_auto_delete_date: recordings.autoDeleteDate,
    note,
  };
}
