/**
 * A tutor connects their own Zoom account (user-level OAuth, authorization code with PKCE). The
 * operator asks for an authorize link; Zoom sends the tutor back to our callback with a code, which
 * we exchange once for tokens, sealed at rest. Zoom's codes live five minutes; our state ten.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { tutors, zoomGrants } from '../../db/schema';
import { LessonError } from '../../errors';
import { b64url, unseal } from '../../crypto';
import type { TutorAccountChange } from '../types';
import { grantContext, sealedTokens } from './grants';
import { zoomAccountGone } from './index';
import { oauthToken, type OAuthClient } from './token';

export interface ConnectDeps {
  db: Db;
  kv: KVNamespace;
  oauth: OAuthClient | null;
  dataKey: string | undefined;
  apiBase: string;
  now?: () => number;
}

const STATE_TTL_S = 600;
const stateKey = (state: string) => `zoom:connect:${state}`;

function configured(deps: ConnectDeps): { oauth: OAuthClient; dataKey: string } {
  if (!deps.oauth || !deps.dataKey)
    throw new LessonError(
      503,
      'not_configured',
      'Connecting Zoom accounts needs ZOOM_OAUTH_CLIENT_ID, ZOOM_OAUTH_CLIENT_SECRET and DATA_ENCRYPTION_KEY.',
    );
  return { oauth: deps.oauth, dataKey: deps.dataKey };
}

/** The link to send the tutor to; it works once, for ten minutes. */
export async function startZoomConnection(deps: ConnectDeps, tutorId: string, redirectUri: string) {
  const { oauth } = configured(deps);
  const [tutor] = await deps.db.select({ id: tutors.id }).from(tutors).where(eq(tutors.id, tutorId));
  if (!tutor) throw new LessonError(404, 'tutor_not_found', `No tutor has id ${tutorId}.`);
  const state = b64url(crypto.getRandomValues(new Uint8Array(24)));
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(48)));
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  await deps.kv.put(stateKey(state), JSON.stringify({ tutorId, verifier, redirectUri }), {
    expirationTtl: STATE_TTL_S,
  });
  const url = new URL('/oauth/authorize', oauth.oauthBase);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oauth.clientId,
    redirect_uri: redirectUri,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  return { authorizeUrl: url.toString(), expiresAt: new Date((deps.now ?? Date.now)() + STATE_TTL_S * 1000) };
}

/** Zoom's redirect back: exchange the code, learn who the tutor is at Zoom; answers the grant for the lifecycle to store. */
export async function finishZoomConnection(
  deps: ConnectDeps,
  params: { code?: string; state?: string; error?: string },
) {
  const { oauth, dataKey } = configured(deps);
  const now = (deps.now ?? Date.now)();
  const pending = params.state
    ? await deps.kv.get<{ tutorId: string; verifier: string; redirectUri: string }>(stateKey(params.state), 'json')
    : null;
  if (!pending)
    throw new LessonError(
      400,
      'connect_link_expired',
      'This Zoom connection link has expired or was already used. Ask for a new one.',
    );
  await deps.kv.delete(stateKey(params.state!));
  if (params.error || !params.code)
    throw new LessonError(
      400,
      'connect_declined',
      'Zoom did not grant access, so nothing was connected. Try again and choose Allow.',
    );

  const grant = await oauthToken(oauth, {
    grant_type: 'authorization_code',
    code: params.code,
    redirect_uri: pending.redirectUri,
    code_verifier: pending.verifier,
  });
  if (!grant.ok || !grant.refreshToken) {
    throw new LessonError(
      grant.ok || grant.retryable ? 503 : 400,
      'connect_failed',
      `Zoom did not accept the connection (${grant.ok ? 'no refresh token' : grant.why}). Ask for a new link and try again.`,
    );
  }
  const me = await fetchMe(deps, oauth, grant.accessToken);
  const tokens = await sealedTokens(dataKey, pending.tutorId, { ...grant, refreshToken: grant.refreshToken }, now);
  const row = {
    zoomUserId: me.id,
    zoomAccountId: me.account_id ?? null,
    scope: grant.scope ?? null,
    refreshLeaseUntil: null,
    updatedAt: new Date(now),
    ...tokens,
  };
  const change: TutorAccountChange = { state: 'connected', grant: row };
  return { tutorId: pending.tutorId, change, zoomEmail: me.email ?? null };
}

async function fetchMe(deps: ConnectDeps, oauth: OAuthClient, accessToken: string) {
  const res = await oauth
    .fetch(`${deps.apiBase.replace(/\/+$/, '')}/users/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(oauth.timeoutMs),
    })
    .catch(() => null);
  const me = res?.ok ? ((await res.json()) as { id?: string; email?: string; account_id?: string }) : null;
  if (!me?.id)
    throw new LessonError(
      503,
      'connect_failed',
      'Zoom did not say which account was connected. Try again in a minute.',
    );
  return me as { id: string; email?: string; account_id?: string };
}

/**
 * Asks Zoom to revoke the tutor's token (best effort) and answers what the lifecycle is to record:
 * the account disconnected, its upcoming lessons moved to the platform's account.
 */
export async function disconnectZoom(deps: ConnectDeps, tutorId: string): Promise<TutorAccountChange> {
  const [grant] = await deps.db.select().from(zoomGrants).where(eq(zoomGrants.tutorId, tutorId));
  if (grant?.accessToken && deps.oauth && deps.dataKey) {
    const token = await unseal(deps.dataKey, grant.accessToken, grantContext(tutorId)).catch(() => null);
    const url = new URL('/oauth/revoke', deps.oauth.oauthBase);
    if (token) {
      url.searchParams.set('token', token);
      await deps.oauth
        .fetch(url, {
          method: 'POST',
          headers: { authorization: `Basic ${btoa(`${deps.oauth.clientId}:${deps.oauth.clientSecret}`)}` },
        })
        .catch(() => null);
    }
  }
  return zoomAccountGone(tutorId, 'none');
}
