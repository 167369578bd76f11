/**
 * Zoom's side of webhooks: compact JSON, signed `v0=HMAC-SHA256(secret, "v0:{ts}:{body}")`, the
 * documented headers, a 3-second timeout, and three retries (5, 20, 60 minutes; shorter in tests)
 * only after a 5xx or a transport error.
 */
import { randomString } from './zoom-ids';

/** Zoom signs each app's events with that app's own secret token. */
export type ZoomApp = 's2s' | 'user';

export interface WebhookTarget {
  url: string;
  /** The Server-to-Server app's secret token. */
  secretToken: string;
  /** The user-level OAuth app's secret token: its events (tutors' own meetings, app_deauthorized). */
  userAppSecretToken?: string;
  fetch?: typeof fetch;
  /** Zoom waits 5, 20 and 60 minutes between retries. */
  retryDelaysMs?: number[];
  timeoutMs?: number;
}

export interface Delivery {
  requestId: string;
  event: string;
  attempt: number;
  status: number | 'timeout' | 'unreachable';
  at: string;
  /** How long the endpoint took to answer (Zoom gives up after 3 s). */
  ms: number;
}

const ZOOM_RETRY_DELAYS_MS = [5 * 60_000, 20 * 60_000, 60 * 60_000];

export async function hmacHex(secret: string, message: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(message)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function webhookSender(target: WebhookTarget, now: () => number) {
  const deliveries: Delivery[] = [];
  const pending = new Set<Promise<unknown>>();
  const send = target.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  const secretOf = (app: ZoomApp) =>
    app === 'user' ? (target.userAppSecretToken ?? target.secretToken) : target.secretToken;

  async function attempt(body: string, event: string, n: number, app: ZoomApp): Promise<Delivery> {
    const ts = String(Math.floor(now() / 1000));
    const requestId = `${randomString(8)}_${randomString(4)}_${randomString(4)}_${randomString(12)}`.toLowerCase();
    const delivery: Delivery = {
      requestId,
      event,
      attempt: n,
      status: 'unreachable',
      at: new Date(now()).toISOString(),
      ms: 0,
    };
    const started = performance.now();
    try {
      const res = await send(target.url, {
        method: 'POST',
        headers: {
          'user-agent': 'Zoom Marketplace/1.0a',
          'content-type': 'application/json; charset=utf-8',
          'x-zm-request-timestamp': ts,
          'x-zm-signature': `v0=${await hmacHex(secretOf(app), `v0:${ts}:${body}`)}`,
          'x-zm-request-id': requestId,
          'x-zm-trackingid': `Webhook_${randomString(24)}`,
        },
        body,
        signal: AbortSignal.timeout(target.timeoutMs ?? 3_000),
      });
      await res.arrayBuffer();
      delivery.status = res.status;
    } catch (e) {
      delivery.status = (e as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable';
    }
    delivery.ms = Math.round(performance.now() - started);
    deliveries.push(delivery);
    return delivery;
  }

  /** Delivers one event with Zoom's retry policy; resolves with every attempt made. */
  async function deliver(payload: object, app: ZoomApp = 's2s'): Promise<Delivery[]> {
    const body = JSON.stringify(payload);
    const event = String((payload as { event?: unknown }).event);
    const delays = target.retryDelaysMs ?? ZOOM_RETRY_DELAYS_MS;
    const attempts: Delivery[] = [];
    for (let n = 0; n <= delays.length; n++) {
      if (n > 0) await new Promise((r) => setTimeout(r, delays[n - 1]));
      const d = await attempt(body, event, n + 1, app);
      attempts.push(d);
      const retry = typeof d.status !== 'number' || d.status >= 500;
      if (!retry) break;
    }
    return attempts;
  }

  return {
    deliver,
    /** Sends without waiting, as Zoom does after an API call; `settled()` waits for all of them. */
    emit(payload: object, app: ZoomApp = 's2s') {
      const p = deliver(payload, app).finally(() => pending.delete(p));
      pending.add(p);
    },
    settled: async () => {
      while (pending.size) await Promise.all([...pending]);
    },
    deliveries: () => [...deliveries],
  };
}

export type WebhookSender = ReturnType<typeof webhookSender>;
