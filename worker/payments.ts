/** Stripe payment events → confirmed lessons. Verification happens in the route; this decides what an event means. */
import type Stripe from 'stripe';
import type { Db } from './db';
import { claimEvent, finishEvent, releaseEvent, type EventKey } from './events';
import { LessonError } from './errors';
import type { Lifecycle } from './lifecycle';

export type PaymentOutcome =
  | { handled: false; reason: 'not_a_payment' | 'unknown_booking' | 'duplicate' | 'booking_cancelled' }
  | { handled: true; bookingId: string };

/**
 * The booking a paid event pays for, from `metadata.booking_id` or `client_reference_id`.
 * Checkout sessions count only once `payment_status` is `paid` (async methods settle later).
 */
export function paidBookingId(event: Stripe.Event): string | null {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      if (event.type === 'checkout.session.completed' && session.payment_status !== 'paid') return null;
      return session.metadata?.booking_id || session.client_reference_id || null;
    }
    case 'payment_intent.succeeded':
      return event.data.object.metadata?.booking_id || null;
    default:
      return null;
  }
}

/** Confirms the paid booking once per event id; meeting creation is left to the caller to schedule. */
export async function handlePayment(db: Db, lessons: Lifecycle, event: Stripe.Event): Promise<PaymentOutcome> {
  const bookingId = paidBookingId(event);
  if (!bookingId) return { handled: false, reason: 'not_a_payment' };
  const booking = await lessons.get(bookingId).catch((e) => {
    if (e instanceof LessonError && e.status === 404) return null;
    throw e;
  });
  if (!booking) {
    console.warn(JSON.stringify({ event: 'stripe.unknown_booking', stripe_event: event.id, booking: bookingId }));
    return { handled: false, reason: 'unknown_booking' };
  }
  const key: EventKey = { source: 'stripe', eventId: event.id };
  if (!(await claimEvent(db, key, { type: event.type, bookingId }))) return { handled: false, reason: 'duplicate' };
  try {
    await lessons.confirm(bookingId, { paymentRef: event.id });
  } catch (e) {
    if (e instanceof LessonError && e.status === 409) {
      // Money arrived for a cancelled lesson: acknowledge, keep the record, let the operator refund.
      console.warn(
        JSON.stringify({ event: 'stripe.paid_cancelled_booking', stripe_event: event.id, booking: bookingId }),
      );
      await finishEvent(db, key);
      return { handled: false, reason: 'booking_cancelled' };
    }
    await releaseEvent(db, key);
    throw e;
  }
  await finishEvent(db, key);
  return { handled: true, bookingId };
}
