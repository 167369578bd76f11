/**
 * Drains the outbox: each due row is claimed under a lease (one sender per message, however many
 * drains run), checked against the lesson as it stands now (a reminder whose moment passed, a
 * lesson cancelled since, news the recipient already has: skipped, and said why), made into a
 * message and handed to the transport with the row's id as idempotency key, so a sender that dies
 * after sending and before recording sends the same message, which the transport keeps once.
 * Failures wait with backoff; after `MAX_ATTEMPTS` (or at once when the transport says it can
 * never go) the row is `failed`, listed for the operator at `GET /api/messages?status=failed`.
 */
import { and, asc, desc, eq, isNotNull, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import type { LessonAccess, Links } from '../access';
import { currentJoinUrl } from '../access/lesson-view';
import type { Db } from '../db';
import { outbox, tutors, type OutboxRow } from '../db/schema';
import { summaryOf } from '../lesson-record/summary';
import { lessonEnd, retryDelayMs } from '../lifecycle/schedule';
import { type Composed, composeAccountAlert, composeLesson, composeSummary } from './compose';
import { mailHtml, mailText } from './layout';
import { type Transport, TransportError } from './transports';

export interface SenderDeps {
  db: Db;
  access: Pick<LessonAccess, 'lessonFor'>;
  links: Links;
  transport: Transport;
  /** The Worker's public origin, which links in messages are built on (`PUBLIC_URL`). */
  origin: string | undefined;
  now?: () => number;
}

/** Attempts before a message is marked failed: with the backoff, about four hours. */
export const MAX_ATTEMPTS = 10;
const LEASE_MS = 60_000;
const REMINDERS = ['reminder_day', 'reminder_hour', 'reminder_join', 'no_link_alert'];

type Outcome = { send: Composed; linkShown: boolean; sequence: number | null } | { skip: string };

export type Sender = ReturnType<typeof createSender>;

/**
 * @example
 * const sender = createSender({ db, access, links, transport: transportFor(env, db), origin: env.PUBLIC_URL })
 * await sender.drain({ subject: bookingId })
 */
export function createSender(deps: SenderDeps) {
  const { db } = deps;
  const now = deps.now ?? Date.now;

  /** What the row should become now: a message to send, or a reason to skip it. */
  async function decide(row: OutboxRow, origin: string): Promise<Outcome> {
    const at = now();
    if (row.kind === 'account_alert') {
      const [tutor] = await db.select().from(tutors).where(eq(tutors.id, row.subject));
      if (tutor?.zoomConnection !== 'needs_reconnect') return { skip: 'the account is connected again' };
      const link = await deps.links.current({ scope: 'person', role: 'tutor', subject: tutor.id });
      return { send: composeAccountAlert(tutor, await deps.links.url(origin, link)), linkShown: false, sequence: null };
    }
    const { facts, calendar } = await deps.access.lessonFor(row.subject, row.role, origin);
    const b = facts.booking;
    const tutor = facts.tutor;
    const hasLink = currentJoinUrl(b) !== null;
    if (row.kind !== 'cancellation') {
      if (b.status === 'cancelled') return { skip: 'the lesson was cancelled' };
      if (row.kind !== 'lesson_summary' && at >= lessonEnd(b)) return { skip: 'the lesson is over' };
    }
    if (REMINDERS.includes(row.kind)) {
      if (b.status !== 'confirmed' || row.version !== b.calendarSequence) return { skip: 'the lesson changed since' };
      if (row.kind !== 'reminder_join' && at >= b.startAt.getTime()) return { skip: 'its moment has passed' };
      const off =
        (row.kind === 'reminder_day' && !tutor.remindDayBefore) ||
        (row.kind === 'reminder_hour' && !tutor.remindHourBefore) ||
        (row.kind === 'reminder_join' && !tutor.remindJoinOpen);
      if (off) return { skip: 'the tutor switched this reminder off' };
      if (row.kind === 'no_link_alert' && hasLink) return { skip: 'the lesson has a working link' };
    }
    if (row.kind === 'link_ready' && !hasLink) return { skip: 'the link went away again' };
    if (row.kind === 'update' && (await lastSequence(row)) >= b.calendarSequence)
      return { skip: 'the recipient already has this version' };
    const personLink = await deps.links.url(
      origin,
      row.role === 'tutor'
        ? await deps.links.current({ scope: 'person', role: 'tutor', subject: tutor.id })
        : await deps.links.current({ scope: 'person', role: row.role, subject: row.recipient }),
    );
    if (row.kind === 'lesson_summary') {
      const summary = await summaryOf(db, b.id, at);
      if (!summary) return { skip: 'the note is not final' };
      // No calendar file and no meeting link: it changes nothing the later messages compare with.
      return {
        send: composeSummary(row.role, row.language, calendar, summary, { personLink }),
        linkShown: false,
        sequence: null,
      };
    }
    const send = composeLesson(row.kind, row.role, row.language, calendar, {
      recipient: row.recipient,
      personLink,
      origin,
    });
    return { send, linkShown: hasLink, sequence: b.calendarSequence };
  }

  /** The highest calendar sequence this recipient was sent for the lesson. */
  async function lastSequence(row: OutboxRow): Promise<number> {
    const [last] = await db
      .select({ sequence: outbox.sentSequence })
      .from(outbox)
      .where(
        and(
          eq(outbox.subject, row.subject),
          eq(outbox.role, row.role),
          eq(outbox.status, 'sent'),
          isNotNull(outbox.sentSequence),
        ),
      )
      .orderBy(desc(outbox.sentSequence))
      .limit(1);
    return last?.sequence ?? -1;
  }

  /** One row, claimed; true when it was sent. */
  async function deliver(id: string): Promise<OutboxRow['status'] | null> {
    const at = now();
    const free = or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, new Date(at)));
    const [row] = await db
      .update(outbox)
      .set({ leaseUntil: new Date(at + LEASE_MS) })
      .where(and(eq(outbox.id, id), eq(outbox.status, 'pending'), free))
      .returning();
    if (!row) return null;
    const mine = and(eq(outbox.id, id), eq(outbox.leaseUntil, row.leaseUntil!));
    try {
      if (!deps.origin)
        throw new TransportError(
          'PUBLIC_URL is not set: put the Worker’s public URL in wrangler.toml [vars].',
          'config',
        );
      const outcome = await decide(row, deps.origin);
      if ('skip' in outcome) {
        await db.update(outbox).set({ status: 'skipped', lastError: outcome.skip, leaseUntil: null }).where(mine);
        return 'skipped';
      }
      const { content, attachments } = outcome.send;
      const sent = await deps.transport.send({
        idempotencyKey: row.id,
        to: row.recipient,
        subject: content.subject,
        html: await mailHtml(content),
        text: mailText(content),
        attachments,
      });
      await db
        .update(outbox)
        .set({
          status: 'sent',
          providerMessageId: sent.id,
          subjectLine: content.subject,
          sentSequence: outcome.sequence,
          linkShown: outcome.linkShown,
          sentAt: new Date(now()),
          leaseUntil: null,
          lastError: null,
        })
        .where(mine);
      return 'sent';
    } catch (e) {
      const err = e instanceof TransportError ? e : new TransportError((e as Error).message, 'retry');
      const attempts = row.attempts + 1;
      const failed = err.kind === 'refused' || attempts >= MAX_ATTEMPTS;
      console.warn(
        JSON.stringify({
          event: failed ? 'message.failed' : 'message.retry',
          message: row.id,
          kind: row.kind,
          attempts,
          error: err.message,
        }),
      );
      await db
        .update(outbox)
        .set({
          attempts,
          lastError: err.message,
          leaseUntil: null,
          ...(failed
            ? { status: 'failed' as const }
            : { dueAt: new Date(at + retryDelayMs(attempts, err.kind === 'retry', err.retryAfterMs)) }),
        })
        .where(mine);
      return failed ? 'failed' : 'pending';
    }
  }

  return {
    deliver,

    /** Sends what is due (of one lesson or tutor, or all), oldest first; answers what became of it. */
    async drain(options: { subject?: string; limit?: number } = {}) {
      const at = new Date(now());
      const where: SQL | undefined = and(
        eq(outbox.status, 'pending'),
        lte(outbox.dueAt, at),
        or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, at)),
        options.subject ? eq(outbox.subject, options.subject) : undefined,
      );
      const due = await db
        .select({ id: outbox.id })
        .from(outbox)
        .where(where)
        .orderBy(asc(outbox.dueAt), asc(outbox.createdAt))
        .limit(options.limit ?? 50);
      const tally = { sent: 0, skipped: 0, failed: 0, pending: 0, dropped: 0 };
      for (const { id } of due) {
        const status = await deliver(id);
        if (status) tally[status]++;
      }
      return tally;
    },
  };
}
