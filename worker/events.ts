/**
 * Webhook deliveries are handled once: the first delivery of an event id claims it; once it is
 * done, later ones are acknowledged as duplicates. While it is being handled, another delivery is
 * told to come back (503, so Stripe and Zoom retry), and a claim whose handler died is taken over
 * after two minutes: a crash between claim and work cannot swallow a payment.
 */
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from './db';
import { processedEvents } from './db/schema';
import { LessonError } from './errors';

const STALE_CLAIM_MS = 2 * 60_000;

export interface EventKey {
  source: 'stripe' | 'zoom';
  eventId: string;
}

/** True when this delivery should do the work; false when another delivery did it. */
export async function claimEvent(
  db: Db,
  key: EventKey,
  info: { type: string; bookingId?: string | null },
  now = Date.now(),
): Promise<boolean> {
  const [fresh] = await db
    .insert(processedEvents)
    .values({ ...key, type: info.type, bookingId: info.bookingId ?? null, receivedAt: new Date(now) })
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId });
  if (fresh) return true;
  const [stale] = await db
    .update(processedEvents)
    .set({ receivedAt: new Date(now) })
    .where(
      and(
        eq(processedEvents.source, key.source),
        eq(processedEvents.eventId, key.eventId),
        isNull(processedEvents.processedAt),
        lt(processedEvents.receivedAt, new Date(now - STALE_CLAIM_MS)),
      ),
    )
    .returning({ eventId: processedEvents.eventId });
  if (stale) return true;
  const [existing] = await db
    .select({ processedAt: processedEvents.processedAt })
    .from(processedEvents)
    .where(and(eq(processedEvents.source, key.source), eq(processedEvents.eventId, key.eventId)));
  if (existing && !existing.processedAt) {
    throw new LessonError(
      503,
      'event_in_progress',
      'Another delivery of this event is being handled right now; send it again later.',
    );
  }
  return false;
}

export async function finishEvent(db: Db, key: EventKey, now = Date.now()): Promise<void> {
  await db
    .update(processedEvents)
    .set({ processedAt: new Date(now) })
    .where(and(eq(processedEvents.source, key.source), eq(processedEvents.eventId, key.eventId)));
}

/** Gives the event back so the sender's retry can do the work. */
export async function releaseEvent(db: Db, key: EventKey): Promise<void> {
  await db
    .delete(processedEvents)
    .where(
      and(
        eq(processedEvents.source, key.source),
        eq(processedEvents.eventId, key.eventId),
        isNull(processedEvents.processedAt),
      ),
    );
}
