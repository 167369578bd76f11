/**
 * Zoom Server-to-Server OAuth access tokens: cached in KV for the token's life (less a margin),
 * kept in memory for the isolate, and fetched by at most one request at a time per isolate.
 */

export interface TokenSource {
  accountId: string;
  clientId: string;
  clientSecret: string;
  oauthBase: string;
  kv: KVNamespace;
  fetch: typeof fetch;
  timeoutMs: number;
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

export class TokenError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

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
  if (pending) {
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
  const url = new URL('/oauth/token', source.oauthBase);
  const body = new URLSearchParams({ grant_type: 'account_credentials', account_id: source.accountId });
  let res: Response;
  try {
    res = await source.fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${source.clientId}:${source.clientSecret}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
      signal: AbortSignal.timeout(source.timeoutMs),
    });
  } catch (e) {
    throw new TokenError(`Zoom's token endpoint did not answer (${(e as Error).name}).`, true);
  }
  const data = (await res.json().catch(() => null)) as { access_token?: string; expires_in?: number; reason?: string; error?: string } | null;
  if (!res.ok || !data?.access_token) {
    const why = data?.reason ?? data?.error ?? `HTTP ${res.status}`;
    const retryable = res.status >= 500 || res.status === 429;
    throw new TokenError(
      retryable
        ? `Zoom's token endpoint failed: ${why}.`
        : `Zoom refused the app's credentials (${why}): check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET.`,
      retryable,
    );
  }
  const lifetime = Math.max(MIN_KV_TTL_S, (data.expires_in ?? 3600) - EXPIRY_MARGIN_S);
  return { token: data.access_token, expiresAt: Date.now() + lifetime * 1000 };
}
