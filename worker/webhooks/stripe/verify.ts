/**
 * Stripe webhook verification by the official `stripe` package, through its public API: the
 * signature over the raw body with Web Crypto, as Stripe documents for Workers. Stripe's own check
 * refuses signatures older than five minutes; one from more than five minutes in the future is
 * refused here the same way (a clock that far ahead is not Stripe's).
 */
import Stripe from 'stripe';
import { LessonError } from '../../errors';

const cryptoProvider = Stripe.createSubtleCryptoProvider();
const TOLERANCE_S = 300;

/** The event the signed body holds, or a 400 that says why not. */
export async function verifiedStripeEvent(
  payload: string,
  signature: string | undefined,
  secret: string,
  now: number,
): Promise<unknown> {
  if (!signature) throw new LessonError(400, 'signature_missing', 'The Stripe-Signature header is missing.');
  const signedAt = Number(/(?:^|,)\s*t=(\d{1,12})(?:,|$)/.exec(signature)?.[1]);
  if (signedAt * 1000 > now + TOLERANCE_S * 1000) throw signatureInvalid();
  try {
    return await Stripe.webhooks.constructEventAsync(payload, signature, secret, TOLERANCE_S, cryptoProvider, now);
  } catch (e) {
    if (e instanceof Stripe.errors.StripeSignatureVerificationError) throw signatureInvalid();
    throw new LessonError(400, 'invalid_event', 'The signed body is not a Stripe event in JSON.');
  }
}

const signatureInvalid = () =>
  new LessonError(
    400,
    'signature_invalid',
    'The Stripe signature does not match this body and secret, or it is too old.',
  );
