/**
 * Webhook deliveries are handled once: the first delivery of an event id claims it; once it is
 * done, later ones are acknowledged as duplicates. While it is being handled, another delivery is
 * told to come back (503, so the sender retries), and a claim whose handler died is taken over
 * after 30 seconds: a crash between claim and work cannot swallow an event. An event whose whole
 * effect is one batch of writes is recorded in that batch instead (`recordEvent`): then there is
 * no claim to hold, and a second delivery sees either everything or nothing.
 */
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { bookings, processedEvents } from '../db/schema';
import { LessonError } from '../errors';

/**
 * A claim older than this belongs to a handler that died (a Worker killed mid-request): redeliveries
 * get 503 until then. Handlers write to the database and hand slow provider work to the lifecycle,
 * so a live one is done well within it.
 */
const STALE_CLAIM_MS = 30_000;

export interface WebhookEvent {
  source: 'stripe' | 'zoom';
  /** What tells this event from every other one of its source (Stripe's event id; for Zoom, see its handler). */
  eventId: string;
  type: string;
  bookingId?: string | null;
}

/**
 * Runs `handle` for the first delivery of the event; answers `{ duplicate: true }` for the others.
 * When `handle` throws, the event is given back so the sender's retry can do the work.
 * @example const outcome = await once(db, { source: 'stripe', eventId: event.id, type: event.type }, now, () => confirm())
 */
export async function once<T>(
  db: Db,
  event: WebhookEvent,
  now: number,
  handle: () => Promise<T>,
): Promise<{ duplicate: true } | { duplicate: false; value: T }> {
  const key = and(eq(processedEvents.source, event.source), eq(processedEvents.eventId, event.eventId));
  if (!(await claim(db, event, key, now))) return { duplicate: true };
  let value: T;
  try {
    value = await handle();
  } catch (e) {
    await db.delete(processedEvents).where(and(key, isNull(processedEvents.processedAt)));
    throw e;
  }
  await db
    .update(processedEvents)
    .set({ processedAt: new Date(now) })
    .where(key);
  return { duplicate: false, value };
}

/** True when this delivery should do the work; false when another delivery did it. */
async function claim(db: Db, event: WebhookEvent, key: ReturnType<typeof and>, now: number): Promise<boolean> {
  const [fresh] = await db
    .insert(processedEvents)
    .values({
      source: event.source,
      eventId: event.eventId,
      type: event.type,
      bookingId: event.bookingId ?? null,
      receivedAt: new Date(now),
    })
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId });
  if (fresh) return true;
  const [stale] = await db
    .update(processedEvents)
    .set({ receivedAt: new Date(now) })
    .where(
      and(key, isNull(processedEvents.processedAt), lt(processedEvents.receivedAt, new Date(now - STALE_CLAIM_MS))),
    )
    .returning({ eventId: processedEvents.eventId });
  if (stale) return true;
  const [existing] = await db.select({ processedAt: processedEvents.processedAt }).from(processedEvents).where(key);
  if (existing && !existing.processedAt) {
    throw new LessonError(
      503,
      'event_in_progress',
      'Another delivery of this event is being handled right now; send it again later.',
    );
  }
  return false;
}

/**
 * The statement that records the event as handled, for the batch that makes its change: an
 * insert that answers a row only for the first delivery. Nothing is recorded for an event about a
 * booking that does not exist, so a delivery after the booking is made still counts.
 */
export function recordEvent(db: Db, event: WebhookEvent & { bookingId: string }, now: number) {
  return db
    .insert(processedEvents)
    .select((qb) =>
      qb
        .select({
          source: sql<WebhookEvent['source']>`${event.source}`.as('source'),
          eventId: sql<string>`${event.eventId}`.as('event_id'),
          type: sql<string>`${event.type}`.as('type'),
          bookingId: bookings.id,
          receivedAt: sql<Date>`${now}`.as('received_at'),
          processedAt: sql<Date>`${now}`.as('processed_at'),
        })
        .from(bookings)
        .where(eq(bookings.id, event.bookingId)),
    )
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId });
}
