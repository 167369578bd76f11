/**
 * Bookings for dashboards: filtered, in start order, a page at a time. The cursor names the last
 * booking of a page (its start and id), so pages stay stable while bookings are added or moved.
 */
import { and, asc, eq, gt, gte, lt, or, type SQL } from 'drizzle-orm';
import type { BookingQuery } from '../shared/api';
import type { Db } from './db';
import { bookings, type BookingRow } from './db/schema';
import { LessonError } from './errors';
import { b64url } from './crypto';

const MAX_PAGE = 200;

const cursorOf = (b: BookingRow) => b64url(new TextEncoder().encode(`${b.startAt.getTime()}|${b.id}`));

function after(cursor: string): SQL {
  let at: number;
  let id: string;
  try {
    const [ms, bookingId] = atob(cursor.replace(/-/g, '+').replace(/_/g, '/')).split('|');
    at = Number(ms);
    id = bookingId ?? '';
  } catch {
    at = Number.NaN;
    id = '';
  }
  if (!Number.isSafeInteger(at) || !/^bk_[0-9a-z]{10,40}$/.test(id))
    throw new LessonError(
      422,
      'invalid_request',
      'cursor is not one this API gave: pass next_cursor exactly as received.',
    );
  return or(gt(bookings.startAt, new Date(at)), and(eq(bookings.startAt, new Date(at)), gt(bookings.id, id)))!;
}

export async function listBookings(db: Db, q: BookingQuery): Promise<{ rows: BookingRow[]; next: string | null }> {
  const limit = Math.min(Math.max(q.limit, 1), MAX_PAGE);
  const rows = await db
    .select()
    .from(bookings)
    .where(
      and(
        q.tutor_id ? eq(bookings.tutorId, q.tutor_id) : undefined,
        q.student_email ? eq(bookings.studentEmail, q.student_email.toLowerCase()) : undefined,
        q.parent_email ? eq(bookings.parentEmail, q.parent_email.toLowerCase()) : undefined,
        q.status ? eq(bookings.status, q.status) : undefined,
        q.from ? gte(bookings.startAt, new Date(q.from)) : undefined,
        q.to ? lt(bookings.startAt, new Date(q.to)) : undefined,
        q.cursor ? after(q.cursor) : undefined,
      ),
    )
    .orderBy(asc(bookings.startAt), asc(bookings.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, next: rows.length > limit ? cursorOf(page.at(-1)!) : null };
}
