/**
 * `npm run pay -- <booking_id>`: plays Stripe for the local product. Sends a paid
 * `checkout.session.completed` for the booking, signed with the official `stripe` package's
 * test-header helper and the STRIPE_WEBHOOK_SECRET from .dev.vars.
 */
import { readFileSync } from 'node:fs';
import Stripe from 'stripe';

const bookingId = process.argv[2];
if (!bookingId) {
  console.error('usage: npm run pay -- <booking_id>');
  process.exit(2);
}
const api = process.env.LESSON_JOIN_URL ?? `http://localhost:${process.env.PORT ?? 8787}`;
const secret = /^STRIPE_WEBHOOK_SECRET=(.*)$/m.exec(readFileSync('.dev.vars', 'utf8'))?.[1]?.trim();
if (!secret) throw new Error('STRIPE_WEBHOOK_SECRET is missing from .dev.vars; run npm start once first.');

const payload = JSON.stringify({
  id: `evt_local_${Date.now()}`,
  object: 'event',
  type: 'checkout.session.completed',
  created: Math.floor(Date.now() / 1000),
  livemode: false,
  data: {
    object: {
      id: `cs_local_${Date.now()}`,
      object: 'checkout.session',
      payment_status: 'paid',
      metadata: { booking_id: bookingId },
    },
  },
});
const signature = await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret });
const res = await fetch(`${api}/api/stripe/webhook`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'stripe-signature': signature },
  body: payload,
});
console.log(res.status, await res.text());
