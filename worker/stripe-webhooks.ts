/**
 * Stripe webhook verification by the official `stripe` package, without the rest of it.
 *
 * The package's entry point pulls in every API resource (about 240 KB of the Worker, 34 KB gzip)
 * though a webhook needs only `Webhooks` and the Web platform's crypto. Its `exports` map hides
 * those modules, so they are imported by path from the pinned package; the Stripe tests sign events
 * with the full package's own test helper, so a change in these internals fails them.
 */
import { SubtleCryptoProvider } from '../node_modules/stripe/esm/crypto/SubtleCryptoProvider.js';
import { StripeSignatureVerificationError } from '../node_modules/stripe/esm/Error.js';
import { WebPlatformFunctions } from '../node_modules/stripe/esm/platform/WebPlatformFunctions.js';
import { createWebhooks } from '../node_modules/stripe/esm/Webhooks.js';

export const stripeWebhooks = createWebhooks(new WebPlatformFunctions());
export const subtleCrypto = new SubtleCryptoProvider(crypto.subtle);
export { StripeSignatureVerificationError };
