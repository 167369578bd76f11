import { sql } from 'drizzle-orm';
import { bookings, type BookingRow } from '../db/schema';

/** When a lesson ends: its start plus its booked length. The one place this is computed. */
export const lessonEnd = (b: Pick<BookingRow, 'startAt' | 'durationMinutes'>): number =>
  b.startAt.getTime() + b.durationMinutes * 60_000;

/** `lessonEnd` in SQL, for conditions on many bookings at once. */
export const lessonEndSql = sql<number>`(${bookings.startAt} + ${bookings.durationMinutes} * 60000)`;

/**
 * How long a worker may hold a booking's provider work before another may take it over: the
 * longest a crash delays a lesson's link (plus the next sweep). A round of work is a few calls of
 * at most 8 s each; one that overruns and lands a second meeting has it deleted (`lost:` cleanups).
 */
export const LEASE_MS = 30_000;
/** How close to the start a failing provider gives way to the tutor's backup link. */
export const FALLBACK_WINDOW_MS = 15 * 60_000;

/** A meeting started earlier than this before the lesson is not the lesson (a tutor trying Zoom out). */
export const EARLY_SESSION_MS = 60 * 60_000;
/** A session that ends more than this before the start was a practice run; attendance counts from here. */
export const PRACTICE_END_MS = 10 * 60_000;

/** Attendance verdicts are final this long after the meeting's end (or the scheduled end of a meeting never started). */
export const VERDICT_FINAL_MS = 5 * 60_000;

/** Deleting a retired meeting is given up after this many refusals (about two days at most). */
export const CLEANUP_GIVE_UP_ATTEMPTS = 50;
/** Webhook deliveries are remembered this long; Stripe retries for three days, Zoom for about 90 minutes. */
export const EVENT_MEMORY_MS = 30 * 24 * 3600_000;

const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;
/** Inside the last stretch before a lesson (from `FALLBACK_WINDOW_MS` before its start), retries are at most this far apart. */
const CLOSE_RETRY_MS = 60_000;

/**
 * How long to wait before trying failed provider work again: exponential from 30 s, capped at an
 * hour, with jitter so many failed bookings do not return at once; Zoom's Retry-After when it gave
 * one; the full hour for problems only a person can fix. `nextAttemptAt` bounds it by the lesson.
 */
export function retryDelayMs(attempts: number, retryable: boolean, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.max(1_000, retryAfterMs);
  if (!retryable) return MAX_DELAY_MS;
  const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.8 + Math.random() * 0.4));
}

/**
 * When a lesson's provider work is tried again. No error may push it past the moment the backup
 * link would take over (`FALLBACK_WINDOW_MS` before the start): whatever Zoom said, the lesson is
 * looked at again then; from then on, at most a minute apart, until it has a link.
 * @example nextAttemptAt(now, startAt, 3, { retryable: false }) // now + 1 h, or the fallback moment if sooner
 */
export function nextAttemptAt(
  now: number,
  startAt: number,
  attempts: number,
  err: { retryable: boolean; retryAfterMs?: number },
): number {
  const delay = retryDelayMs(attempts, err.retryable, err.retryAfterMs);
  const fallbackAt = startAt - FALLBACK_WINDOW_MS;
  if (now < fallbackAt) return Math.min(now + delay, fallbackAt);
  return now + Math.min(delay, CLOSE_RETRY_MS);
}
