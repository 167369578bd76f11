const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A random id with a prefix that says what it names: `tu_` tutor, `sv_` service, `bk_` booking.
 * 20 characters of Crockford-style base32 carry 100 bits of randomness.
 */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let out = `${prefix}_`;
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}
