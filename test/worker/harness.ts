/** Drives the real Hono app inside workerd, with D1 and KV from Miniflare and the Zoom sandbox as Zoom. */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import Stripe from 'stripe';
import type { EmailSandbox } from '../../demo/email-sandbox';
import { createTranscriber } from '../../demo/transcriber';
import type { SandboxOptions } from '../../demo/zoom-sandbox';
import { hmacHex } from '../../demo/zoom-sandbox/webhooks';
import type { Booking } from '../../shared/api';
import { createApp, sweepFor } from '../../worker/app';
import { bookingInput, freshZoom, serviceInput, tutorInput } from '../suites/fixtures';

export const OPERATOR_KEY = 'test-operator-key';
export const STRIPE_SECRET = 'whsec_test_only';
const cryptoProvider = Stripe.createSubtleCryptoProvider();

export interface Sent {
  status: number;
  body: any;
  /** The body exactly as sent, for checks over everything a client receives. */
  text: string;
  headers: Headers;
}

export const ZOOM_WEBHOOK_SECRET = 'test_zoom_webhook_secret';
/** Where the transcription stand-in answers (set `TRANSCRIPTION_URL` to it to use it). */
export const TRANSCRIBER_URL = 'https://transcriber.test/transcribe';
export const ZOOM_OAUTH_APP_WEBHOOK_SECRET = 'test_zoom_oauth_app_webhook_secret';

export interface HarnessOptions {
  sandbox?: SandboxOptions;
  /** Bindings to change for this app, e.g. another webhook secret or Zoom credentials left out. */
  env?: Partial<Cloudflare.Env>;
  now?: () => number;
  /** Stands between the Zoom sandbox's webhooks and the Worker (to fail a delivery, say). */
  webhookFetch?: (forward: typeof fetch) => typeof fetch;
  /** Send email through this Resend stand-in instead of the development mailbox. */
  email?: EmailSandbox;
}

/** The Worker's email settings for a Resend stand-in. */
export const resendEnv = (email: EmailSandbox) => ({
  EMAIL_TRANSPORT: 'resend',
  RESEND_API_KEY: email.apiKey,
  RESEND_API_BASE: 'https://resend.sandbox',
});

export function harness(options: HarnessOptions = {}) {
  // The sandbox's webhooks reach this same app in-process, as Zoom's would reach the Worker.
  const toApp: typeof fetch = async (input, init) => {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(input, init), testEnv, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  };
  const z = freshZoom({
    webhook: {
      url: 'https://lessons.test/api/zoom/webhook',
      secretToken: options.env?.ZOOM_WEBHOOK_SECRET_TOKEN ?? ZOOM_WEBHOOK_SECRET,
      // Zoom always has the OAuth app's secret, even when the Worker was not given it.
      userAppSecretToken: options.env?.ZOOM_OAUTH_WEBHOOK_SECRET_TOKEN || ZOOM_OAUTH_APP_WEBHOOK_SECRET,
      fetch: options.webhookFetch ? options.webhookFetch(toApp) : toApp,
      retryDelaysMs: [5, 10, 20],
    },
    ...options.sandbox,
  });
  // The Worker's network: the transcription stand-in at its host, the Zoom sandbox everywhere else.
  const transcriber = createTranscriber();
  const network: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    return new URL(request.url).host === 'transcriber.test' ? transcriber.fetch(request) : z.zoom.fetch(request);
  };
  const appOptions = { fetch: network, now: options.now, emailFetch: options.email?.fetch };
  const app = createApp(appOptions);
  const testEnv = { ...env, ...z.env, ...(options.email ? resendEnv(options.email) : {}), ...options.env };
  /** What the every-minute cron does, awaited. */
  const sweep = () => sweepFor(testEnv, appOptions);

  async function send(
    method: string,
    path: string,
    init: { json?: unknown; body?: string; headers?: Record<string, string>; wait?: boolean; operator?: boolean } = {},
  ): Promise<Sent> {
    const headers: Record<string, string> = {
      ...(init.operator === false ? {} : { authorization: `Bearer ${OPERATOR_KEY}` }),
      ...init.headers,
    };
    if (init.json !== undefined) headers['content-type'] ??= 'application/json';
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`https://lessons.test${path}`, {
        method,
        headers,
        body: init.body ?? (init.json === undefined ? undefined : JSON.stringify(init.json)),
      }),
      testEnv,
      ctx,
    );
    const text = await res.text();
    if (init.wait !== false) await waitOnExecutionContext(ctx);
    const json = text && res.headers.get('content-type')?.includes('json');
    return { status: res.status, body: json ? JSON.parse(text) : null, text, headers: res.headers };
  }

  /** A tutor with one service and one unpaid booking, made through the API. */
  async function seed(booking: Record<string, unknown> = {}) {
    const tutor = (await send('POST', '/api/tutors', { json: tutorInput() })).body;
    const service = (await send('POST', '/api/services', { json: serviceInput(tutor.id) })).body;
    const created = await send('POST', '/api/bookings', { json: bookingInput(tutor.id, service.id, booking) });
    if (created.status !== 201) throw new Error(`seed booking failed: ${JSON.stringify(created.body)}`);
    return { tutor, service, booking: created.body as Booking };
  }

  /** A Stripe event signed by the official package, exactly as Stripe would deliver it. */
  async function stripeDelivery(
    type: string,
    object: Record<string, unknown>,
    opts: { id?: string; secret?: string; timestamp?: number } = {},
  ) {
    const payload = JSON.stringify({
      id: opts.id ?? `evt_${crypto.randomUUID().replaceAll('-', '')}`,
      object: 'event',
      api_version: '2025-10-29.clover',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      type,
      data: { object },
    });
    const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: opts.secret ?? STRIPE_SECRET,
      timestamp: opts.timestamp,
      cryptoProvider,
    });
    return { payload, signature };
  }

  async function postStripe(delivery: { payload: string; signature?: string }, wait = true) {
    return send('POST', '/api/stripe/webhook', {
      body: delivery.payload,
      headers: {
        'content-type': 'application/json',
        ...(delivery.signature ? { 'stripe-signature': delivery.signature } : {}),
      },
      operator: false,
      wait,
    });
  }

  const paidCheckout = (bookingId: string) => ({
    id: `cs_test_${crypto.randomUUID().slice(0, 8)}`,
    object: 'checkout.session',
    payment_status: 'paid',
    status: 'complete',
    metadata: { booking_id: bookingId },
    client_reference_id: null,
  });

  /** A raw body with Zoom's signature headers, as Zoom would deliver it. */
  async function postZoom(
    body: string,
    opts: { secret?: string; timestamp?: number; headers?: Record<string, string> } = {},
  ) {
    const ts = String(opts.timestamp ?? Math.floor((options.now ?? Date.now)() / 1000));
    const secret = opts.secret ?? testEnv.ZOOM_WEBHOOK_SECRET_TOKEN!;
    const signature = `v0=${await hmacHex(secret, `v0:${ts}:${body}`)}`;
    return send('POST', '/api/zoom/webhook', {
      body,
      operator: false,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-zm-request-timestamp': ts,
        'x-zm-signature': signature,
        ...opts.headers,
      },
    });
  }

  /** A booking confirmed through the API, with its Zoom meeting made in the sandbox. */
  async function confirmedLesson(booking: Record<string, unknown> = {}, service: Record<string, unknown> = {}) {
    const tutor = (await send('POST', '/api/tutors', { json: tutorInput() })).body;
    const svc = (await send('POST', '/api/services', { json: serviceInput(tutor.id, service) })).body;
    const created = (await send('POST', '/api/bookings', { json: bookingInput(tutor.id, svc.id, booking) })).body;
    const confirmed = (await send('POST', `/api/bookings/${created.id}/confirm`)).body as Booking;
    return { tutor, service: svc, booking: confirmed };
  }

  return {
    z,
    app,
    appOptions,
    env: testEnv,
    send,
    seed,
    stripeDelivery,
    postStripe,
    paidCheckout,
    postZoom,
    confirmedLesson,
    sweep,
    transcriber,
  };
}
