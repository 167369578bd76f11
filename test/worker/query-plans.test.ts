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
import { dueCopies, retiredCopies } from '../../worker/lesson-record/archive';
import { hostFreeFor } from '../../worker/lifecycle/capacity';
import { dueCleanups, dueWork, forgetEvents, pullForward } from '../../worker/lifecycle/due-work';
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
    "after an outage, the next two days' lessons waiting out a backoff": pullForward(db, now, 48 * 3600_000),
    "one booking's retired meetings": dueCleanups(db, now, 100, 'bk_0123456789abcdefghij'),
    'old webhook ids, in a batch': forgetEvents(db, now - 30 * 86400_000, 1000),
    'lessons nobody started, to settle as missed': db.select().from(bookings).where(unstarted(now)),
    'recordings to copy to R2': dueCopies(db, new Date(now), 5),
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

  // Every minute: a walk of a whole index (`SCAN … USING INDEX`) would cost time in proportion to what
  // waits, not to what is due; after an outage thousands of lessons wait while a few are due.
  const sweepQueries = {
    'due provider work': queries['due provider work, soonest lesson first'],
    'retired meetings due': queries['retired meetings due'],
    'lessons pulled forward': queries["after an outage, the next two days' lessons waiting out a backoff"],
    'old webhook ids': queries['old webhook ids, in a batch'],
    'recordings to copy': queries['recordings to copy to R2'],
  };
  for (const [name, query] of Object.entries(sweepQueries)) {
    it(`the sweep's ${name} reads a range of an index, never a whole one`, async () => {
      const plan = await planOf(query);
      const walks = plan.filter((step) => /^SCAN (\w+)/.test(step) && GROWING.includes(/^SCAN (\w+)/.exec(step)![1]!));
      expect({ name, walks, plan }).toMatchObject({ name, walks: [] });
    });
  }

  it('lessons nobody started: read from the lessons still waiting to be settled, not every lesson of the week', async () => {
    const plan = await planOf(queries['lessons nobody started, to settle as missed']);
    expect(plan).toContainEqual(
      expect.stringMatching(/^SEARCH bookings USING INDEX bookings_unsettled \(start_at>\? AND start_at<\?\)/),
    );
  });

  it("a host's other lessons at a lesson's time: a bounded range of the host's lessons, not its whole history", async () => {
    const lesson = { id: 'bk_0123456789abcdefghij', startAt: new Date(now), durationMinutes: 60 };
    const plan = await planOf(
      db
        .select({ id: bookings.id })
        .from(bookings)
        .where(and(eq(bookings.id, lesson.id), hostFreeFor(db, lesson, 'teacher@tutoring.example'))),
    );
    expect(plan).toContainEqual(
      expect.stringMatching(/bookings_host_start \(meeting_host=\? AND start_at>\? AND start_at<\?\)/),
    );
  });

  it('recordings to copy, and copies to delete: the sweep reads the files due, not every file kept', async () => {
    // Forty files copied long ago, kept for another month; none waits to be copied or deleted.
    const id = `bk_rows_read_${now}`;
    await env.DB.batch([
      env.DB.prepare(
        `insert into tutors (id, name, email, timezone) values ('tu_${id}', 'Alex Rivera', '${id}@example.com', 'UTC')`,
      ),
      env.DB.prepare(
        `insert into services (id, tutor_id, name, duration_minutes) values ('sv_${id}', 'tu_${id}', 'Algebra II', 60)`,
      ),
      env.DB.prepare(
        `insert into bookings (id, tutor_id, service_id, student_name, student_email, start_at, duration_minutes, timezone, provider)
         values ('${id}', 'tu_${id}', 'sv_${id}', 'Sam', 'sam@example.com', ${now - 86400_000}, 60, 'UTC', 'zoom')`,
      ),
      ...Array.from({ length: 40 }, (_, i) =>
        env.DB.prepare(
          `insert into recording_files (id, booking_id, meeting_uuid, file_type, archive_state, archive_due_at, retain_until)
           values ('rf_${id}_${i}', '${id}', 'uuid', 'MP4', 'copied', ${now - 3600_000}, ${now + 30 * 86400_000})`,
        ),
      ),
    ]);
    for (const query of [dueCopies(db, new Date(now), 5), retiredCopies(db, now, 50)]) {
      const { sql, params } = query.toSQL();
      const { results, meta } = await env.DB.prepare(sql)
        .bind(...params)
        .all();
      expect({ sql, results, rowsRead: meta.rows_read < 5 }).toMatchObject({ results: [], rowsRead: true });
    }
  });

  it('the check finds a full scan where there is one', async () => {
    const plan = await planOf(db.select().from(bookings).where(eq(bookings.studentName, 'Sam')));
    expect(fullScans(plan)).toEqual(['SCAN bookings']);
  });
});
