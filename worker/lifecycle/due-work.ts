/**
 * What the scheduled sweep reads: provider work that is due (soonest lesson first), retired meetings
 * to delete, webhook ids old enough to forget. Each query reads an index, so a sweep costs time in
 * proportion to the work that is due, not to the size of any table (a test checks the query plans).
 */
import { and, asc, gt, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { bookings, meetingCleanups, processedEvents } from '../db/schema';

/**
 * Bookings whose provider work is due and free, in the order of their lessons' start. The due rows
 * are found by when they are due and then sorted: ordered by the start index instead, SQLite walks
 * every waiting booking to find the due ones, and after an outage, or with lessons far ahead waiting
 * for tomorrow's Zoom calls, those are thousands every minute. (`+` keeps that index out of it.)
 */
export const dueWork = (db: Db, at: number, limit: number) =>
  db
    .select({ id: bookings.id, host: bookings.meetingHost, tutorId: bookings.tutorId, attempts: bookings.attempts })
    .from(bookings)
    .where(
      and(
        isNotNull(bookings.syncDueAt),
        lte(bookings.syncDueAt, new Date(at)),
        or(isNull(bookings.leaseUntil), lt(bookings.leaseUntil, new Date(at))),
      ),
    )
    .orderBy(sql`+${bookings.startAt}`)
    .limit(limit);

/**
 * The provider answered again for a lesson that had failed: every lesson of the next `within` ms
 * still waiting out a failure's backoff is due now (the sweep takes them soonest first, within
 * each host's budget). Lessons further ahead keep their backoff: it ends long before they start.
 */
export const pullForward = (db: Db, at: number, within: number) =>
  db
    .update(bookings)
    .set({ syncDueAt: new Date(at) })
    .where(
      and(
        isNotNull(bookings.syncDueAt),
        lt(bookings.startAt, new Date(at + within)),
        gt(bookings.syncDueAt, new Date(at)),
        gt(bookings.attempts, 0),
      ),
    );

/** Retired meetings whose deletion is due, oldest due first. */
export const dueCleanups = (db: Db, at: number, limit: number, bookingId?: string) =>
  db
    .select()
    .from(meetingCleanups)
    .where(
      and(
        lte(meetingCleanups.dueAt, new Date(at)),
        or(isNull(meetingCleanups.leaseUntil), lt(meetingCleanups.leaseUntil, new Date(at))),
        bookingId ? sql`${meetingCleanups.bookingId} = ${bookingId}` : undefined,
      ),
    )
    .orderBy(asc(meetingCleanups.dueAt))
    .limit(limit);

/** Forgets at most `limit` webhook ids received before `before`. */
export const forgetEvents = (db: Db, before: number, limit: number) =>
  db.delete(processedEvents).where(
    inArray(
      sql`rowid`,
      db
        .select({ rowid: sql`rowid` })
        .from(processedEvents)
        .where(lt(processedEvents.receivedAt, new Date(before)))
        .limit(limit),
    ),
  );

/**
 * Runs `run` over `items` in their order, at most `concurrency` at a time and never two with the
 * same `key` (one provider host) at once: the next free item goes first, so order is kept per host.
 */
export async function inOrder<T>(
  items: T[],
  options: { concurrency: number; key: (item: T) => string },
  run: (item: T) => Promise<unknown>,
): Promise<void> {
  const waiting = [...items];
  const busy = new Set<string>();
  let running = 0;
  await new Promise<void>((done, fail) => {
    const next = () => {
      if (!waiting.length && !running) return done();
      while (running < options.concurrency) {
        const i = waiting.findIndex((item) => !busy.has(options.key(item)));
        if (i < 0) return;
        const [item] = waiting.splice(i, 1) as [T];
        const key = options.key(item);
        busy.add(key);
        running++;
        run(item).then(() => {
          busy.delete(key);
          running--;
          next();
        }, fail);
      }
    };
    next();
  });
}
