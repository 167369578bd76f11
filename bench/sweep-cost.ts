/**
 * What the scheduled sweep costs at rest: the whole scheduled handler's work (provider work,
 * retired meetings, lessons to settle, after-lesson work, old webhook ids, due messages) with
 * nothing due, on a platform of 10 bookings and on one of 100,000, each on in-process libSQL, with
 * recordings kept in R2. The rows are written by SQL in bulk, shaped like a platform's history:
 * past lessons completed, upcoming ones with their meetings, a webhook record for each payment,
 * messages sent and planned, a third of the lessons of the last 90 days recorded and copied.
 */
import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { freshZoom } from '../test/suites/fixtures';
import { sweepFor, type Env } from '../worker/app';
import type { Db } from '../worker/db';
import * as schema from '../worker/db/schema';
import { DAY, HOUR } from './scale-demand';

const AT = Date.parse('2030-06-03T12:00:00Z');

/** A database with `n` bookings, none of whose work is due at `AT`. */
async function platformOf(n: number): Promise<Db> {
  const db = drizzle(createClient({ url: ':memory:' }), { schema }) as unknown as Db;
  await migrate(db as never, { migrationsFolder: './drizzle' });
  const tutors = Math.max(1, Math.ceil(n / 200));
  const rows = `with recursive n(i) as (select 0 union all select i + 1 from n where i + 1 < ${n})`;
  const steps = [
    `with recursive n(i) as (select 0 union all select i + 1 from n where i + 1 < ${tutors})
     insert into tutors (id, name, email, timezone, zoom_user_id, backup_link)
     select 'tu_' || i, 'Tutor ' || i, 'tutor' || i || '@example.com', 'UTC', 'tutor' || i || '@example.com',
       'https://meet.google.com/abc-defg-hij' from n`,
    `insert into services (id, tutor_id, name, duration_minutes) select 'sv_' || substr(id, 4), id, 'Algebra II', 60 from tutors`,
    // Lessons from 60 days ago to 3 weeks ahead; past ones completed, one in fifty cancelled.
    `${rows}, b(i, start) as (select i, ${AT - 60 * DAY} + (i * 7919 % ${n}) * ${Math.floor((81 * DAY) / Math.max(1, n))} from n)
     insert into bookings (id, tutor_id, service_id, student_name, student_email, parent_email, start_at,
       duration_minutes, timezone, status, provider, payment_ref, meeting_provider, meeting_id, meeting_host,
       join_url, provisioning, meeting_version, confirmed_at, started_at, ended_at, cancelled_at, created_at, updated_at)
     select 'bk_' || i, 'tu_' || (i % ${tutors}), 'sv_' || (i % ${tutors}), 'Sam', 'student' || i || '@example.com',
       'parent' || i || '@example.com', start, 45, 'UTC',
       case when i % 50 = 0 then 'cancelled' when start < ${AT} then 'completed' else 'confirmed' end,
       'zoom', 'evt_' || i, 'zoom', 8000000000 + i, 'tutor' || (i % ${tutors}) || '@example.com',
       'https://us06web.zoom.us/j/' || (8000000000 + i), 'ready', 1, start - ${4 * DAY},
       case when start < ${AT} then start end, case when start < ${AT} then start + 2700000 end,
       case when i % 50 = 0 then start - ${DAY} end, start - ${4 * DAY}, start - ${4 * DAY} from b`,
    // Lessons waiting for tomorrow's Zoom calls: work due, but not yet.
    `update bookings set sync_due_at = ${AT + 12 * HOUR}, provisioning = 'failed', join_url = null
     where status = 'confirmed' and id in (select id from bookings where status = 'confirmed' limit ${Math.ceil(n / 200)})`,
    // One Stripe event per payment, all younger than the 30 days they are kept.
    `insert into processed_events (source, event_id, type, booking_id, received_at, processed_at)
     select 'stripe', payment_ref, 'checkout.session.completed', id, ${AT} - (rowid % 29) * ${DAY}, ${AT} - (rowid % 29) * ${DAY}
     from bookings`,
    // Confirmations sent to each person; the upcoming lessons' reminders planned.
    `insert into outbox (id, subject, version, kind, role, recipient, language, due_at, status, sent_at)
     select 'ob_' || b.id || r.role, b.id, 0, 'confirmation', r.role, b.student_email, 'en', b.confirmed_at, 'sent', b.confirmed_at
     from bookings b, (select 'student' as role union all select 'parent' union all select 'tutor') r`,
    `insert into outbox (id, subject, version, kind, role, recipient, language, due_at, status)
     select 'ob_' || b.id || r.kind, b.id, 0, r.kind, 'student', b.student_email, 'en', b.start_at - r.lead, 'pending'
     from bookings b, (select 'reminder_day' as kind, ${DAY} as lead union all select 'reminder_hour', ${HOUR}) r
     where b.status = 'confirmed' and b.start_at - r.lead > ${AT}`,
    // One lesson in three recorded: its video and audio copied to R2, kept for the tutor's 90 days
    // (the older ones deleted already).
    `insert into recordings (booking_id, meeting_uuid, total_size, received_at)
     select id, 'uuid_' || id, 100000000, ended_at + 600000 from bookings
     where status = 'completed' and rowid % 3 = 0 and ended_at > ${AT - 88 * DAY}`,
    `insert into recording_files (id, booking_id, meeting_uuid, file_type, file_extension, file_size, archive_state,
       archive_key, archived_size, archived_at, archive_due_at, retain_until)
     select 'rf_' || r.booking_id || f.type, r.booking_id, r.meeting_uuid, f.type, f.ext, 50000000, 'copied',
       'lessons/' || r.booking_id || '/rf.' || lower(f.ext), 50000000, r.received_at + 60000, r.received_at,
       b.ended_at + ${90 * DAY}
     from recordings r join bookings b on b.id = r.booking_id,
       (select 'MP4' as type, 'MP4' as ext union all select 'M4A', 'M4A') f`,
    // A retired meeting whose deletion Zoom refused, tried again later.
    `insert into meeting_cleanups (provider, meeting_id, meeting_host, booking_id, attempts, due_at)
     select 'zoom', meeting_id, meeting_host, id, 3, ${AT + HOUR} from bookings where status = 'cancelled' limit 20`,
  ];
  for (const step of steps) await db.run(sql.raw(step));
  return db;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The time of one sweep with nothing due at 100,000 bookings, as a ratio to the same sweep at 10,
 * the two measured in turns so that a busy moment of the machine falls on both.
 */
export async function sweepCost(bindings: { TOKENS: KVNamespace; RECORDINGS: R2Bucket }, rounds = 40, perRound = 5) {
  const z = freshZoom({ now: () => AT });
  const env = { ...bindings, ...z.env } as Env;
  const small = await platformOf(10);
  const large = await platformOf(100_000);
  const timed = async (db: Db) => {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) {
      const { messages, ...work } = await sweepFor(env, { db, fetch: z.zoom.fetch, now: () => AT });
      if (Object.values(work).some(Boolean) || messages.sent + messages.failed + messages.skipped)
        throw new Error(`The sweep at rest found work: ${JSON.stringify({ ...work, messages })}`);
    }
    return (performance.now() - t0) / perRound;
  };
  const times = { small: [] as number[], large: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    times.small.push(await timed(small));
    times.large.push(await timed(large));
  }
  const [count] = await large.all<{ n: number }>(sql`select count(*) as n from bookings`);
  const [files] = await large.all<{ n: number }>(sql`select count(*) as n from recording_files`);
  return { small: median(times.small), large: median(times.large), bookings: count!.n, recordingFiles: files!.n };
}
