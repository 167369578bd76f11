/**
 * `npm run pay -- <booking_id>`: plays Stripe for the local product. Sends a paid
 * `checkout.session.completed` for the booking, signed with the official `stripe` package's
 * test-header helper and the STRIPE_WEBHOOK_SECRET from .dev.vars, to the Worker on PORT (8787).
 */
import { readFileSync } from 'node:fs';
import { payBooking } from '../demo/operator-api';

const bookingId = process.argv[2];
if (!bookingId) {
  console.error('usage: npm run pay -- <booking_id>');
  process.exit(2);
}
const api = process.env.LESSON_JOIN_URL ?? `http://localhost:${process.env.PORT ?? 8787}`;
const secret = /^STRIPE_WEBHOOK_SECRET=(.*)$/m.exec(readFileSync('.dev.vars', 'utf8'))?.[1]?.trim();
if (!secret) throw new Error('STRIPE_WEBHOOK_SECRET is missing from .dev.vars; run npm start once first.');

const res = await payBooking(api, secret, bookingId);
console.log(res.status, await res.text());
