/**
 * What the outbox writes when a lesson changes: statements the lifecycle puts in the same batch as
 * the change itself, so a message exists exactly when its change does. Each row is unique by
 * (lesson, version, kind, role): a retried webhook, a duplicate confirmation or a crash between
 * two attempts finds it already there. The statements read the booking as the batch left it, so
 * they must come after the change in the batch.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { MessageKind, Role } from '../../shared/api';
import type { Db } from '../db';
import { bookings, lessonNotes, outbox, tutors, zoomGrants } from '../db/schema';
import { VERDICT_FINAL_MS, lessonEndSql } from '../lifecycle/schedule';

export type OutboxChange =
  /** Paid (or confirmed by the operator): confirmations, reminders, the tutor's no-link alert. */
  | { kind: 'confirmed'; bookingId: string }
  /** Rescheduled or given another provider (the calendar sequence was bumped): updates; reminders planned again. */
  | { kind: 'changed'; bookingId: string }
  | { kind: 'cancelled'; bookingId: string }
  /** The meeting (or the backup link) is there: told to whoever was told before that it was not. */
  | { kind: 'link_ready'; bookingId: string }
  /**
   * The tutor's note was made final at `at` (place after the note's write): the lesson summary,
   * once, to the parent or else the student (`summaryReader`), when the attendance is final.
   */
  | { kind: 'note_final'; bookingId: string }
  /**
   * The tutor's own Zoom account is gone (place after the grant's deletion, before the tutor's
   * update). `byTutor`: they disconnected it themselves, so there is nothing to tell them.
   */
  | { kind: 'account_gone'; tutorId: string; byTutor: boolean };

const MINUTE = 60_000;
/** How long before the start each planned message is due. */
export const REMINDER_LEAD_MS = {
  reminder_day: 24 * 60 * MINUTE,
  reminder_hour: 60 * MINUTE,
  reminder_join: 10 * MINUTE,
  no_link_alert: 30 * MINUTE,
} as const;

type Planned = [MessageKind, Role];
const PEOPLE: Role[] = ['student', 'parent'];
const EVERYONE: Role[] = ['student', 'parent', 'tutor'];
const REMINDERS = ['reminder_day', 'reminder_hour', 'reminder_join'] as const;
const planned = (kinds: readonly MessageKind[], roles: Role[]): Planned[] =>
  kinds.flatMap((kind) => roles.map((role): Planned => [kind, role]));
/** What is planned ahead of the lesson, for its current version. */
const AHEAD: Planned[] = [...planned(REMINDERS, PEOPLE), ['no_link_alert', 'tutor']];

/** `insert … select` fills every column in table order: these are the ones a message has only once sent. */
const UNSENT = sql`null, null, null, null, null, null, null`;

/**
 * One INSERT … SELECT for all the messages planned, each to whoever that role is on this booking,
 * due at `at`, at a reminder's moment, or at `due` when given.
 * The plan is a VALUES list: D1 caps the terms of a compound SELECT, not the rows of VALUES.
 */
function plan(db: Db, bookingId: string, at: number, rows: Planned[], when: SQL, due?: SQL) {
  const choices = sql.join(
    rows.map(([kind, role]) => {
      const lead = kind in REMINDER_LEAD_MS ? REMINDER_LEAD_MS[kind as keyof typeof REMINDER_LEAD_MS] : null;
      return sql`(${kind}, ${role}, ${lead})`;
    }),
    sql`, `,
  );
  return db
    .insert(outbox)
    .select(
      sql`select 'ob_' || lower(hex(randomblob(12))), ${bookings.id}, ${bookings.calendarSequence}, plan.kind, plan.role,
        case plan.role when 'tutor' then ${tutors.email} when 'parent' then ${bookings.parentEmail} else ${bookings.studentEmail} end,
        case plan.role when 'tutor' then ${tutors.language} else coalesce(${bookings.language}, ${tutors.language}) end,
        ${due ?? sql`case when plan.lead is null then ${at} else ${bookings.startAt} - plan.lead end`}, 'pending', 0, ${UNSENT}, ${at}
      from (select column1 as kind, column2 as role, column3 as lead from (values ${choices})) as plan join ${bookings} on ${bookings.id} = ${bookingId} join ${tutors} on ${tutors.id} = ${bookings.tutorId}
      where (plan.role != 'parent' or ${bookings.parentEmail} is not null)
        and (plan.lead is null or ${bookings.startAt} - plan.lead > ${at})
        and (case plan.kind when 'reminder_day' then ${tutors.remindDayBefore} when 'reminder_hour' then ${tutors.remindHourBefore}
          when 'reminder_join' then ${tutors.remindJoinOpen} else 1 end) = 1
        and ${when}`,
    )
    .onConflictDoNothing();
}

/** Pending messages of this lesson that a change has made untrue. */
const drop = (db: Db, bookingId: string, which: SQL) =>
  db
    .update(outbox)
    .set({ status: 'dropped', leaseUntil: null })
    .where(and(eq(outbox.subject, bookingId), eq(outbox.status, 'pending'), which));

/** A message of this kind to this role was sent for the lesson, naming (or not) a working link. */
const told = (kinds: string, linkShown: 0 | 1) =>
  sql`exists (select 1 from outbox o where o.subject = ${bookings.id} and o.role = plan.role
    and o.kind in (${sql.raw(kinds)}) and o.status = 'sent' and o.link_shown = ${linkShown})`;

/**
 * The batch items that put `change`'s messages in the outbox. Place them after the statement that
 * makes the change, in the same `db.batch`.
 * @example await db.batch([db.update(bookings).set(…), ...outboxStatements(db, { kind: 'cancelled', bookingId }, now)])
 */
export function outboxStatements(db: Db, change: OutboxChange, at: number) {
  switch (change.kind) {
    case 'confirmed':
      // Only the batch that confirmed it (confirmed_at is its moment), not a later duplicate.
      return [
        plan(
          db,
          change.bookingId,
          at,
          [...planned(['confirmation'], EVERYONE), ...AHEAD],
          sql`${bookings.status} = 'confirmed' and ${bookings.confirmedAt} = ${at}`,
        ),
      ];
    case 'changed':
      return [
        drop(
          db,
          change.bookingId,
          sql`kind in ('reminder_day', 'reminder_hour', 'reminder_join', 'no_link_alert', 'link_ready')
            and version < (select calendar_sequence from bookings where id = ${change.bookingId})`,
        ),
        plan(
          db,
          change.bookingId,
          at,
          [...planned(['update'], EVERYONE), ...AHEAD],
          sql`${bookings.status} = 'confirmed'`,
        ),
      ];
    case 'cancelled':
      // People hear of a cancellation only if they heard of the lesson (it was paid).
      return [
        drop(db, change.bookingId, sql`kind != 'cancellation'`),
        plan(
          db,
          change.bookingId,
          at,
          planned(['cancellation'], EVERYONE),
          sql`${bookings.status} = 'cancelled' and ${bookings.confirmedAt} is not null`,
        ),
      ];
    case 'link_ready':
      return [
        plan(
          db,
          change.bookingId,
          at,
          planned(['link_ready'], EVERYONE),
          sql`${bookings.status} = 'confirmed' and ${bookings.provisioning} in ('ready', 'fallback')
            and ${told("'confirmation', 'update'", 0)} and not ${told("'confirmation', 'update', 'link_ready'", 1)}`,
        ),
      ];
    case 'note_final':
      // Only the batch that made the note final (finalized_at is its moment, and never changes).
      // Due when the verdicts are final (`verdictsFinalAt`), so the summary says how it went.
      return [
        plan(
          db,
          change.bookingId,
          at,
          planned(['lesson_summary'], PEOPLE),
          sql`${bookings.status} != 'cancelled'
            and plan.role = case when ${bookings.parentEmail} is null then 'student' else 'parent' end
            and exists (select 1 from ${lessonNotes} where ${lessonNotes.bookingId} = ${bookings.id}
              and ${lessonNotes.status} = 'final' and ${lessonNotes.finalizedAt} = ${at})`,
          sql`max(${at}, coalesce(${bookings.endedAt}, ${lessonEndSql}) + ${VERDICT_FINAL_MS})`,
        ),
      ];
    case 'account_gone':
      return [
        db
          .insert(outbox)
          .select(
            sql`select 'ob_' || lower(hex(randomblob(12))), ${tutors.id}, ${at}, 'account_alert', 'tutor', ${tutors.email},
              ${tutors.language}, ${at}, 'pending', 0, ${UNSENT}, ${at}
            from ${tutors} where ${tutors.id} = ${change.tutorId} and ${tutors.zoomConnection} = 'connected'
              and not exists (select 1 from ${zoomGrants} where ${zoomGrants.tutorId} = ${change.tutorId})
              and ${change.byTutor ? 0 : 1} = 1`,
          )
          .onConflictDoNothing(),
      ];
  }
}
