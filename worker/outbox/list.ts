/** The outbox as the operator reads it: messages by state (the failed ones first of all), and a retry once fixed. */
import { and, desc, eq } from 'drizzle-orm';
import type { MessageQuery } from '../../shared/api';
import type { Db } from '../db';
import { outbox, type OutboxRow } from '../db/schema';
import { LessonError } from '../errors';

export function listMessages(db: Db, q: MessageQuery): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        q.status ? eq(outbox.status, q.status) : undefined,
        q.booking_id ? eq(outbox.subject, q.booking_id) : undefined,
      ),
    )
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(Math.min(q.limit, 200));
}

export async function getMessage(db: Db, id: string): Promise<OutboxRow> {
  const [found] = await db.select().from(outbox).where(eq(outbox.id, id));
  if (!found) throw new LessonError(404, 'message_not_found', `No message has id ${id}.`);
  return found;
}

/** A failed message goes out again with its attempts counted afresh (after the sender or domain was fixed). */
export async function retryMessage(db: Db, id: string, now: number): Promise<OutboxRow> {
  const [row] = await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, dueAt: new Date(now), leaseUntil: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'failed')))
    .returning();
  if (row) return row;
  const found = await getMessage(db, id);
  throw new LessonError(
    409,
    'message_not_failed',
    `Message ${id} is ${found.status}; only failed messages are retried.`,
  );
}
