/**
 * The product as a user meets it: `npm start` (wrangler dev in workerd, local D1 and KV, the Zoom
 * sandbox), then only HTTP: the operator API, a Stripe delivery signed by the official package,
 * and the sandbox's call log.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProduct, type Running } from './start';

let product: Running;
beforeAll(async () => {
  product = await startProduct();
});
afterAll(async () => {
  await product?.stop();
});

async function api(method: string, path: string, json?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${product.api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${product.operatorKey}`,
      ...(json ? { 'content-type': 'application/json' } : {}),
    },
    body: json ? JSON.stringify(json) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

async function zoomCalls(): Promise<{ method: string; path: string; status: number }[]> {
  return (await fetch(`${product.zoom}/__sandbox/calls`)).json();
}

async function pay(bookingId: string) {
  const payload = JSON.stringify({
    id: `evt_${crypto.randomUUID().replaceAll('-', '')}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: 'cs_test_1',
        object: 'checkout.session',
        payment_status: 'paid',
        metadata: { booking_id: bookingId },
      },
    },
  });
  const signature = await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: product.stripeSecret });
  return fetch(`${product.api}/api/stripe/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
}

/** Reads until `done` holds or `ms` pass; the Worker finishes some work after it answers (waitUntil). */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 2000, step = 20): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, step));
    value = await read();
  }
  return value;
}

const shownBooking = async (id: string) => (await api('GET', `/api/bookings/${id}`)).body;

let seq = 0;
async function tutorWithService(provider: 'zoom' | 'manual' = 'zoom') {
  const n = `${Date.now()}${seq++}`;
  const tutor = await api('POST', '/api/tutors', {
    name: 'Ms Rivera',
    email: `rivera.${n}@example.com`,
    timezone: 'Europe/Madrid',
    zoom_user_id: `rivera.${n}@example.com`,
    default_provider: provider,
  });
  expect(tutor.status).toBe(201);
  const service = await api('POST', '/api/services', {
    tutor_id: tutor.body.id,
    name: 'Chemistry',
    duration_minutes: 50,
    auto_recording: true,
  });
  expect(service.status).toBe(201);
  return { tutor: tutor.body, service: service.body };
}

const book = (tutorId: string, serviceId: string, extra: object = {}) =>
  api('POST', '/api/bookings', {
    tutor_id: tutorId,
    service_id: serviceId,
    student_name: 'Lucía',
    student_email: 'lucia@example.com',
    start_at: new Date(Date.now() + 2 * 86400_000).toISOString(),
    ...extra,
  });

describe('npm start, then HTTP only', () => {
  it('100 bookings paid at once: 100 meetings, one token request', async () => {
    const { tutor, service } = await tutorWithService();
    const bookings = await Promise.all(Array.from({ length: 100 }, () => book(tutor.id, service.id)));
    const callsBefore = (await zoomCalls()).length;
    expect(callsBefore).toBe(0); // first test: the Worker has no Zoom token yet
    const responses = await Promise.all(bookings.map((b) => pay(b.body.id)));
    expect(responses.every((r) => r.status === 200)).toBe(true);

    const states = await until(
      () => Promise.all(bookings.map(async (b) => (await shownBooking(b.body.id)).meeting.state as string)),
      (all) => all.every((s) => s === 'ready'),
      20_000,
      200,
    );
    expect(states.filter((s) => s === 'ready')).toHaveLength(100);
    const calls = (await zoomCalls()).slice(callsBefore);
    expect(calls.filter((c) => c.method === 'POST' && c.path.endsWith('/meetings') && c.status === 201)).toHaveLength(
      100,
    );
    expect(calls.filter((c) => c.path === '/oauth/token')).toHaveLength(1);
  });

  it('a paid booking has a ready Zoom link within a second, from exactly one creation', async () => {
    const { tutor, service } = await tutorWithService();
    const booking = await book(tutor.id, service.id);
    expect(booking.status).toBe(201);
    const before = (await zoomCalls()).length;

    const paidAt = Date.now();
    expect((await pay(booking.body.id)).status).toBe(200);
    const shown = await until(
      () => shownBooking(booking.body.id),
      (b) => b.meeting.state === 'ready',
      1000,
    );
    expect(Date.now() - paidAt).toBeLessThan(1000);
    expect(shown).toMatchObject({
      status: 'confirmed',
      meeting: { state: 'ready', join_url: expect.stringMatching(/^https:\/\//) },
    });
    const creations = (await zoomCalls())
      .slice(before)
      .filter((c) => c.method === 'POST' && c.path.endsWith('/meetings'));
    expect(creations).toEqual([expect.objectContaining({ status: 201 })]);
  });

  it('a manual-link lesson never reaches Zoom', async () => {
    const { tutor, service } = await tutorWithService('manual');
    const before = (await zoomCalls()).length;
    const booking = await book(tutor.id, service.id, { meeting_url: 'https://whereby.com/ms-rivera' });
    await pay(booking.body.id);
    const shown = (await api('GET', `/api/bookings/${booking.body.id}`)).body;
    expect(shown).toMatchObject({
      status: 'confirmed',
      provider: 'manual',
      meeting: { state: 'ready', join_url: 'https://whereby.com/ms-rivera' },
    });
    expect((await zoomCalls()).length).toBe(before);
  });

  it('a lesson played by the Zoom sandbox ends completed, with attendance, note and recording', async () => {
    const { tutor, service } = await tutorWithService();
    const booking = (await book(tutor.id, service.id)).body;
    const confirmed = (await api('POST', `/api/bookings/${booking.id}/confirm`)).body;
    const played = await fetch(`${product.zoom}/__sandbox/meetings/${confirmed.meeting.id}/play`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ student_name: 'Lucía', late_minutes: 6, attend_minutes: 30 }),
    });
    const deliveries: { event: string; status: number }[] = await played.json();
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    const shown = (await api('GET', `/api/bookings/${booking.id}`)).body;
    expect(shown).toMatchObject({
      status: 'completed',
      attendance: { student_minutes_attended: 30, student_minutes_late: 6, no_show: false },
    });
    expect(shown.note.body).toContain('Lucía: 30 min, joined 6 min late.');
    expect(shown.recordings.map((r: { file_type: string }) => r.file_type)).toEqual(
      expect.arrayContaining(['MP4', 'M4A']),
    );
  });

  it('serves <lesson-join> as static assets any site can load, and a demo page of real lessons', async () => {
    const script = await fetch(`${product.api}/widget/lesson-join.js`, {
      headers: { origin: 'https://tutor.example' },
    });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('access-control-allow-origin')).toBe('*');
    const chunk = /from"\.\/(chunks\/[^"]+)"|import\("\.\/(chunks\/[^"]+)"\)/.exec(await script.text());
    const chunkPath = chunk?.[1] ?? chunk?.[2];
    expect(chunkPath).toBeTruthy();
    const chunkRes = await fetch(`${product.api}/widget/${chunkPath}`);
    expect(chunkRes.headers.get('access-control-allow-origin')).toBe('*');
    expect(chunkRes.headers.get('cache-control')).toContain('immutable');

    const page = await (await fetch(product.demo)).text();
    expect(page).toContain(`<script type="module" src="${product.api}/widget/lesson-join.js"></script>`);
    const tokens = [...page.matchAll(/<lesson-join token="([^"]+)"/g)].map((m) => m[1]!);
    expect(tokens.length).toBeGreaterThanOrEqual(6);
    const view = await fetch(`${product.api}/api/lessons/${tokens[0]}`, {
      headers: { origin: 'https://tutor.example' },
    });
    expect(view.headers.get('access-control-allow-origin')).toBe('*');
    expect(await view.json()).toMatchObject({
      role: 'student',
      phase: 'open',
      joining_open: true,
      url: `${product.api}/l/${tokens[0]}`,
    });
    const redirect = await fetch(`${product.api}/l/${tokens[0]}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toMatch(/^https:\/\/us06web\.zoom\.us\/j\//);
  });

  it('the every-minute sweep retries a meeting Zoom refused', async () => {
    const { tutor, service } = await tutorWithService();
    const booking = (await book(tutor.id, service.id)).body;
    await fetch(`${product.zoom}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: '/meetings', status: 429, retryAfter: 1 }),
    });
    await pay(booking.id);
    const failed = await until(
      () => shownBooking(booking.id),
      (b) => b.meeting.state === 'failed',
    );
    expect(failed).toMatchObject({ status: 'confirmed', meeting: { state: 'failed', attempts: 1 } });
    await new Promise((r) => setTimeout(r, Date.parse(failed.meeting.next_attempt_at) - Date.now() + 100));
    expect((await fetch(`${product.api}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
    // The sweep runs in the background of the scheduled event (waitUntil).
    const { meeting } = await until(
      () => shownBooking(booking.id),
      (b) => b.meeting.state === 'ready',
    );
    expect(meeting).toMatchObject({ state: 'ready', attempts: 0, last_error: null });
  });
});
