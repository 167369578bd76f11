/**
 * Stripe payment events → confirmed lessons. A verified event is read for the little we need
 * (which booking it pays for, and whether it is paid); a signed body we cannot read is a 400 that
 * changes nothing, never a 500 Stripe would retry for days.
 */
import * as z from 'zod/mini';
import type { Db } from '../../db';
import { LessonError } from '../../errors';
import type { Lifecycle } from '../../lifecycle';
import { recordEvent } from '../once';

export type PaymentOutcome =
  | { handled: false; reason: 'not_a_payment' | 'unknown_booking' | 'duplicate' | 'booking_cancelled' }
  | { handled: true; bookingId: string };

const PAYMENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'payment_intent.succeeded',
];
const reference = z.optional(z.nullable(z.string()));
const StripeEvent = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(255)),
  type: z.string(),
  data: z.optional(z.unknown()),
});
const PaidObject = z.object({
  payment_status: z.optional(z.nullable(z.string())),
  metadata: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  client_reference_id: reference,
});

const unreadable = (what: string) =>
  new LessonError(400, 'invalid_event', `The signed event cannot be read: ${what}. Nothing was changed.`);

/**
 * The booking a paid event pays for, from `metadata.booking_id` or `client_reference_id`; null for
 * events that pay for nothing. Checkout sessions count only once `payment_status` is `paid`.
 */
export function paidBookingId(raw: unknown): { eventId: string; type: string; bookingId: string | null } {
  const event = StripeEvent.safeParse(raw);
  if (!event.success) throw unreadable('it is not a Stripe event with an id and a type');
  const { id, type } = event.data;
  if (!PAYMENT_TYPES.includes(type)) return { eventId: id, type, bookingId: null };
  const object = PaidObject.safeParse((event.data.data as { object?: unknown } | undefined)?.object);
  if (!object.success) throw unreadable(`${type} has no data.object to read`);
  const { metadata, payment_status, client_reference_id } = object.data;
  if (type === 'checkout.session.completed' && payment_status !== 'paid') return { eventId: id, type, bookingId: null };
  const fromMetadata = metadata?.booking_id;
  if (fromMetadata !== undefined && typeof fromMetadata !== 'string')
    throw unreadable('metadata.booking_id is not text');
  const bookingId = fromMetadata || (type === 'payment_intent.succeeded' ? null : client_reference_id) || null;
  return { eventId: id, type, bookingId };
}

/**
 * Confirms the paid booking once per event id: the event's record and the confirmation are one
 * batch, so a second delivery finds both or neither. Its meeting is made after Stripe has its answer.
 */
export async function handlePayment(db: Db, lifecycle: Lifecycle, raw: unknown, now: number): Promise<PaymentOutcome> {
  const { eventId, type, bookingId } = paidBookingId(raw);
  if (!bookingId) return { handled: false, reason: 'not_a_payment' };
  const record = recordEvent(db, { source: 'stripe', eventId, type, bookingId }, now);
  const outcome = await lifecycle.confirmPaid(bookingId, { ref: eventId, record });
  if (outcome === 'confirmed') return { handled: true, bookingId };
  if (outcome === 'unknown_booking')
    console.warn(JSON.stringify({ event: 'stripe.unknown_booking', stripe_event: eventId, booking: bookingId }));
  // Money arrived for a cancelled lesson: acknowledge, keep the record, let the operator refund.
  if (outcome === 'booking_cancelled')
    console.warn(JSON.stringify({ event: 'stripe.paid_cancelled_booking', stripe_event: eventId, booking: bookingId }));
  return { handled: false, reason: outcome };
}
