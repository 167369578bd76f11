import { ProviderError } from '../types';

/**
 * Zoom Server-to-Server OAuth access tokens: cached in KV for the token's life (less a margin),
 * kept in memory for the isolate, and fetched by at most one request at a time per isolate.
 */

export interface TokenSource extends OAuthClient {
  accountId: string;
  kv: KVNamespace;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Refresh this long before Zoom's expiry, so a token never dies in the middle of a request. */
const EXPIRY_MARGIN_S = 300;
/** KV refuses TTLs under 60 s. */
const MIN_KV_TTL_S = 60;

const memory = new Map<string, CachedToken>();
const inFlight = new Map<string, Promise<CachedToken>>();

/**
 * The S2S token source for the Zoom client.
 * @example createZoomClient({ apiBase, token: s2sTokens(source) })
 */
export const s2sTokens = (source: TokenSource) => (rejected?: string) => zoomAccessToken(source, rejected);

/**
 * A usable access token. Pass the token Zoom just rejected (401, code 124) to get a different one:
 * the cache is skipped only for that value, so concurrent callers still share one new token.
 */
export async function zoomAccessToken(source: TokenSource, rejected?: string): Promise<string> {
  const key = `zoom:s2s:${source.accountId}:${source.clientId}`;
  const usable = (t: CachedToken | undefined | null): t is CachedToken =>
    !!t && t.token !== rejected && t.expiresAt > Date.now();

  const cached = memory.get(key);
  if (usable(cached)) return cached.token;

  const pending = inFlight.get(key);
  if (pending !== undefined) {
    const shared = await pending;
    if (usable(shared)) return shared.token;
    return zoomAccessToken(source, rejected);
  }

  const load = (async () => {
    const stored = await source.kv.get<CachedToken>(key, 'json');
    const token = usable(stored) ? stored : await requestToken(source);
    if (token !== stored) {
      const ttl = Math.max(MIN_KV_TTL_S, Math.floor((token.expiresAt - Date.now()) / 1000));
      await source.kv.put(key, JSON.stringify(token), { expirationTtl: ttl });
    }
    memory.set(key, token);
    return token;
  })();
  inFlight.set(key, load);
  try {
    return (await load).token;
  } finally {
    inFlight.delete(key);
  }
}

async function requestToken(source: TokenSource): Promise<CachedToken> {
  const grant = await oauthToken(source, { grant_type: 'account_credentials', account_id: source.accountId });
  if (!grant.ok) {
    throw new ProviderError(
      grant.retryable
        ? `Zoom's token endpoint failed: ${grant.why}.`
        : `Zoom refused the app's credentials (${grant.why}): check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET.`,
      { retryable: grant.retryable },
    );
  }
  const lifetime = Math.max(MIN_KV_TTL_S, grant.expiresIn - EXPIRY_MARGIN_S);
  return { token: grant.accessToken, expiresAt: Date.now() + lifetime * 1000 };
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  oauthBase: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

export type TokenGrant =
  | { ok: true; accessToken: string; refreshToken?: string; expiresIn: number; scope?: string }
  | { ok: false; retryable: boolean; error?: string; why: string };

/**
 * `POST /oauth/token` with the app's Basic credentials: every grant Zoom has (account credentials,
 * authorization code, refresh token). Zoom's token errors are `{ reason, error }`, not `{ code }`.
 */
export async function oauthToken(client: OAuthClient, params: Record<string, string>): Promise<TokenGrant> {
  let res: Response;
  try {
    res = await client.fetch(new URL('/oauth/token', client.oauthBase), {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${client.clientId}:${client.clientSecret}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(params),
      signal: AbortSignal.timeout(client.timeoutMs),
    });
  } catch (e) {
    return { ok: false, retryable: true, why: `no answer (${(e as Error).name})` };
  }
  const data = (await res.json().catch(() => null)) as {
    access_token?: string;
    refresh_token?: string;
    expires_in?: number;
    scope?: string;
    reason?: string;
    error?: string;
  } | null;
  if (!res.ok || !data?.access_token) {
    return {
      ok: false,
      retryable: res.status >= 500 || res.status === 429,
      error: data?.error,
      why: data?.reason ?? data?.error ?? `HTTP ${res.status}`,
    };
  }
  return {
    ok: true,
    accessToken: data.access_token,
    refreshToken: data.refresh_token,
    expiresIn: data.expires_in ?? 3600,
    scope: data.scope,
  };
}
