/**
 * The lesson lifecycle: every change to a booking's status or meeting goes through here.
 * Routes and webhooks call these functions and shape the answer; they hold no rules of their own.
 *
 * Status:       pending_payment → confirmed → in_progress → completed, or cancelled.
 * Provisioning: none → pending → ready; failed while retrying; fallback on the tutor's backup link.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import { and, eq, gt, inArray, isNotNull, lt, not, or, sql } from 'drizzle-orm';
import type { BookingInput, BookingPatch, NoteInput, Provider } from '../../shared/api';
import type { Db } from '../db';
import { bookings, meetingCleanups, services, tutors, type BookingRow } from '../db/schema';
import { LessonError, bookingNotFound } from '../errors';
import { newId } from '../ids';
import { saveNote } from '../lesson-record/notes';
import { outboxStatements } from '../outbox/plan';
import type { ProviderRegistry, TutorAccountChange } from '../providers';
import { LOST_MEETING_PREFIX, clearedMeeting } from './meeting';
import { leaseStatements, reconcileBooking, removeRetiredMeetings } from './reconcile';
import { FAR_LESSON_MS } from './capacity';
import { dueWork, forgetEvents, inOrder, pullForward } from './due-work';
import { EARLY_SESSION_MS, EVENT_MEMORY_MS, PRACTICE_END_MS, lessonEndSql } from './schedule';
import { settleUnstarted } from './settle';
import { changeTutorAccount, forgetAccountMeetings } from './tutor-account';

export interface LifecycleDeps {
  db: Db;
  providers: ProviderRegistry;
  now?: () => number;
  /**
   * Runs provider work after the answer has gone out (a webhook must be answered fast); without
   * it the work is awaited. In a request: `(work) => afterResponse(c, work)`.
   */
  later?: (work: Promise<unknown>) => Promise<void>;
  /**
   * Sends the lesson's messages that are due (the outbox's sender), after the change has landed;
   * run through `later`. Without it messages wait for the scheduled sweep.
   */
  deliver?: (subject: string) => Promise<unknown>;
}

export type Lifecycle = ReturnType<typeof createLifecycle>;

/** Bookings a sweep takes on, and how many of their hosts it works with at once. */
const SWEEP_BATCH = 100;
const SWEEP_CONCURRENCY = 6;

/**
 * @example
 * const lifecycle = createLifecycle({ db, providers })
 * await lifecycle.confirm(bookingId, { paymentRef: event.id })
 */
export function createLifecycle(deps: LifecycleDeps) {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const later = deps.later ?? ((work) => work.then(() => undefined));
  /** The lesson's messages go out once the work before them is done, whatever its outcome. */
  const deliverAfter = (id: string, work: Promise<unknown> = Promise.resolve()) =>
    later(work.finally(() => deps.deliver?.(id)));

  async function get(id: string): Promise<BookingRow> {
    const [row] = await db.select().from(bookings).where(eq(bookings.id, id));
    if (!row) throw bookingNotFound(id);
    return row;
  }

  /** Why a booking cannot make this move, said so the caller knows what to do instead. */
  function refuse(row: BookingRow, action: string): never {
    throw new LessonError(
      409,
      'booking_not_changeable',
      `Booking ${row.id} is ${row.status.replace('_', ' ')}, so it cannot be ${action}.`,
    );
  }

  /** The link a lesson of `provider` would use is one that provider accepts (or it needs none). */
  function checkLink(provider: Provider, link: string | null | undefined): void {
    const problem = deps.providers(provider).linkProblem(link);
    if (problem) throw new LessonError(422, 'meeting_url_invalid', problem);
  }

  /** The move from unpaid to confirmed, due for its meeting at once; nothing for any other status. */
  function confirmation(id: string, at: number, paymentRef?: string) {
    return db
      .update(bookings)
      .set({
        status: 'confirmed',
        confirmedAt: new Date(at),
        paymentRef: paymentRef ?? null,
        syncDueAt: new Date(at),
        updatedAt: new Date(at),
      })
      .where(and(eq(bookings.id, id), eq(bookings.status, 'pending_payment')))
      .returning();
  }

  /** Moves cleanup of the booking's current remote meeting into the outbox, in the same batch as `update`. */
  function retireMeeting(id: string, guard: ReturnType<typeof and>) {
    return (
      db
        .insert(meetingCleanups)
        .select((qb) =>
          qb
            .select({
              provider: sql<Provider>`coalesce(${bookings.meetingProvider}, ${bookings.provider})`.as('provider'),
              // A create whose answer was lost may have made a meeting: it is looked up by the booking, then deleted.
              meetingId: sql<string>`coalesce(${bookings.meetingId}, ${LOST_MEETING_PREFIX} || ${bookings.id})`.as(
                'meeting_id',
              ),
              meetingHost: bookings.meetingHost,
              bookingId: bookings.id,
              keep: sql<null>`null`.as('keep'),
              attempts: sql<number>`0`.as('attempts'),
              lastError: sql<null>`null`.as('last_error'),
              dueAt: sql<Date>`${now()}`.as('due_at'),
              leaseUntil: sql<null>`null`.as('lease_until'),
              createdAt: sql<Date>`${now()}`.as('created_at'),
            })
            .from(bookings)
            .where(
              and(eq(bookings.id, id), or(isNotNull(bookings.meetingId), eq(bookings.createInFlight, true)), guard),
            ),
        )
        // A lost-create lookup already under way now keeps nothing: the booking gives its meeting up.
        .onConflictDoUpdate({
          target: [meetingCleanups.provider, meetingCleanups.meetingId],
          set: { keep: null, dueAt: new Date(now()), createdAt: new Date(now()), attempts: 0, leaseUntil: null },
        })
    );
  }

  /**
   * Brings the provider's meeting in step with the booking (create, move, or nothing). Safe to call
   * any number of times, concurrently: one caller does the work, the others return the booking.
   */
  async function provision(id: string): Promise<BookingRow> {
    await reconcileBooking(lifecycleContext, id);
    return get(id);
  }

  /** The tutor's own provider account connected or gone; lessons it hosted move to the platform's account. */
  const tutorAccount = async (tutorId: string, change: TutorAccountChange) => {
    const moved = await changeTutorAccount(db, tutorId, change, now());
    if (change.state === 'needs_reconnect') await deliverAfter(tutorId);
    return moved;
  };

  const lifecycleContext = { ...deps, now, tutorAccount };

  return {
    get,
    provision,
    tutorAccount,
    /** The provider account's data is to be forgotten: its past lessons lose their meeting's ids and links. */
    forgetAccountMeetings: (host: string) => forgetAccountMeetings(db, host, now()),

    /** Books a lesson, unpaid. The provider and link are checked now, so confirmation cannot fail on them. */
    async book(input: BookingInput): Promise<BookingRow> {
      const [found] = await db
        .select({ tutor: tutors, service: services })
        .from(services)
        .innerJoin(tutors, eq(tutors.id, services.tutorId))
        .where(eq(services.id, input.service_id));
      if (!found)
        throw new LessonError(
          404,
          'service_not_found',
          `No service has id ${input.service_id}. Create the service first.`,
        );
      if (found.tutor.id !== input.tutor_id)
        throw new LessonError(
          422,
          'service_of_other_tutor',
          `Service ${input.service_id} belongs to another tutor than ${input.tutor_id}.`,
        );
      const provider = input.provider ?? found.tutor.defaultProvider;
      const meetingUrl = input.meeting_url ?? null;
      checkLink(provider, meetingUrl ?? found.tutor.backupLink);
      const [row] = await db
        .insert(bookings)
        .values({
          id: newId('bk'),
          tutorId: found.tutor.id,
          serviceId: found.service.id,
          studentName: input.student_name,
          // Stored lowercase: a person's link finds every lesson of their email, however it was typed.
          studentEmail: input.student_email.toLowerCase(),
          parentEmail: input.parent_email?.toLowerCase() ?? null,
          startAt: new Date(input.start_at),
          durationMinutes: input.duration_minutes ?? found.service.durationMinutes,
          timezone: input.timezone ?? found.tutor.timezone,
          language: input.language ?? found.tutor.language,
          provider,
          meetingUrl,
          createdAt: new Date(now()),
          updatedAt: new Date(now()),
        })
        .returning();
      return row!;
    },

    /**
     * Payment (or the operator) confirms the lesson, and its meeting is made: before this returns,
     * or with `meeting: 'later'` after the caller has answered (a webhook). Idempotent: confirming
     * again changes nothing and makes no second meeting.
     */
    async confirm(id: string, options: { paymentRef?: string; meeting?: 'now' | 'later' } = {}): Promise<BookingRow> {
      const at = now();
      const [[row]] = await db.batch([
        confirmation(id, at, options.paymentRef),
        ...outboxStatements(db, { kind: 'confirmed', bookingId: id }, at),
      ]);
      const current = row ?? (await get(id));
      if (current.status === 'cancelled') refuse(current, 'confirmed');
      // The confirmation waits for the meeting's first attempt, so that it can usually name it.
      if (options.meeting === 'later') {
        await deliverAfter(id, provision(id));
        return current;
      }
      const done = await provision(id);
      await deliverAfter(id);
      return done;
    },

    /**
     * A payment confirms the lesson, in one batch with `record` (the payment event's record: an
     * insert … returning a row only the first time) and the lease on its meeting's work, which
     * then runs after the caller has answered. Says what the payment did.
     */
    async confirmPaid(
      id: string,
      payment: { ref: string; record: BatchItem<'sqlite'> },
    ): Promise<'confirmed' | 'duplicate' | 'unknown_booking' | 'booking_cancelled'> {
      const at = now();
      const { lease, take, ...read } = leaseStatements(db, id, at);
      const [recorded, , [booking], [tutor], [service], [found]] = await db.batch([
        payment.record,
        confirmation(id, at, payment.ref),
        take,
        read.tutor,
        read.service,
        db.select({ status: bookings.status }).from(bookings).where(eq(bookings.id, id)),
        ...outboxStatements(db, { kind: 'confirmed', bookingId: id }, at),
      ]);
      // The confirmation waits for the meeting's first attempt, so that it can usually name it.
      if (booking && tutor && service)
        await deliverAfter(id, reconcileBooking(lifecycleContext, id, { lease, at, booking, tutor, service }));
      if (!found) return 'unknown_booking';
      if (!(recorded as unknown[]).length) return 'duplicate';
      return found.status === 'cancelled' ? 'booking_cancelled' : 'confirmed';
    },

    /**
     * Moves the lesson; the provider's meeting is moved in place, so the join link stays. A lesson
     * missed (its meeting never started) may be given a new time: it is confirmed again.
     */
    async reschedule(id: string, change: { startAt: Date; durationMinutes?: number }): Promise<BookingRow> {
      const at = new Date(now());
      const [[row]] = await db.batch([
        db
          .update(bookings)
          .set({
            status: sql`case when ${bookings.status} = 'missed' then 'confirmed' else ${bookings.status} end`,
            startAt: change.startAt,
            ...(change.durationMinutes ? { durationMinutes: change.durationMinutes } : {}),
            scheduleVersion: sql`${bookings.scheduleVersion} + 1`,
            calendarSequence: sql`${bookings.calendarSequence} + 1`,
            syncDueAt: at,
            updatedAt: at,
          })
          .where(and(eq(bookings.id, id), inArray(bookings.status, ['pending_payment', 'confirmed', 'missed'])))
          .returning(),
        ...outboxStatements(db, { kind: 'changed', bookingId: id }, at.getTime()),
      ]);
      if (!row) refuse(await get(id), 'rescheduled');
      const done = await provision(id);
      await deliverAfter(id);
      return done;
    },

    /** Cancels the lesson and deletes its meeting; its links stop working. */
    async cancel(id: string): Promise<BookingRow> {
      const at = new Date(now());
      const cancellable = inArray(bookings.status, ['pending_payment', 'confirmed']);
      await db.batch([
        retireMeeting(id, cancellable),
        db
          .update(bookings)
          .set({
            status: 'cancelled',
            cancelledAt: at,
            updatedAt: at,
            provisioning: 'none',
            syncDueAt: null,
            calendarSequence: sql`${bookings.calendarSequence} + 1`,
            ...clearedMeeting(),
          })
          .where(and(eq(bookings.id, id), cancellable)),
        ...outboxStatements(db, { kind: 'cancelled', bookingId: id }, at.getTime()),
      ]);
      const row = await get(id);
      if (row.status !== 'cancelled') refuse(row, 'cancelled');
      await removeRetiredMeetings(lifecycleContext, { bookingId: id });
      await deliverAfter(id);
      return row;
    },

    /** Switches the provider or the tutor's link. The old remote meeting is deleted; the new one is made. */
    async changeMeeting(id: string, patch: BookingPatch): Promise<BookingRow> {
      const current = await get(id);
      if (['cancelled', 'completed', 'missed'].includes(current.status)) refuse(current, 'given another meeting');
      const provider = patch.provider ?? current.provider;
      const meetingUrl = patch.meeting_url === undefined ? current.meetingUrl : patch.meeting_url;
      const [tutor] = await db.select().from(tutors).where(eq(tutors.id, current.tutorId));
      checkLink(provider, meetingUrl ?? tutor?.backupLink);

      const at = new Date(now());
      const unchanged = and(eq(bookings.id, id), eq(bookings.provider, current.provider));
      if (provider === current.provider && deps.providers(provider).hostsMeetings) {
        // The provider's own meeting stays; a link given for it is only kept.
        await db.update(bookings).set({ meetingUrl, updatedAt: at }).where(unchanged);
      } else {
        // The old meeting gives way: retire it and make the new one, in one atomic batch.
        await db.batch([
          retireMeeting(id, unchanged),
          db
            .update(bookings)
            .set({
              provider,
              meetingUrl,
              updatedAt: at,
              ...clearedMeeting(),
              provisioning: 'none',
              syncDueAt: at,
              calendarSequence: sql`${bookings.calendarSequence} + 1`,
            })
            .where(unchanged),
          ...outboxStatements(db, { kind: 'changed', bookingId: id }, at.getTime()),
        ]);
      }
      await removeRetiredMeetings(lifecycleContext, { bookingId: id });
      const done = await provision(id);
      await deliverAfter(id);
      return done;
    },

    /**
     * The tutor's note saved (`saveNote` writes it); made final, the family's lesson summary it
     * put in the outbox goes out after the answer (or, when the attendance is not final yet, with
     * the sweep once it is).
     */
    async saveNote(booking: BookingRow, input: NoteInput) {
      const note = await saveNote(db, booking, input, now());
      if (input.final) await deliverAfter(booking.id);
      return note;
    },

    /**
     * The provider says the meeting started: the lesson is live. A restart after the end makes it live again;
     * a session started long before the lesson (a tutor trying Zoom the day before) does not count.
     */
    async markStarted(id: string, at: Date): Promise<BookingRow | null> {
      const [row] = await db
        .update(bookings)
        .set({
          status: 'in_progress',
          startedAt: sql`coalesce(${bookings.startedAt}, ${at.getTime()})`,
          endedAt: null,
          updatedAt: new Date(now()),
        })
        .where(
          and(
            eq(bookings.id, id),
            sql`${at.getTime()} >= ${bookings.startAt} - ${EARLY_SESSION_MS}`,
            or(
              eq(bookings.status, 'confirmed'),
              // A lesson settled as missed was started in time after all: Zoom's event came late (it retries for 85 minutes).
              and(eq(bookings.status, 'missed'), gt(lessonEndSql, at.getTime())),
              // A late, retried meeting.started must not reopen a lesson that ended after it.
              and(eq(bookings.status, 'completed'), lt(bookings.endedAt, at)),
            ),
          ),
        )
        .returning();
      return row ?? null;
    },

    /**
     * The provider says the meeting ended: the lesson is completed (even if we never heard it start). A
     * session that ended before the lesson's join window was a practice run: the lesson is still ahead.
     */
    async markEnded(id: string, at: Date, startedAt?: Date): Promise<BookingRow | null> {
      const practice = sql`${at.getTime()} < ${bookings.startAt} - ${PRACTICE_END_MS}`;
      const [row] = await db
        .update(bookings)
        .set({
          status: 'completed',
          endedAt: at,
          startedAt: sql`coalesce(${bookings.startedAt}, ${(startedAt ?? at).getTime()})`,
          syncDueAt: null,
          updatedAt: new Date(now()),
        })
        .where(
          and(
            eq(bookings.id, id),
            or(
              inArray(bookings.status, ['confirmed', 'in_progress']),
              and(eq(bookings.status, 'missed'), gt(lessonEndSql, (startedAt ?? at).getTime())),
            ),
            not(practice),
          ),
        )
        .returning();
      if (row) return row;
      await db
        .update(bookings)
        .set({ status: 'confirmed', startedAt: null, updatedAt: new Date(now()) })
        .where(and(eq(bookings.id, id), eq(bookings.status, 'in_progress'), practice));
      return null;
    },

    /**
     * The meeting was deleted at the provider (inside Zoom, by the tutor). An upcoming lesson gets a
     * new one rather than a dead link, made after the caller has answered.
     */
    async meetingLost(id: string, meetingId: string): Promise<BookingRow | null> {
      const at = new Date(now());
      const [row] = await db
        .update(bookings)
        .set({ ...clearedMeeting(), provisioning: 'pending', syncDueAt: at, updatedAt: at })
        .where(
          and(
            eq(bookings.id, id),
            eq(bookings.meetingId, meetingId),
            eq(bookings.status, 'confirmed'),
            gt(lessonEndSql, at.getTime()),
          ),
        )
        .returning();
      if (row) await later(provision(id));
      return row ?? null;
    },

    /**
     * Provider work that waits for its next attempt is due now (Zoom is back after an outage, a
     * host was added): the sweep takes it on, soonest lesson first, within each host's budget.
     */
    async retryNow(): Promise<{ lessons: number; cleanups: number }> {
      const at = new Date(now());
      const [lessons, cleanups] = await db.batch([
        db
          .update(bookings)
          .set({ syncDueAt: at })
          .where(and(gt(bookings.syncDueAt, at), inArray(bookings.status, ['confirmed', 'in_progress'])))
          .returning({ id: bookings.id }),
        db
          .update(meetingCleanups)
          .set({ dueAt: at })
          .where(gt(meetingCleanups.dueAt, at))
          .returning({ id: meetingCleanups.meetingId }),
      ]);
      return { lessons: lessons.length, cleanups: cleanups.length };
    },

    /**
     * The scheduled sweep: provider work that is due, soonest lesson first, a few hosts at a time
     * (one call at a time per host); retired meetings deleted; lessons whose meeting nobody started
     * settled as missed; old webhook ids forgotten in batches.
     */
    async sweep(limit = SWEEP_BATCH): Promise<{ provisioned: number; cleaned: number; missed: number }> {
      const at = now();
      const due = await dueWork(db, at, limit);
      await inOrder(due, { concurrency: SWEEP_CONCURRENCY, key: (b) => b.host ?? `tutor:${b.tutorId}` }, (b) =>
        reconcileBooking(lifecycleContext, b.id),
      );
      // A lesson that had failed is in step now: the provider answers again, so the lessons of the
      // next two days that wait out a backoff (up to an hour after an outage) are due now.
      const retried = due.filter((b) => b.attempts > 0).map((b) => b.id);
      // D1 binds at most 100 values a query.
      for (let i = 0; i < retried.length; i += 90) {
        const [back] = await db
          .select({ id: bookings.id })
          .from(bookings)
          .where(and(inArray(bookings.id, retried.slice(i, i + 90)), eq(bookings.attempts, 0)))
          .limit(1);
        if (!back) continue;
        await pullForward(db, at, FAR_LESSON_MS);
        break;
      }
      const cleaned = await removeRetiredMeetings(lifecycleContext, { limit });
      const missed = await settleUnstarted(db, at);
      await forgetEvents(db, at - EVENT_MEMORY_MS, limit * 10);
      return { provisioned: due.length, cleaned, missed };
    },
  };
}
