/**
 * The scheduled sweep, and the reads every link makes, use an index: SQLite's own query plan (on D1)
 * must not scan a table that grows with the platform. A sweep then costs time in proportion to the
 * work that is due, not to the number of bookings ever made.
 */
import { env } from 'cloudflare:workers';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../worker/db';
import { bookings, links } from '../../worker/db/schema';
import { dueCleanups, dueWork, forgetEvents } from '../../worker/lifecycle/due-work';
import { unstarted } from '../../worker/lifecycle/settle';

/** Tables that grow without bound; a plan step that reads one of them whole is a failure. */
const GROWING = ['bookings', 'links', 'meeting_cleanups', 'processed_events', 'attendance_events', 'recording_files'];

async function planOf(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
  const { sql, params } = query.toSQL();
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail);
}

/** The plan's steps that read a growing table without an index. */
const fullScans = (plan: string[]) =>
  plan.filter((step) => {
    const scan = /^SCAN (\w+)/.exec(step);
    return scan && GROWING.includes(scan[1]!) && !/USING (COVERING )?INDEX|PRIMARY KEY/.test(step);
  });

describe('query plans', () => {
  const db = openDatabase(env);
  const now = Date.now();
  const queries = {
    'due provider work, soonest lesson first': dueWork(db, now, 100),
    'retired meetings due': dueCleanups(db, now, 100),
    "one booking's retired meetings": dueCleanups(db, now, 100, 'bk_0123456789abcdefghij'),
    'old webhook ids, in a batch': forgetEvents(db, now - 30 * 86400_000, 1000),
    'lessons nobody started, to settle as missed': db.select().from(bookings).where(unstarted(now)),
    'a link by its hash': db
      .select()
      .from(links)
      .where(eq(links.idHash, 'ab'.repeat(32))),
    'a page of links by their hashes, with their lessons': db
      .select({ link: links, booking: bookings })
      .from(links)
      .leftJoin(bookings, and(eq(links.scope, 'lesson'), eq(bookings.id, links.subject)))
      .where(inArray(links.idHash, ['ab'.repeat(32), 'cd'.repeat(32), 'ef'.repeat(32)])),
    "a student's upcoming lessons": db
      .select()
      .from(bookings)
      .where(and(eq(bookings.studentEmail, 'sam@example.com'), gt(bookings.startAt, new Date(now))))
      .orderBy(asc(bookings.startAt))
      .limit(20),
    "a tutor's bookings, a page at a time": db
      .select()
      .from(bookings)
      .where(and(eq(bookings.tutorId, 'tu_0123456789abcdefghij'), gt(bookings.startAt, new Date(now))))
      .orderBy(asc(bookings.startAt), asc(bookings.id))
      .limit(50),
  };

  for (const [name, query] of Object.entries(queries)) {
    it(`${name} reads an index`, async () => {
      const plan = await planOf(query);
      expect(plan.length).toBeGreaterThan(0);
      expect({ name, fullScans: fullScans(plan), plan }).toMatchObject({ name, fullScans: [] });
    });
  }

  it('the check finds a full scan where there is one', async () => {
    const plan = await planOf(db.select().from(bookings).where(eq(bookings.studentName, 'Sam')));
    expect(fullScans(plan)).toEqual(['SCAN bookings']);
  });
});
