/**
 * Secrets at rest (Zoom OAuth tokens, recording download tokens): AES-256-GCM with a key derived
 * from the `DATA_ENCRYPTION_KEY` secret. Sealed values look like `v1.<iv>.<ciphertext>` (base64url).
 */

const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle
      .digest('SHA-256', new TextEncoder().encode(`lesson-join data key\u0000${secret}`))
      .then((raw) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
    keys.set(secret, key);
  }
  return key;
}

/** Standard base64 (email attachments); byte by byte, so no size overflows the call stack. */
export function b64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** base64url without padding, as in JWTs and OAuth PKCE. */
export const b64url = (bytes: Uint8Array) => b64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const unb64url = (text: string) =>
  Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** Encrypts `plaintext`; `context` (e.g. a booking id) is bound in, so a value cannot be moved to another row. */
export async function seal(secret: string, plaintext: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) },
    await keyFor(secret),
    new TextEncoder().encode(plaintext),
  );
  return `v1.${b64url(iv)}.${b64url(new Uint8Array(data))}`;
}

/** Decrypts a sealed value; throws when it was tampered with, moved, or sealed under another key. */
export async function unseal(secret: string, sealed: string, context: string): Promise<string> {
  const [version, iv, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !data) throw new Error('Not a sealed value.');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: unb64url(iv), additionalData: new TextEncoder().encode(context) },
    await keyFor(secret),
    unb64url(data),
  );
  return new TextDecoder().decode(plain);
}
