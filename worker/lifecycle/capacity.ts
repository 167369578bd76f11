/**
 * What a provider lets each host do, spent on the soonest lessons. Zoom allows 100 creates and
 * updates per host user per UTC day and one meeting at a time per host: a lesson gets a host from
 * its tutor's pool (then the platform's) with no overlapping lesson and calls left today, and the
 * call is counted before it is made. A lesson far away waits for tomorrow's calls rather than take
 * the last ones of today from lessons that are close.
 */
import { and, eq, gt, inArray, lt, ne, notExists, sql, type SQL } from 'drizzle-orm';
import { type CapacityReport, LONGEST_LESSON_MINUTES, type Provider } from '../../shared/api';
import type { Db } from '../db';
import { bookings, hostUsage, type BookingRow } from '../db/schema';
import { ProviderError, type MeetingProvider } from '../providers';
import { lessonEnd, lessonEndSql } from './schedule';

/** A lesson starting this far away or more leaves a host's last calls of the day to closer ones. */
export const FAR_LESSON_MS = 48 * 3600_000;
/** The share of a host's daily calls kept for lessons closer than `FAR_LESSON_MS`. */
const KEPT_FOR_CLOSE = 0.2;

/** `YYYY-MM-DD` of the UTC day `at` falls in. */
export const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);
export const nextUtcMidnight = (at: number) => {
  const d = new Date(at);
  d.setUTCHours(24, 0, 0, 0);
  return d.getTime();
};

const ACTIVE = ['confirmed', 'in_progress'] as const;

/**
 * No other lesson on `host` overlaps this one (a host runs one meeting at a time). Only lessons
 * starting less than the longest lesson before this one can still be running at its start: that
 * bound keeps the search to a few rows of the host's index, however many lessons the host has had.
 */
export function hostFreeFor(db: Db, b: Pick<BookingRow, 'id' | 'startAt' | 'durationMinutes'>, host: string): SQL {
  const other = db
    .select({ one: sql`1` })
    .from(bookings)
    .where(
      and(
        eq(bookings.meetingHost, host),
        gt(bookings.startAt, new Date(b.startAt.getTime() - LONGEST_LESSON_MINUTES * 60_000)),
        lt(bookings.startAt, new Date(lessonEnd(b))),
        ne(bookings.id, b.id),
        inArray(bookings.status, [...ACTIVE]),
        gt(lessonEndSql, b.startAt.getTime()),
      ),
    );
  return notExists(other);
}

/**
 * Counts one call for `host` today if it has calls left (and, for a lesson far away, more than
 * the share kept for close ones). False when it has not: the caller waits or tries another host.
 */
export async function reserveCall(
  db: Db,
  provider: Provider,
  cap: number,
  host: string,
  at: number,
  far: boolean,
): Promise<boolean> {
  const limit = far ? Math.floor(cap * (1 - KEPT_FOR_CLOSE)) : cap;
  const day = utcDay(at);
  const [row] = await db
    .insert(hostUsage)
    .values({ provider, host, day, used: 1 })
    .onConflictDoUpdate({
      target: [hostUsage.provider, hostUsage.host, hostUsage.day],
      set: { used: sql`${hostUsage.used} + 1` },
      setWhere: lt(hostUsage.used, limit),
    })
    .returning({ used: hostUsage.used });
  return !!row && row.used <= limit;
}

/** Gives back a call counted for `host` today and not made. */
export async function releaseCall(db: Db, provider: Provider, host: string, at: number): Promise<void> {
  await db
    .update(hostUsage)
    .set({ used: sql`max(0, ${hostUsage.used} - 1)` })
    .where(and(eq(hostUsage.provider, provider), eq(hostUsage.host, host), eq(hostUsage.day, utcDay(at))));
}

/** Zoom said the day's cap is reached (a 429 we did not see coming): nothing more today for this host. */
export async function hostSpent(db: Db, provider: Provider, cap: number, host: string, at: number): Promise<void> {
  const day = utcDay(at);
  await db
    .insert(hostUsage)
    .values({ provider, host, day, used: cap })
    .onConflictDoUpdate({ target: [hostUsage.provider, hostUsage.host, hostUsage.day], set: { used: cap } });
}

export interface HostChoice {
  host: string;
}

/**
 * Picks the host of a new meeting: counts the call, then marks the booking as being created there
 * in one statement that also checks no other lesson of the host overlaps (so two workers cannot
 * both take a slot). The booking's current host comes first (a lesson stays with its host when
 * it can). Null when the booking no longer wants a meeting; a `ProviderError` when no host can take
 * it now (retryable: tomorrow's calls, or another host's lesson moving).
 */
export async function claimHost(
  db: Db,
  provider: MeetingProvider,
  b: BookingRow,
  candidates: string[],
  mark: (host: string, free: SQL | undefined) => Promise<boolean>,
  at: number,
): Promise<HostChoice | null> {
  const cap = provider.capacity;
  const far = b.startAt.getTime() - at >= FAR_LESSON_MS;
  const order = [
    ...new Set([...(b.meetingHost && candidates.includes(b.meetingHost) ? [b.meetingHost] : []), ...candidates]),
  ];
  let busy = 0;
  let spent = 0;
  for (const host of order) {
    if (cap && !(await reserveCall(db, provider.id, cap.callsPerHostPerDay, host, at, far))) {
      spent++;
      continue;
    }
    if (await mark(host, cap?.oneMeetingAtATime ? hostFreeFor(db, b, host) : undefined)) return { host };
    // Taken at this time by another lesson (or the booking changed): the call was not made.
    if (cap) await releaseCall(db, provider.id, host, at);
    if (!(await stillWants(db, b))) return null;
    busy++;
  }
  const midnight = nextUtcMidnight(at);
  throw new ProviderError(
    spent
      ? `No host has ${far ? 'calls to spare' : 'calls left'} today for this lesson (${spent} spent, ${busy} busy at its time): it is made after midnight UTC.`
      : `Every host of this tutor has another lesson at this time (${busy}): add a host to the tutor's zoom_hosts or the platform's pool.`,
    spent ? { retryAfterMs: midnight - at } : { retryable: true },
  );
}

/** The booking's host has no other lesson at the booking's (new) time. */
export async function stillFree(db: Db, provider: MeetingProvider, b: BookingRow): Promise<boolean> {
  if (!provider.capacity?.oneMeetingAtATime || !b.meetingHost) return true;
  const [clash] = await db
    .select({ one: sql`1` })
    .from(bookings)
    .where(
      and(
        eq(bookings.id, b.id),
        // The same condition `claimHost` marks with, read here for the booking as it is.
        sql`not (${hostFreeFor(db, b, b.meetingHost)})`,
      ),
    );
  return !clash;
}

/** Counts a call (an update) for the booking's host, or says when the host has calls again. */
export async function spendCall(db: Db, provider: MeetingProvider, host: string | null, b: BookingRow, at: number) {
  const cap = provider.capacity;
  if (!cap || !host) return;
  const far = b.startAt.getTime() - at >= FAR_LESSON_MS;
  if (await reserveCall(db, provider.id, cap.callsPerHostPerDay, host, at, far)) return;
  throw new ProviderError(
    "The lesson's host has no calls left today to move its meeting: it is moved after midnight UTC.",
    {
      retryAfterMs: nextUtcMidnight(at) - at,
    },
  );
}

async function stillWants(db: Db, b: BookingRow): Promise<boolean> {
  const [row] = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.id, b.id), eq(bookings.provider, b.provider), inArray(bookings.status, [...ACTIVE])));
  return !!row;
}

/** What the operator sees before a lesson is at risk: each host's calls today, lessons still waiting for a meeting. */
export async function capacityReport(
  db: Db,
  providers: (p: Provider) => MeetingProvider,
  at: number,
): Promise<CapacityReport> {
  const day = utcDay(at);
  const usage = await db.select().from(hostUsage).where(eq(hostUsage.day, day));
  const waiting = await db
    .select({
      id: bookings.id,
      tutorId: bookings.tutorId,
      provider: bookings.provider,
      startAt: bookings.startAt,
      provisioning: bookings.provisioning,
      lastError: bookings.lastError,
      nextAttemptAt: bookings.syncDueAt,
    })
    .from(bookings)
    .where(
      and(
        sql`${bookings.syncDueAt} is not null`,
        eq(bookings.status, 'confirmed'),
        sql`${bookings.joinUrl} is null`,
        gt(lessonEndSql, at),
      ),
    )
    .orderBy(bookings.startAt)
    .limit(500);
  const within = (ms: number) => waiting.filter((w) => w.startAt.getTime() - at < ms);
  const cap = (p: Provider) => providers(p).capacity?.callsPerHostPerDay ?? null;
  return {
    day,
    hosts: usage.map((u) => ({ provider: u.provider, host: u.host, used: u.used, cap: cap(u.provider) })),
    waiting_for_a_meeting: waiting.length,
    // The first reminder goes a day ahead: a lesson this close with no meeting needs someone to look.
    at_risk: within(26 * 3600_000).map((w) => ({
      booking_id: w.id,
      tutor_id: w.tutorId,
      start_at: w.startAt.toISOString(),
      state: w.provisioning,
      last_error: w.lastError,
      next_attempt_at: w.nextAttemptAt?.toISOString() ?? null,
    })),
  };
}
