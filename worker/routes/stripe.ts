/** Stripe's webhook: verified by the official package on the raw body, then handed to the payment handler. */
import { Hono } from 'hono/tiny';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app';
import { LessonError } from '../errors';
import { tooLarge } from '../http';
import { handlePayment } from '../webhooks/stripe';
import { verifiedStripeEvent } from '../webhooks/stripe/verify';

export const stripeRoutes = new Hono<AppEnv>().post(
  '/webhook',
  bodyLimit({ maxSize: 1024 * 1024, onError: tooLarge('1 MB') }),
  async (c) => {
    const secret = c.env.STRIPE_WEBHOOK_SECRET;
    if (!secret)
      throw new LessonError(
        503,
        'not_configured',
        'STRIPE_WEBHOOK_SECRET is not set: add it with wrangler secret put.',
      );
    const now = c.var.now();
    const event = await verifiedStripeEvent(await c.req.text(), c.req.header('stripe-signature'), secret, now);
    const outcome = await handlePayment(c.var.db, c.var.lifecycle, event, now);
    return c.json({ received: true, ...outcome });
  },
);
