import type { Provider } from '../../shared/api';
import { googleMeetProvider, manualProvider } from './link';
import { ProviderError, type MeetingProvider, type ProviderRegistry } from './types';
import { zoomProvider } from './zoom';

export * from './types';

export interface ProviderEnv {
  TOKENS: KVNamespace;
  ZOOM_ACCOUNT_ID?: string;
  ZOOM_CLIENT_ID?: string;
  ZOOM_CLIENT_SECRET?: string;
  ZOOM_API_BASE?: string;
  ZOOM_OAUTH_BASE?: string;
}

export interface ProviderOptions {
  /** How providers reach the network; tests pass the Zoom sandbox's own `fetch`. */
  fetch?: typeof fetch;
  timeoutMs?: number;
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
      case 'manual':
        return manualProvider;
    }
  };
}

function makeZoom(env: ProviderEnv, options: ProviderOptions): MeetingProvider {
  const { ZOOM_ACCOUNT_ID: accountId, ZOOM_CLIENT_ID: clientId, ZOOM_CLIENT_SECRET: clientSecret } = env;
  if (!accountId || !clientId || !clientSecret) return unconfiguredZoom;
  return zoomProvider({
    accountId,
    clientId,
    clientSecret,
    apiBase: env.ZOOM_API_BASE || 'https://api.zoom.us/v2',
    oauthBase: env.ZOOM_OAUTH_BASE || 'https://zoom.us',
    kv: env.TOKENS,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
  });
}

const notConfigured = () =>
  Promise.reject(
    new ProviderError('Zoom is not configured: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET.', {
      retryable: false,
    }),
  );

const unconfiguredZoom: MeetingProvider = {
  id: 'zoom',
  remote: true,
  configured: false,
  create: notConfigured,
  update: notConfigured,
  remove: notConfigured,
};
