/**
 * Zoom's webhook signature: `x-zm-signature: v0=<hex HMAC-SHA256(secret, "v0:{timestamp}:{raw body}")>`,
 * checked over the raw bytes as sent (re-serialised JSON would not match) and in constant time
 * (`crypto.subtle.verify`). Requests older or newer than five minutes are refused as replays.
 */

export const MAX_SKEW_MS = 5 * 60_000;

export type Verdict =
  | { ok: true; secret: string }
  | { ok: false; code: 'signature_missing' | 'signature_invalid' | 'timestamp_stale'; message: string };

const encoder = new TextEncoder();

function hmacKey(secret: string, usage: 'sign' | 'verify') {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

function fromHex(hex: string): Uint8Array | null {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return null;
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

/**
 * Checks the signature against each secret (Zoom signs each app's events with that app's own
 * secret token) and says which one matched.
 * @example await verifyZoomSignature([s2sSecret, oauthAppSecret], ts, signature, body, Date.now())
 */
export async function verifyZoomSignature(
  secrets: string[],
  timestamp: string | undefined,
  signature: string | undefined,
  body: Uint8Array,
  now: number,
): Promise<Verdict> {
  if (!timestamp || !signature) {
    return {
      ok: false,
      code: 'signature_missing',
      message: 'The x-zm-request-timestamp and x-zm-signature headers are required.',
    };
  }
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now - Number(timestamp) * 1000) > MAX_SKEW_MS) {
    return {
      ok: false,
      code: 'timestamp_stale',
      message: 'x-zm-request-timestamp is more than 5 minutes from now; refusing a possible replay.',
    };
  }
  const mac = signature.startsWith('v0=') ? fromHex(signature.slice(3)) : null;
  if (mac && mac.length === 32) {
    const prefix = encoder.encode(`v0:${timestamp}:`);
    const message = new Uint8Array(prefix.length + body.length);
    message.set(prefix);
    message.set(body, prefix.length);
    for (const secret of secrets) {
      if (await crypto.subtle.verify('HMAC', await hmacKey(secret, 'verify'), mac, message))
        return { ok: true, secret };
    }
  }
  return {
    ok: false,
    code: 'signature_invalid',
    message: 'x-zm-signature does not match this body and any configured webhook secret token.',
  };
}

/** The answer to `endpoint.url_validation`: the plain token and its HMAC-SHA256 under the secret, in hex. */
export async function urlValidation(
  secret: string,
  plainToken: string,
): Promise<{ plainToken: string; encryptedToken: string }> {
  const mac = new Uint8Array(
    await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), encoder.encode(plainToken)),
  );
  return { plainToken, encryptedToken: Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('') };
}
