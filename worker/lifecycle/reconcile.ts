/**
 * Provider work for one booking, done by one worker at a time under a lease: create the meeting,
 * move it after a reschedule, or fall back to the tutor's link when the provider keeps failing.
 */
import { and, eq, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { isSafeMeetingUrl, storedMeetingUrl } from '../../shared/urls';
import type { Provider } from '../../shared/api';
import type { Db } from '../db';
import {
  bookings,
  meetingCleanups,
  services,
  tutors,
  type BookingRow,
  type ServiceRow,
  type TutorRow,
} from '../db/schema';
import { newId } from '../ids';
import {
  AccountGoneError,
  ProviderError,
  type LessonSpec,
  type MeetingProvider,
  type ProvidedMeeting,
  type ProviderRegistry,
  type TutorAccountChange,
} from '../providers';
import { claimHost, hostSpent, spendCall, stillFree } from './capacity';
import { dueCleanups } from './due-work';
import { LOST_CREATE_LOOKUP_MS, LOST_MEETING_PREFIX } from './meeting';
import {
  CLEANUP_GIVE_UP_ATTEMPTS,
  FALLBACK_WINDOW_MS,
  LEASE_MS,
  lessonEnd,
  nextAttemptAt,
  retryDelayMs,
} from './schedule';
import { outboxStatements } from '../outbox/plan';

/** What provider work needs from the lifecycle. */
export interface ReconcileContext {
  db: Db;
  providers: ProviderRegistry;
  now: () => number;
  tutorAccount(tutorId: string, change: TutorAccountChange): Promise<number>;
}

type Patch = Partial<Omit<BookingRow, 'syncDueAt'>> & { syncDueAt?: Date | null | SQL };

const ACTIVE = ['confirmed', 'in_progress'] as const;
const isActive = (b: BookingRow) => (ACTIVE as readonly string[]).includes(b.status);

/** The tutor's own account is gone: the lessons it hosted move to the platform's account. */
const accountGone = (ctx: ReconcileContext, e: AccountGoneError) =>
  ctx.tutorAccount(e.account.tutorId, { state: 'needs_reconnect', ...e.account });

/**
 * Runs provider work for the booking until it is in step, or someone else holds it, or it must
 * wait; `leased` is a first pass whose lease the caller already took (see `leaseStatements`).
 */
export async function reconcileBooking(ctx: ReconcileContext, id: string, leased?: Leased): Promise<void> {
  if (leased && !(await workLeased(ctx, leased))) return;
  for (let round = leased ? 1 : 0; round < 3; round++) {
    if (!(await reconcileOnce(ctx, id))) return;
  }
}

/**
 * The statements that take the booking's lease (when its work is due and nobody holds it) and read
 * what the work needs, for one batch: the caller may put them beside its own change.
 */
export function leaseStatements(db: Db, id: string, at: number) {
  const lease = newId('ls');
  return {
    lease,
    take: db
      .update(bookings)
      .set({ leaseToken: lease, leaseUntil: new Date(at + LEASE_MS) })
      .where(
        and(
          eq(bookings.id, id),
          lte(bookings.syncDueAt, new Date(at)),
          or(isNull(bookings.leaseUntil), lt(bookings.leaseUntil, new Date(at))),
        ),
      )
      .returning(),
    // Two reads, not one join: a batch on D1 answers rows by column name, and tutors and services share some.
    tutor: db
      .select()
      .from(tutors)
      .where(eq(tutors.id, db.select({ id: bookings.tutorId }).from(bookings).where(eq(bookings.id, id)))),
    service: db
      .select()
      .from(services)
      .where(eq(services.id, db.select({ id: bookings.serviceId }).from(bookings).where(eq(bookings.id, id)))),
  };
}

/** What a batch of `leaseStatements` answered: the work under its lease, or null when it is not ours. */
export interface Leased {
  lease: string;
  at: number;
  booking: BookingRow;
  tutor: TutorRow;
  service: ServiceRow;
}

/** One pass; true when the booking changed under us and should be looked at again. */
async function reconcileOnce(ctx: ReconcileContext, id: string): Promise<boolean> {
  const at = ctx.now();
  const { lease, take, ...read } = leaseStatements(ctx.db, id, at);
  const [[booking], [tutor], [service]] = await ctx.db.batch([take, read.tutor, read.service]);
  if (!booking || !tutor || !service) return false;
  return workLeased(ctx, { lease, at, booking, tutor, service });
}

/**
 * Provider work for a booking whose lease the caller holds, landed under that lease; true when the
 * booking changed under us and should be looked at again (`reconcileBooking` does).
 */
export async function workLeased(ctx: ReconcileContext, leased: Leased): Promise<boolean> {
  const { db } = ctx;
  const { lease, at, booking: b, tutor, service } = leased;
  const id = b.id;
  const release = () =>
    db
      .update(bookings)
      .set({ leaseToken: null, leaseUntil: null })
      .where(and(eq(bookings.id, id), eq(bookings.leaseToken, lease)));

  let patch: Patch;
  let created: ProvidedMeeting | null = null;
  let searched = false;
  const phase = { creating: false, sent: false };
  try {
    ({ patch, created, searched } = await work(ctx, b, tutor, service, lease, at, phase));
  } catch (e) {
    if (e instanceof AccountGoneError) {
      // Moving the tutor's lessons clears this booking's meeting too; the next round makes it again.
      await release();
      await accountGone(ctx, e);
      return true;
    }
    // Zoom's daily cap met although we counted: the host is spent for today, whatever our count said.
    const host = phase.sent ? await currentHost(db, id) : b.meetingHost;
    const cap = ctx.providers(b.provider).capacity;
    if (e instanceof ProviderError && e.hostSpent && cap && host)
      await hostSpent(db, b.provider, cap.callsPerHostPerDay, host, at);
    patch = failure(b, tutor, e, at, phase);
  }

  // Land the result only if nobody cancelled, switched provider or replaced the meeting meanwhile.
  const land = db
    .update(bookings)
    .set({ ...patch, leaseToken: null, leaseUntil: null, updatedAt: new Date(at) } as Patch)
    .where(
      and(
        eq(bookings.id, id),
        eq(bookings.leaseToken, lease),
        eq(bookings.provider, b.provider),
        isActive(b) ? inArray(bookings.status, [...ACTIVE]) : eq(bookings.status, b.status),
        b.meetingId === null ? isNull(bookings.meetingId) : eq(bookings.meetingId, b.meetingId),
      ),
    )
    .returning({ id: bookings.id });
  // The meeting we keep is the one the booking points at; any other create that landed (or lands
  // late) for it is found by the booking's reference and deleted, in the same batch as the landing.
  const replaced =
    created?.id && b.meetingId && b.meetingProvider && b.meetingId !== created.id
      ? [retireReplaced(db, b.meetingProvider, b.meetingId, b.meetingHost, id, created.id, at)]
      : [];
  const strays = created?.id && searched ? [strayCleanup(db, b.provider, id, created.id, created.host, at)] : [];
  const [[landed]] = await db.batch([
    land,
    ...replaced,
    ...strays,
    ...outboxStatements(db, { kind: 'link_ready', bookingId: id }, at),
  ]);
  if (landed) return false;

  if (created?.id) {
    await db
      .insert(meetingCleanups)
      .values({
        provider: b.provider,
        meetingId: created.id,
        meetingHost: created.host,
        bookingId: id,
        dueAt: new Date(at),
      })
      .onConflictDoNothing();
  }
  await release();
  return true;
}

async function work(
  ctx: ReconcileContext,
  b: BookingRow,
  tutor: TutorRow,
  service: ServiceRow,
  lease: string,
  at: number,
  phase: { creating: boolean; sent: boolean },
): Promise<{ patch: Patch; created: ProvidedMeeting | null; searched: boolean }> {
  // Nothing to hold for lessons that are not on; a fallback lesson already under way stays on its link.
  if (!isActive(b) || (b.provisioning === 'fallback' && at >= b.startAt.getTime())) {
    return { patch: { syncDueAt: null }, created: null, searched: false };
  }
  // Past its end, a meeting that never came is no longer worth making, nor one worth moving.
  if (at >= lessonEnd(b)) {
    if (b.provisioning === 'ready') return { patch: { syncDueAt: null }, created: null, searched: false };
    console.warn(JSON.stringify({ event: 'meeting.given_up', booking: b.id, attempts: b.attempts }));
    return {
      patch: {
        syncDueAt: null,
        lastError: `The lesson ended before a meeting could be made. Last error: ${b.lastError ?? 'none'}`,
      },
      created: null,
      searched: false,
    };
  }
  const provider = ctx.providers(b.provider);
  const lesson = lessonSpec(b, tutor, service, provider);
  const inStep = { meetingVersion: b.scheduleVersion, attempts: 0, lastError: null, syncDueAt: dueIfMovedSince(b, at) };

  if (b.meetingProvider === b.provider && b.joinUrl) {
    if (b.meetingVersion >= b.scheduleVersion)
      return { patch: { syncDueAt: dueIfMovedSince(b, at) }, created: null, searched: false };
    if (!provider.hostsMeetings || !b.meetingId) return { patch: inStep, created: null, searched: false };
    if (await stillFree(ctx.db, provider, b)) {
      try {
        await spendCall(ctx.db, provider, b.meetingHost, b, at);
        await provider.update({ id: b.meetingId, host: b.meetingHost }, lesson);
        return { patch: inStep, created: null, searched: false };
      } catch (e) {
        if (!(e instanceof ProviderError && e.gone)) throw e;
        // Deleted at the provider behind our back: make a new one below.
      }
    }
    // Otherwise the new time overlaps another lesson of its host: a meeting on another host replaces
    // it (the old one is retired when the new one lands).
  }

  phase.creating = true;
  // An earlier create may have made a meeting we never heard of: look for it first, and whatever we
  // keep, the others the booking's reference turns up are deleted (`lost:` cleanup, below).
  const searched = b.createInFlight;
  let meeting = searched && provider.find ? await provider.find(b.id, b.meetingHost) : null;
  if (!meeting) {
    if (provider.hostsMeetings) {
      // Who the meeting is being made for, so a cancel can still find and delete it if the answer is
      // lost; and on which host, with no other lesson there at this time. A lost create's host is
      // kept: that is where the retry looks for it and cleans up after it.
      const mark = async (host: string, free: SQL | undefined) => {
        const [marked] = await ctx.db
          .update(bookings)
          .set({ createInFlight: true, provisioning: 'pending', meetingProvider: b.provider, meetingHost: host })
          .where(and(eq(bookings.id, b.id), eq(bookings.leaseToken, lease), stillWanted(b), free))
          .returning({ id: bookings.id });
        return !!marked;
      };
      const candidates = searched && b.meetingHost ? [b.meetingHost] : provider.hostsFor(tutor);
      const chosen = await claimHost(ctx.db, provider, b, candidates, mark, at);
      // Cancelled or switched since we looked: make nothing (a cancel sees no create to clean up after).
      if (!chosen) return { patch: {}, created: null, searched: false };
      lesson.host = chosen.host;
      phase.sent = true;
    }
    meeting = await provider.create(lesson);
  }
  if (!isSafeMeetingUrl(meeting.joinUrl)) {
    throw new ProviderError(`${provider.id} returned a join link that is not https; refusing to store it.`, {
      retryable: false,
    });
  }
  return {
    created: meeting,
    searched,
    patch: {
      ...inStep,
      meetingProvider: b.provider,
      meetingId: meeting.id,
      meetingHost: meeting.host,
      joinUrl: meeting.joinUrl,
      passcode: meeting.passcode,
      provisioning: 'ready',
      createInFlight: false,
    },
  };
}

function failure(
  b: BookingRow,
  tutor: TutorRow,
  e: unknown,
  at: number,
  phase: { creating: boolean; sent: boolean },
): Patch {
  const err =
    e instanceof ProviderError
      ? e
      : new ProviderError(`Unexpected error while preparing the meeting: ${(e as Error).message}`);
  const attempts = b.attempts + 1;
  const patch: Patch = {
    attempts,
    lastError: err.message,
    syncDueAt: new Date(nextAttemptAt(at, b.startAt.getTime(), attempts, err)),
  };
  console.warn(
    JSON.stringify({ event: 'meeting.failed', booking: b.id, provider: b.provider, attempts, error: err.message }),
  );
  if (!phase.creating) return patch;
  // A create that may have landed stays on record (an earlier one too) until a meeting is found or kept.
  if (phase.sent) patch.createInFlight = b.createInFlight || err.outcomeUnknown;
  const fallbackAt = b.startAt.getTime() - FALLBACK_WINDOW_MS;
  // A backup link stored before today's rules is checked again: a bad one is no backup.
  const backup = storedMeetingUrl(tutor.backupLink);
  if (backup && at >= fallbackAt && backup !== b.joinUrl) {
    return {
      ...patch,
      provisioning: 'fallback',
      meetingProvider: null,
      meetingId: null,
      joinUrl: backup,
      passcode: null,
    };
  }
  if (!backup && at >= fallbackAt)
    console.warn(JSON.stringify({ event: 'meeting.no_link_near_start', booking: b.id, tutor: tutor.id }));
  return { ...patch, provisioning: b.provisioning === 'fallback' ? 'fallback' : 'failed' };
}

async function currentHost(db: Db, id: string): Promise<string | null> {
  const [row] = await db.select({ host: bookings.meetingHost }).from(bookings).where(eq(bookings.id, id));
  return row?.host ?? null;
}

/** The booking still wants this meeting: not cancelled, switched or given another meeting meanwhile. */
function stillWanted(b: BookingRow) {
  return and(
    eq(bookings.provider, b.provider),
    inArray(bookings.status, [...ACTIVE]),
    b.meetingId === null ? isNull(bookings.meetingId) : eq(bookings.meetingId, b.meetingId),
  );
}

/**
 * A `lost:` cleanup that deletes every meeting of the booking at the host but `keep` (the one it
 * points at), written only if the booking does point at it. Looking stops `LOST_CREATE_LOOKUP_MS`
 * after it was made; a retirement (cancel, switch) turns it into one that keeps nothing.
 */
export function strayCleanup(
  db: Db,
  provider: Provider,
  bookingId: string,
  keep: string | null,
  host: string | null,
  at: number,
) {
  return db
    .insert(meetingCleanups)
    .select((qb) =>
      qb
        .select({
          provider: sql<Provider>`${provider}`.as('provider'),
          meetingId: sql<string>`${LOST_MEETING_PREFIX + bookingId}`.as('meeting_id'),
          meetingHost: sql<string | null>`${host}`.as('meeting_host'),
          bookingId: bookings.id,
          keep: sql<string | null>`${keep}`.as('keep'),
          attempts: sql<number>`0`.as('attempts'),
          lastError: sql<null>`null`.as('last_error'),
          dueAt: sql<Date>`${at}`.as('due_at'),
          leaseUntil: sql<null>`null`.as('lease_until'),
          createdAt: sql<Date>`${at}`.as('created_at'),
        })
        .from(bookings)
        .where(and(eq(bookings.id, bookingId), keep === null ? undefined : eq(bookings.meetingId, keep))),
    )
    .onConflictDoUpdate({
      target: [meetingCleanups.provider, meetingCleanups.meetingId],
      set: { keep, dueAt: new Date(at), createdAt: new Date(at), attempts: 0, leaseUntil: null },
    });
}

/** The meeting a new one replaced (moved to another host) is deleted, once the booking points at the new one. */
function retireReplaced(
  db: Db,
  provider: Provider,
  meetingId: string,
  host: string | null,
  bookingId: string,
  replacement: string,
  at: number,
) {
  return db
    .insert(meetingCleanups)
    .select((qb) =>
      qb
        .select({
          provider: sql<Provider>`${provider}`.as('provider'),
          meetingId: sql<string>`${meetingId}`.as('meeting_id'),
          meetingHost: sql<string | null>`${host}`.as('meeting_host'),
          bookingId: bookings.id,
          keep: sql<null>`null`.as('keep'),
          attempts: sql<number>`0`.as('attempts'),
          lastError: sql<null>`null`.as('last_error'),
          dueAt: sql<Date>`${at}`.as('due_at'),
          leaseUntil: sql<null>`null`.as('lease_until'),
          createdAt: sql<Date>`${at}`.as('created_at'),
        })
        .from(bookings)
        .where(and(eq(bookings.id, bookingId), eq(bookings.meetingId, replacement))),
    )
    .onConflictDoNothing();
}

/** Due now if the lesson was rescheduled while we worked on an older version; nothing due otherwise. */
function dueIfMovedSince(b: BookingRow, at: number): SQL {
  return sql`case when ${bookings.scheduleVersion} > ${b.scheduleVersion} then ${at} else null end`;
}

function lessonSpec(b: BookingRow, tutor: TutorRow, service: ServiceRow, provider: MeetingProvider): LessonSpec {
  return {
    bookingId: b.id,
    topic: `${service.name} with ${b.studentName}`.slice(0, 200),
    startAt: b.startAt,
    durationMinutes: b.durationMinutes,
    timezone: b.timezone,
    host: provider.hostFor(tutor),
    waitingRoom: service.waitingRoom,
    autoRecording: service.autoRecording,
    link: b.meetingUrl ?? tutor.backupLink,
  };
}

/** Deletes meetings that no longer belong to a booking; the ones the provider refuses wait and retry. */
export async function removeRetiredMeetings(
  ctx: ReconcileContext,
  scope: { bookingId?: string; limit?: number },
): Promise<number> {
  const { db } = ctx;
  const at = ctx.now();
  const free = or(isNull(meetingCleanups.leaseUntil), lt(meetingCleanups.leaseUntil, new Date(at)));
  const rows = await dueCleanups(db, at, scope.limit ?? 25, scope.bookingId);
  let removed = 0;
  for (const row of rows) {
    const key = and(eq(meetingCleanups.provider, row.provider), eq(meetingCleanups.meetingId, row.meetingId));
    const [claimed] = await db
      .update(meetingCleanups)
      .set({ leaseUntil: new Date(at + LEASE_MS) })
      .where(and(key, free))
      .returning();
    if (!claimed) continue;
    try {
      const provider = ctx.providers(row.provider);
      if (row.meetingId.startsWith(LOST_MEETING_PREFIX)) {
        // Every meeting the booking's reference turns up, but the one it keeps; then look again a
        // while longer, since a create whose answer was lost can still land.
        for (const m of (await provider.meetingsOf?.(row.bookingId, row.meetingHost)) ?? [])
          if (m.id !== row.keep) {
            await provider.remove(m);
            removed++;
          }
        const lookedFor = at - row.createdAt.getTime();
        if (lookedFor < LOST_CREATE_LOOKUP_MS) {
          await db
            .update(meetingCleanups)
            .set({ leaseUntil: null, dueAt: new Date(at + Math.max(30_000, Math.min(lookedFor, 5 * 60_000))) })
            .where(key);
          continue;
        }
      } else {
        await provider.remove({ id: row.meetingId, host: row.meetingHost });
        removed++;
      }
      await db.delete(meetingCleanups).where(key);
    } catch (e) {
      if (e instanceof AccountGoneError) {
        // Nothing there is ours to delete any more (the move forgets these cleanups).
        await accountGone(ctx, e);
        continue;
      }
      const err = e instanceof ProviderError ? e : new ProviderError((e as Error).message);
      const attempts = row.attempts + 1;
      if (attempts >= CLEANUP_GIVE_UP_ATTEMPTS) {
        // About two days of refusals: the meeting is left for a person to remove at the provider.
        console.warn(
          JSON.stringify({
            event: 'meeting.cleanup_abandoned',
            provider: row.provider,
            meeting: row.meetingId,
            booking: row.bookingId,
            error: err.message,
          }),
        );
        await db.delete(meetingCleanups).where(key);
        continue;
      }
      await db
        .update(meetingCleanups)
        .set({
          attempts,
          lastError: err.message,
          leaseUntil: null,
          dueAt: new Date(at + retryDelayMs(attempts, err.retryable, err.retryAfterMs)),
        })
        .where(key);
    }
  }
  return removed;
}
