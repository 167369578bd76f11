/**
 * Lesson links are signed capability tokens: HS256 JWTs (`hono/jwt`) that name a booking, a role
 * and an expiry, with a key id in the header so the secret can rotate without breaking links
 * already sent: the previous secret keeps verifying until it is removed.
 */
// hono/jwt's own sign and verify, without its middleware: 0.5 KiB less in a Worker kept under 120 KiB.
import { decode, sign, verify } from 'hono/utils/jwt/jwt';
import * as z from 'zod/mini';
import { ROLES, type Role } from '../../shared/api';
import { LessonError } from '../errors';

export interface LinkKeyEnv {
  /** The secret new links are signed with (32 characters or more). */
  LESSON_LINK_SECRET?: string;
  /** Its key id, written into every token's header (e.g. `2026-07`). */
  LESSON_LINK_KEY_ID?: string;
  /** The secret used before the last rotation; links signed with it keep working while it is set. */
  LESSON_LINK_PREVIOUS_SECRET?: string;
  LESSON_LINK_PREVIOUS_KEY_ID?: string;
}

export interface LinkClaims {
  bookingId: string;
  role: Role;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

type HmacJwk = { kty: 'oct'; k: string; alg: 'HS256'; kid: string };

const ALG = 'HS256';
const MIN_SECRET_LENGTH = 32;

const Payload = z.object({
  sub: z.string().check(z.regex(/^bk_[0-9a-z]{10,40}$/)),
  role: z.enum(ROLES),
  exp: z.int(),
});

const jwk = (secret: string, kid: string): HmacJwk => ({
  kty: 'oct',
  k: btoa(String.fromCharCode(...new TextEncoder().encode(secret)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, ''),
  alg: ALG,
  kid,
});

const invalid = () =>
  new LessonError(
    401,
    'link_invalid',
    'This lesson link is not valid. Open the link exactly as you received it, or ask for a new one.',
  );

/**
 * The signing keys from the Worker's secrets.
 * @example const keys = linkKeys(c.env); const token = await keys.mint({ bookingId, role: 'student', exp })
 */
export function linkKeys(env: LinkKeyEnv, now: () => number = Date.now) {
  const current = env.LESSON_LINK_SECRET;
  const currentKid = env.LESSON_LINK_KEY_ID || 'current';
  const verifying = new Map<string, HmacJwk>();
  if (env.LESSON_LINK_PREVIOUS_SECRET && env.LESSON_LINK_PREVIOUS_KEY_ID)
    verifying.set(
      env.LESSON_LINK_PREVIOUS_KEY_ID,
      jwk(env.LESSON_LINK_PREVIOUS_SECRET, env.LESSON_LINK_PREVIOUS_KEY_ID),
    );
  if (current && current.length >= MIN_SECRET_LENGTH) verifying.set(currentKid, jwk(current, currentKid));

  return {
    /** Signs a link. The same claims always give the same token, so a link shown twice is the same link. */
    async mint(claims: LinkClaims): Promise<string> {
      if (!current || current.length < MIN_SECRET_LENGTH)
        throw new LessonError(
          503,
          'not_configured',
          `LESSON_LINK_SECRET is not set or shorter than ${MIN_SECRET_LENGTH} characters: add it with wrangler secret put.`,
        );
      return sign({ sub: claims.bookingId, role: claims.role, exp: claims.exp }, verifying.get(currentKid)!);
    },

    /**
     * Checks a link's key id, algorithm and signature, then its expiry (a forged token is never told
     * it expired). Any failure is a 401 that changes nothing.
     */
    async read(token: string): Promise<LinkClaims> {
      let payload: unknown;
      try {
        const key = verifying.get(decode(token).header.kid ?? '');
        if (!key) throw invalid();
        payload = await verify(token, key, { alg: ALG, exp: false });
      } catch {
        throw invalid();
      }
      const claims = Payload.safeParse(payload);
      if (!claims.success) throw invalid();
      if (claims.data.exp * 1000 <= now())
        throw new LessonError(
          401,
          'link_expired',
          'This lesson link has expired. Ask your tutor or the school for a new one.',
        );
      return { bookingId: claims.data.sub, role: claims.data.role, exp: claims.data.exp };
    },
  };
}

export type LinkKeys = ReturnType<typeof linkKeys>;
