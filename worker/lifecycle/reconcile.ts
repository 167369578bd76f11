/**
 * Provider work for one booking, done by one worker at a time under a lease: create the meeting,
 * move it after a reschedule, or fall back to the tutor's link when the provider keeps failing.
 */
import { and, eq, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { isSafeMeetingUrl, storedMeetingUrl } from '../../shared/urls';
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
import { outboxStatements } from '../outbox/plan';
import { LOST_MEETING_PREFIX } from './meeting';
import { CLEANUP_GIVE_UP_ATTEMPTS, FALLBACK_WINDOW_MS, LEASE_MS, lessonEnd, retryDelayMs } from './schedule';

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

/** Runs provider work for the booking until it is in step, or someone else holds it, or it must wait. */
export async function reconcileBooking(ctx: ReconcileContext, id: string): Promise<void> {
  for (let round = 0; round < 3; round++) {
    if (!(await reconcileOnce(ctx, id))) return;
  }
}

/** One pass; true when the booking changed under us and should be looked at again. */
async function reconcileOnce(ctx: ReconcileContext, id: string): Promise<boolean> {
  const { db } = ctx;
  const at = ctx.now();
  const lease = newId('ls');
  const [b] = await db
    .update(bookings)
    .set({ leaseToken: lease, leaseUntil: new Date(at + LEASE_MS) })
    .where(
      and(
        eq(bookings.id, id),
        lte(bookings.syncDueAt, new Date(at)),
        or(isNull(bookings.leaseUntil), lt(bookings.leaseUntil, new Date(at))),
      ),
    )
    .returning();
  if (!b) return false;
  const release = () =>
    db
      .update(bookings)
      .set({ leaseToken: null, leaseUntil: null })
      .where(and(eq(bookings.id, id), eq(bookings.leaseToken, lease)));

  const [found] = await db
    .select({ tutor: tutors, service: services })
    .from(tutors)
    .innerJoin(services, eq(services.id, b.serviceId))
    .where(eq(tutors.id, b.tutorId));
  const { tutor, service } = found!;

  let patch: Patch;
  let created: ProvidedMeeting | null = null;
  const phase = { creating: false, sent: false };
  try {
    ({ patch, created } = await work(ctx, b, tutor, service, lease, at, phase));
  } catch (e) {
    if (e instanceof AccountGoneError) {
      // Moving the tutor's lessons clears this booking's meeting too; the next round makes it again.
      await release();
      await accountGone(ctx, e);
      return true;
    }
    patch = failure(b, tutor, e, at, phase);
  }

  // Land the result only if nobody cancelled, switched provider or replaced the meeting meanwhile.
  const [[landed]] = await db.batch([
    db
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
      .returning({ id: bookings.id }),
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
): Promise<{ patch: Patch; created: ProvidedMeeting | null }> {
  // Nothing to hold for lessons that are not on; a fallback lesson already under way stays on its link.
  if (!isActive(b) || (b.provisioning === 'fallback' && at >= b.startAt.getTime())) {
    return { patch: { syncDueAt: null }, created: null };
  }
  // Past its end, a meeting that never came is no longer worth making, nor one worth moving.
  if (at >= lessonEnd(b)) {
    if (b.provisioning === 'ready') return { patch: { syncDueAt: null }, created: null };
    console.warn(JSON.stringify({ event: 'meeting.given_up', booking: b.id, attempts: b.attempts }));
    return {
      patch: {
        syncDueAt: null,
        lastError: `The lesson ended before a meeting could be made. Last error: ${b.lastError ?? 'none'}`,
      },
      created: null,
    };
  }
  const provider = ctx.providers(b.provider);
  const lesson = lessonSpec(b, tutor, service, provider);
  const inStep = { meetingVersion: b.scheduleVersion, attempts: 0, lastError: null, syncDueAt: dueIfMovedSince(b, at) };

  if (b.meetingProvider === b.provider && b.joinUrl) {
    if (b.meetingVersion >= b.scheduleVersion) return { patch: { syncDueAt: dueIfMovedSince(b, at) }, created: null };
    if (!provider.hostsMeetings || !b.meetingId) return { patch: inStep, created: null };
    try {
      await provider.update({ id: b.meetingId, host: b.meetingHost }, lesson);
      return { patch: inStep, created: null };
    } catch (e) {
      if (!(e instanceof ProviderError && e.gone)) throw e;
      // Deleted at the provider behind our back: make a new one below.
    }
  }

  phase.creating = true;
  let meeting = b.createInFlight && provider.find ? await provider.find(b.id, b.meetingHost) : null;
  if (!meeting) {
    if (provider.hostsMeetings) {
      await ctx.db
        .update(bookings)
        // Who the meeting is being made for, so a cancel can still find and delete it if the answer is lost.
        .set({ createInFlight: true, provisioning: 'pending', meetingProvider: b.provider, meetingHost: lesson.host })
        .where(and(eq(bookings.id, b.id), eq(bookings.leaseToken, lease)));
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
    syncDueAt: new Date(at + retryDelayMs(attempts, err.retryable, err.retryAfterMs)),
  };
  console.warn(
    JSON.stringify({ event: 'meeting.failed', booking: b.id, provider: b.provider, attempts, error: err.message }),
  );
  if (!phase.creating) return patch;
  if (phase.sent) patch.createInFlight = err.outcomeUnknown;
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
  // However long the backoff, try once more when the backup link may take over.
  if (backup && at < fallbackAt && (patch.syncDueAt as Date).getTime() > fallbackAt)
    patch.syncDueAt = new Date(fallbackAt);
  return { ...patch, provisioning: b.provisioning === 'fallback' ? 'fallback' : 'failed' };
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
  const rows = await db
    .select()
    .from(meetingCleanups)
    .where(
      and(
        lte(meetingCleanups.dueAt, new Date(at)),
        free,
        scope.bookingId ? eq(meetingCleanups.bookingId, scope.bookingId) : undefined,
      ),
    )
    .limit(scope.limit ?? 25);
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
        const found = await provider.find?.(row.bookingId, row.meetingHost);
        if (found?.id) await provider.remove({ id: found.id, host: row.meetingHost });
      } else {
        await provider.remove({ id: row.meetingId, host: row.meetingHost });
      }
      await db.delete(meetingCleanups).where(key);
      removed++;
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
