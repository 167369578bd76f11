/** Stripe's webhook: verified by the official package on the raw body, then handed to payments. */
import { Hono } from 'hono/tiny';
import { bodyLimit } from 'hono/body-limit';
import type Stripe from 'stripe';
import { afterResponse, type AppEnv } from '../app';
import { LessonError } from '../errors';
import { tooLarge } from '../http';
import { handlePayment } from '../payments';
import { StripeSignatureVerificationError, stripeWebhooks, subtleCrypto } from '../stripe-webhooks';

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
    const signature = c.req.header('stripe-signature');
    if (!signature) throw new LessonError(400, 'signature_missing', 'The Stripe-Signature header is missing.');
    const payload = await c.req.text();
    let event: Stripe.Event;
    try {
      event = (await stripeWebhooks.constructEventAsync(
        payload,
        signature,
        secret,
        undefined,
        subtleCrypto,
      )) as Stripe.Event;
    } catch (e) {
      if (e instanceof StripeSignatureVerificationError)
        throw new LessonError(
          400,
          'signature_invalid',
          'The Stripe signature does not match this body and secret, or it is too old.',
        );
      throw new LessonError(400, 'invalid_event', 'The signed body is not a Stripe event in JSON.');
    }
    const outcome = await handlePayment(c.var.db, c.var.lessons, event);
    if (outcome.handled) await afterResponse(c, c.var.lessons.provision(outcome.bookingId));
    return c.json({ received: true, ...outcome });
  },
);
