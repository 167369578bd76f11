/** Lessons whose meeting was never started: once their end has passed, they are `missed`, not confirmed forever. */
import { and, eq, gt, isNotNull, lte } from 'drizzle-orm';
import type { Db } from '../db';
import { bookings } from '../db/schema';
import { VERDICT_FINAL_MS, lessonEndSql } from './schedule';

/** How far back the sweep looks for lessons to settle: a week of lessons read by their start, never the whole table. */
const SETTLE_LOOKBACK_MS = 7 * 24 * 3600_000;

/** The lessons `settleUnstarted` settles now (exported for the query-plan test). */
export const unstarted = (now: number) =>
  and(
    gt(bookings.startAt, new Date(now - SETTLE_LOOKBACK_MS)),
    lte(bookings.startAt, new Date(now - VERDICT_FINAL_MS)),
    eq(bookings.status, 'confirmed'),
    eq(bookings.provisioning, 'ready'),
    isNotNull(bookings.meetingId),
    lte(lessonEndSql, now - VERDICT_FINAL_MS),
  );

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
    .where(unstarted(now))
    .returning({ id: bookings.id });
  if (settled.length) console.log(JSON.stringify({ event: 'lessons.missed', lessons: settled.map((b) => b.id) }));
  return settled.length;
}
