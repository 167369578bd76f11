/** Lessons whose meeting was never started: once their end has passed, they are `missed`, not confirmed forever. */
import { and, eq, isNotNull, lte } from 'drizzle-orm';
import type { Db } from '../db';
import { bookings } from '../db/schema';
import { VERDICT_FINAL_MS, lessonEndSql } from './schedule';

/**
 * Settles, from `VERDICT_FINAL_MS` after their scheduled end, the confirmed lessons whose meeting
 * exists at a provider that reports starts (it has an id there) and never said it started. Lessons
 * on a link the provider does not report on (a tutor's own link, a backup link) stay as they are:
 * nothing says whether they happened. Answers how many were settled.
 */
export async function settleUnstarted(db: Db, now: number): Promise<number> {
  const settled = await db
    .update(bookings)
    .set({ status: 'missed', syncDueAt: null, updatedAt: new Date(now) })
    .where(
      and(
        eq(bookings.status, 'confirmed'),
        eq(bookings.provisioning, 'ready'),
        isNotNull(bookings.meetingId),
        lte(lessonEndSql, now - VERDICT_FINAL_MS),
      ),
    )
    .returning({ id: bookings.id });
  if (settled.length) console.log(JSON.stringify({ event: 'lessons.missed', lessons: settled.map((b) => b.id) }));
  return settled.length;
}
