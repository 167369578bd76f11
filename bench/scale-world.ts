/**
 * One scale scenario, in-process: the real lifecycle on libSQL (`:memory:`) with a Miniflare KV,
 * against the Zoom sandbox on the same simulated clock (its per-host daily cap counts by that
 * clock). Each booking is paid at its moment through the Stripe webhook's handler; the provider
 * work of the cron's sweep runs each simulated minute (the outbox's half is left out: messages are
 * not links); every lesson is looked at the moment it starts.
 */
import { createClient } from '@libsql/client';
import { inArray, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { freshZoom } from '../test/suites/fixtures';
import { currentJoinUrl } from '../worker/access/lesson-view';
import type { Db } from '../worker/db';
import * as schema from '../worker/db/schema';
import { bookings, hostUsage, meetingCleanups } from '../worker/db/schema';
import { createLifecycle } from '../worker/lifecycle';
import { capacityReport } from '../worker/lifecycle/capacity';
import { providerRegistry } from '../worker/providers';
import { handlePayment } from '../worker/webhooks/stripe';
import { DAY, HOUR, LONGEST_LEAD, MINUTE, bookingsBetween, type Demand, type PlannedLesson } from './scale-demand';
import { addTutors, insertExisting, insertUnpaid, overlapsInDb } from './scale-platform';

export interface Scenario {
  demand: Demand;
  /** Hours of bookings simulated, from `from` hours after midnight UTC (default 0). */
  hours: number;
  from?: number;
  /** Zoom answers nothing but errors from `from` (hours after midnight) for `hours`. */
  outage?: { from: number; hours: number };
}

/** What happened to the lessons booked during the simulation, and what Zoom saw. */
export interface Outcome {
  booked: number;
  /** Lessons of the centres booked before the simulated day, already on their hosts. */
  existing: number;
  started: number;
  withoutLink: { id: string; status: string; provisioning: string; lastError: string | null }[];
  /** Lessons that started on their tutor's backup link: whose (index in the demand), when, and why. */
  onBackup: { tutor: number; start: number; lastError: string | null }[];
  /** Of the lessons that started without a Zoom meeting, how many `GET /api/capacity` listed at risk beforehand. */
  listedAtRisk: number;
  /** The worst time from payment to a ready meeting, for lessons starting within 24 h of their payment. */
  worstPaidToReadyMs: number;
  /** Lessons starting within 24 h of their payment that had no meeting by their start. */
  neverReady: number;
  /** The same worst, among lessons paid after the outage ended. */
  worstPaidToReadyAfterOutageMs: number;
  /** The outage's end to the last lesson waiting then (starting within 24 h) having its meeting. */
  recoveryMs: number;
  dailyCap429s: number;
  other429s: number;
  /** Most creates and updates one host made in a UTC day, as Zoom counted them and as the Worker reserved them. */
  busiestHostCalls: number;
  busiestHostReserved: number;
  /** Lessons that waited for a host's calls of the next UTC day. */
  waitedForTomorrow: number;
  zoomCalls: number;
  overlapsAtZoom: number;
  overlapsInDb: number;
  sweeps: number;
  /** Log lines by event (`meeting.failed`, …). */
  warnings: Record<string, number>;
  wallMs: number;
  /** CPU time the scenario's process spent (user and system). */
  cpuMs: number;
}

export const START = Date.parse('2030-03-04T00:00:00Z');

/** One scenario from an empty database to the start of the last lesson booked in it. */
export async function simulate(scenario: Scenario, kv: KVNamespace): Promise<Outcome> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const { demand } = scenario;
  const bookingStart = START + (scenario.from ?? 0) * HOUR;
  const bookingEnd = bookingStart + scenario.hours * HOUR;
  const plan = bookingsBetween(demand, START - LONGEST_LEAD, bookingEnd);
  // The centres' schedules, booked before the simulated day: what their hosts already carry. People's
  // earlier lessons never overlap their new ones, so only the slots they take are kept, not their rows.
  const existing = plan.filter(
    (l) => l.bookedAt < bookingStart && l.start >= bookingStart && l.tutor < demand.centres.length,
  );
  const arrivals = plan.filter((l) => l.bookedAt >= bookingStart);

  let now = bookingStart;
  const clock = () => now;
  const db = drizzle(createClient({ url: ':memory:' }), { schema }) as unknown as Db;
  await migrate(db as never, { migrationsFolder: './drizzle' });
  // The Worker's token cache reads the real clock: a token that outlives the simulated weeks keeps
  // the two clocks from disagreeing about when it expires.
  const z = freshZoom({ now: clock, dailyCap: 100, tokenTtlSeconds: 60 * 24 * 3600 });
  const platformHosts = Array.from({ length: demand.platformHosts }, (_, i) => `platform.host${i + 1}@lessons.example`);
  const providers = providerRegistry(
    { TOKENS: kv, ...z.env, ZOOM_PLATFORM_HOSTS: platformHosts.join(',') },
    { fetch: z.zoom.fetch },
  );
  const lessons = createLifecycle({ db, providers, now: clock });
  const tutors = await addTutors(db, demand, platformHosts);
  await insertExisting(db, existing, tutors);
  // Unpaid bookings, written ahead in bulk (booking is one insert; paying is what makes meetings).
  const ids = await insertUnpaid(db, arrivals, tutors);
  const index = new Map(ids.map((id, i) => [id, i]));

  // The Worker's log, counted by event instead of printed; lessons told to wait for tomorrow's calls kept.
  const warnings: Record<string, number> = {};
  const waitedForTomorrow = new Set<string>();
  const { warn, log } = console;
  console.warn = console.log = (line: unknown) => {
    const logged = typeof line === 'string' && line.startsWith('{') ? JSON.parse(line) : { event: 'other' };
    warnings[logged.event] = (warnings[logged.event] ?? 0) + 1;
    if (/after midnight UTC/.test(logged.error ?? '')) waitedForTomorrow.add(logged.booking);
  };
  const outageEnd = scenario.outage ? START + (scenario.outage.from + scenario.outage.hours) * HOUR : null;
  if (scenario.outage) {
    const from = START + scenario.outage.from * HOUR;
    // A share of the calls get no answer at all (the connection breaks, as on a timeout); the rest get 500s.
    z.zoom.addFault({ share: 0.2, drop: true, from, until: outageEnd! }, { status: 500, from, until: outageEnd! });
  }

  const firstAtRisk = new Map<string, number>();
  const byStart = arrivals.map((_, i) => i).sort((a, b) => arrivals[a]!.start - arrivals[b]!.start);
  let checked = 0;
  /** The meeting each lesson had at its start. */
  const hadMeeting = new Map<string, string>();
  const out = {
    started: 0,
    withoutLink: [] as Outcome['withoutLink'],
    onBackup: [] as Outcome['onBackup'],
    listedAtRisk: 0,
    sweeps: 0,
  };

  /** The lessons starting now, as their people find them. */
  async function lookAtStarts() {
    const due: string[] = [];
    while (checked < byStart.length && arrivals[byStart[checked]!]!.start <= now) due.push(ids[byStart[checked++]!]!);
    if (!due.length) return;
    for (const b of await db.select().from(bookings).where(inArray(bookings.id, due))) {
      out.started++;
      if (!currentJoinUrl(b) || b.status !== 'confirmed')
        out.withoutLink.push({ id: b.id, status: b.status, provisioning: b.provisioning, lastError: b.lastError });
      if (b.provisioning === 'ready') {
        hadMeeting.set(b.id, b.meetingId!);
        continue;
      }
      const tutor = arrivals[index.get(b.id)!]!.tutor;
      if (b.provisioning === 'fallback')
        out.onBackup.push({ tutor, start: b.startAt.getTime(), lastError: b.lastError });
      if (firstAtRisk.has(b.id)) out.listedAtRisk++;
    }
  }

  let next = 0;
  const lastStart = Math.max(...arrivals.map((l) => l.start));
  for (now = bookingStart; now <= lastStart; ) {
    await lookAtStarts();
    // The operator's view, every quarter hour, while lessons booked in the simulation are close.
    if (now % (15 * MINUTE) === 0 && now < bookingEnd + DAY)
      for (const r of (await capacityReport(db, providers, now)).at_risk)
        if (!firstAtRisk.has(r.booking_id)) firstAtRisk.set(r.booking_id, now);
    await lessons.sweep();
    out.sweeps++;
    const minuteEnd = now + MINUTE;
    for (; next < arrivals.length && arrivals[next]!.bookedAt < minuteEnd; next++) {
      now = arrivals[next]!.bookedAt;
      const id = ids[next]!;
      const paid = { payment_status: 'paid', client_reference_id: id };
      await handlePayment(
        db,
        lessons,
        { id: `evt_${id}`, type: 'checkout.session.completed', data: { object: paid } },
        now,
      );
    }
    now = minuteEnd;
    // Once bookings have stopped, minutes with nothing due and no lesson starting are skipped: their
    // sweep would find nothing to do.
    if (now > bookingEnd) now = Math.min(lastStart + MINUTE, await nextMoment(db, now, arrivals[byStart[checked]!]));
  }
  Object.assign(console, { warn, log });

  // A lesson's meeting was ready when Zoom made it (the simulated clock stands still while the
  // Worker works): the meeting it had at its start, as the sandbox dates it.
  let worst = 0;
  let worstAfter = 0;
  let recovery = 0;
  let neverReady = 0;
  arrivals.forEach((l, i) => {
    if (l.start - l.bookedAt >= DAY) return;
    const meeting = hadMeeting.get(ids[i]!);
    if (!meeting) {
      neverReady++;
      return;
    }
    const readyAt = Date.parse(z.zoom.meeting(meeting)!.created_at);
    worst = Math.max(worst, readyAt - l.bookedAt);
    if (outageEnd === null) return;
    if (l.bookedAt >= outageEnd) worstAfter = Math.max(worstAfter, readyAt - l.bookedAt);
    else recovery = Math.max(recovery, readyAt - outageEnd);
  });
  const usage = z.zoom.dailyUsage();
  const dailyCap429s = usage.reduce((n, u) => n + u.refused, 0);
  const calls = z.zoom.calls();
  return {
    ...out,
    booked: arrivals.length,
    existing: existing.length,
    worstPaidToReadyMs: worst,
    neverReady,
    worstPaidToReadyAfterOutageMs: worstAfter,
    recoveryMs: recovery,
    dailyCap429s,
    other429s: calls.filter((c) => c.status === 429).length - dailyCap429s,
    busiestHostCalls: Math.max(0, ...usage.map((u) => u.used)),
    busiestHostReserved: (await db.select({ n: sql<number>`max(${hostUsage.used})` }).from(hostUsage))[0]?.n ?? 0,
    waitedForTomorrow: waitedForTomorrow.size,
    zoomCalls: calls.length,
    overlapsAtZoom: z.zoom.hostOverlaps().scheduled.length,
    overlapsInDb: await overlapsInDb(db),
    warnings,
    wallMs: performance.now() - wall,
    cpuMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpu)),
  };
}

/** The next minute anything can happen once bookings have stopped: work due, or a lesson starting. */
async function nextMoment(db: Db, at: number, nextStart: PlannedLesson | undefined): Promise<number> {
  const [[work], [cleanup]] = await db.batch([
    db.select({ at: sql<number | null>`min(${bookings.syncDueAt})` }).from(bookings),
    db.select({ at: sql<number | null>`min(${meetingCleanups.dueAt})` }).from(meetingCleanups),
  ]);
  const due = Math.min(
    work?.at ?? Number.POSITIVE_INFINITY,
    cleanup?.at ?? Number.POSITIVE_INFINITY,
    nextStart?.start ?? Number.POSITIVE_INFINITY,
  );
  return Math.max(at, Math.ceil(due / MINUTE) * MINUTE);
}
