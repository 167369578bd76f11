/**
 * Access tokens for tutors who connected their own Zoom account (user-level OAuth). Zoom rotates
 * the refresh token on every use and the old one dies at once, so exactly one worker may refresh a
 * grant: it takes a lease on the row's version (compare-and-swap in SQL; KV is only eventually
 * consistent), the others wait for the new version. A refused refresh means the tutor must reconnect.
 */
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { seal, unseal } from '../../crypto';
import type { Db } from '../../db';
import { zoomGrants, type ZoomGrantRow } from '../../db/schema';
import { AccountGoneError, ProviderError } from '../types';
import { tutorAccountHost } from './index';
import { oauthToken, type OAuthClient } from './token';

export interface GrantDeps {
  db: Db;
  dataKey: string;
  oauth: OAuthClient;
  now?: () => number;
}

const REFRESH_LEASE_MS = 20_000;
/** Refresh this long before Zoom's expiry. */
const EXPIRY_MARGIN_MS = 5 * 60_000;
const WAIT_STEP_MS = 100;

/** Binds a sealed token to its tutor, so it cannot be replayed from another row. */
export const grantContext = (tutorId: string) => `zoom-grant:${tutorId}`;
const inFlight = new Map<string, Promise<string>>();

/** Seals a fresh grant's tokens for storage. */
export async function sealedTokens(
  dataKey: string,
  tutorId: string,
  grant: { accessToken: string; refreshToken: string; expiresIn: number },
  now: number,
) {
  return {
    accessToken: await seal(dataKey, grant.accessToken, grantContext(tutorId)),
    refreshToken: await seal(dataKey, grant.refreshToken, grantContext(tutorId)),
    accessExpiresAt: new Date(now + grant.expiresIn * 1000 - EXPIRY_MARGIN_MS),
  };
}

/**
 * The token source for one tutor's Zoom account.
 * @example createZoomClient({ apiBase, token: (rejected) => tutorToken(deps, tutorId, rejected) })
 */
export async function tutorToken(deps: GrantDeps, tutorId: string, rejected?: string): Promise<string> {
  const now = deps.now ?? Date.now;
  const grant = await load(deps.db, tutorId);
  if (grant.accessToken && grant.accessExpiresAt && grant.accessExpiresAt.getTime() > now()) {
    const access = await unseal(deps.dataKey, grant.accessToken, grantContext(tutorId));
    if (access !== rejected) return access;
  }
  let pending = inFlight.get(tutorId);
  if (!pending) {
    pending = refresh(deps, grant).finally(() => inFlight.delete(tutorId));
    inFlight.set(tutorId, pending);
  }
  return pending;
}

async function load(db: Db, tutorId: string): Promise<ZoomGrantRow> {
  const [grant] = await db.select().from(zoomGrants).where(eq(zoomGrants.tutorId, tutorId));
  if (!grant)
    throw new AccountGoneError("The tutor's own Zoom account is not connected: ask them to connect Zoom again.", {
      tutorId,
      host: tutorAccountHost(tutorId),
    });
  return grant;
}

async function refresh(deps: GrantDeps, seen: ZoomGrantRow): Promise<string> {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const deadline = now() + REFRESH_LEASE_MS;
  for (;;) {
    const at = now();
    const [claimed] = await db
      .update(zoomGrants)
      .set({ refreshLeaseUntil: new Date(at + REFRESH_LEASE_MS) })
      .where(
        and(
          eq(zoomGrants.tutorId, seen.tutorId),
          eq(zoomGrants.version, seen.version),
          or(isNull(zoomGrants.refreshLeaseUntil), lt(zoomGrants.refreshLeaseUntil, new Date(at))),
        ),
      )
      .returning();
    if (claimed) return refreshClaimed(deps, claimed);

    // Someone else is refreshing (or has): use their result.
    const current = await load(db, seen.tutorId);
    if (current.version !== seen.version && current.accessToken)
      return unseal(deps.dataKey, current.accessToken, grantContext(seen.tutorId));
    if (now() > deadline) throw new ProviderError("Zoom is slow to refresh the tutor's token; will retry.");
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  }
}

async function refreshClaimed(deps: GrantDeps, grant: ZoomGrantRow): Promise<string> {
  const { db } = deps;
  const now = (deps.now ?? Date.now)();
  const refreshToken = await unseal(deps.dataKey, grant.refreshToken, grantContext(grant.tutorId));
  const result = await oauthToken(deps.oauth, { grant_type: 'refresh_token', refresh_token: refreshToken });
  const mine = and(eq(zoomGrants.tutorId, grant.tutorId), eq(zoomGrants.version, grant.version));
  if (result.ok && result.refreshToken) {
    const tokens = await sealedTokens(
      deps.dataKey,
      grant.tutorId,
      { ...result, refreshToken: result.refreshToken },
      now,
    );
    await db
      .update(zoomGrants)
      .set({
        ...tokens,
        scope: result.scope ?? grant.scope,
        version: grant.version + 1,
        refreshLeaseUntil: null,
        updatedAt: new Date(now),
      })
      .where(mine);
    return result.accessToken;
  }
  if (!result.ok && !result.retryable) {
    // invalid_grant: revoked, expired, or reused. Zoom will not take this grant again.
    console.warn(JSON.stringify({ event: 'zoom.grant_lost', tutor: grant.tutorId, error: result.error ?? result.why }));
    throw new AccountGoneError(`Zoom refused the tutor's connection (${result.why}): ask them to connect Zoom again.`, {
      tutorId: grant.tutorId,
      host: tutorAccountHost(grant.tutorId),
      grantVersion: grant.version,
    });
  }
  await db.update(zoomGrants).set({ refreshLeaseUntil: null }).where(mine);
  throw new ProviderError(
    `Zoom's token endpoint failed while refreshing the tutor's token: ${result.ok ? 'no refresh token' : result.why}.`,
  );
}
