import type { Provider } from '../../shared/api';
import { googleMeetProvider, manualProvider, teamsProvider } from './link';
import type { MeetingProvider, ProviderRegistry } from './types';
import type { Db } from '../db';
import { DEFAULT_TIMEOUT_MS } from './zoom/client';
import { tutorToken } from './zoom/grants';
import { s2sTokens } from './zoom/token';
import { zoomProvider } from './zoom';

export * from './types';

export interface ProviderEnv {
  TOKENS: KVNamespace;
  ZOOM_ACCOUNT_ID?: string;
  ZOOM_CLIENT_ID?: string;
  ZOOM_CLIENT_SECRET?: string;
  ZOOM_API_BASE?: string;
  ZOOM_OAUTH_BASE?: string;
  /** Comma-separated users of the Server-to-Server account that any tutor's lessons may be hosted by. */
  ZOOM_PLATFORM_HOSTS?: string;
  /** The OAuth app tutors connect their own Zoom account with. */
  ZOOM_OAUTH_CLIENT_ID?: string;
  ZOOM_OAUTH_CLIENT_SECRET?: string;
  /** Seals secrets kept at rest (tutors' Zoom tokens, recording download tokens). */
  DATA_ENCRYPTION_KEY?: string;
}

export interface ProviderOptions {
  /** How providers reach the network; tests pass the Zoom sandbox's own `fetch`. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Where tutors' own Zoom grants live. */
  db?: Db;
  now?: () => number;
}

/**
 * The providers a lesson can use, built from the Worker's configuration.
 * @example const zoom = providerRegistry(env)('zoom')
 */
export function providerRegistry(env: ProviderEnv, options: ProviderOptions = {}): ProviderRegistry {
  let zoom: MeetingProvider | undefined;
  return (provider: Provider) => {
    switch (provider) {
      case 'zoom':
        return (zoom ??= makeZoom(env, options));
      case 'google_meet':
        return googleMeetProvider;
      case 'teams':
        return teamsProvider;
      case 'manual':
        return manualProvider;
    }
  };
}

function makeZoom(env: ProviderEnv, options: ProviderOptions): MeetingProvider {
  const fetcher = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const oauthBase = env.ZOOM_OAUTH_BASE || 'https://zoom.us';
  const { ZOOM_ACCOUNT_ID: accountId, ZOOM_CLIENT_ID: clientId, ZOOM_CLIENT_SECRET: clientSecret } = env;
  const oauth = oauthApp(env, options);
  return zoomProvider({
    apiBase: env.ZOOM_API_BASE || 'https://api.zoom.us/v2',
    platformHosts: (env.ZOOM_PLATFORM_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    s2s:
      accountId && clientId && clientSecret
        ? s2sTokens({ accountId, clientId, clientSecret, oauthBase, kv: env.TOKENS, fetch: fetcher, timeoutMs })
        : undefined,
    tutorTokens:
      oauth && options.db && env.DATA_ENCRYPTION_KEY
        ? (tutorId, rejected) =>
            tutorToken(
              { db: options.db!, dataKey: env.DATA_ENCRYPTION_KEY!, oauth, now: options.now },
              tutorId,
              rejected,
            )
        : undefined,
  });
}

/** The OAuth app tutors connect their Zoom accounts through, when configured. */
export function oauthApp(env: ProviderEnv, options: ProviderOptions = {}) {
  if (!env.ZOOM_OAUTH_CLIENT_ID || !env.ZOOM_OAUTH_CLIENT_SECRET) return null;
  return {
    clientId: env.ZOOM_OAUTH_CLIENT_ID,
    clientSecret: env.ZOOM_OAUTH_CLIENT_SECRET,
    oauthBase: env.ZOOM_OAUTH_BASE || 'https://zoom.us',
    fetch: options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init)),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}
