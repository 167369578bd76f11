/**
 * The product as a user meets it: `npm start` (the Worker in workerd with local D1 and KV, the Zoom
 * sandbox), then only HTTP: the operator API, a Stripe delivery signed by the official package,
 * and the sandbox's call log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorApi, payBooking, type OperatorApi } from '../../demo/operator-api';
import { waitFor } from '../suites/wait-for';
import { startProduct, type Running } from './start';

let product: Running;
let api: OperatorApi;
beforeAll(async () => {
  product = await startProduct();
  api = operatorApi(product.api, product.operatorKey);
});
afterAll(async () => {
  await product?.stop();
});

async function zoomCalls(): Promise<{ method: string; path: string; status: number }[]> {
  return (await fetch(`${product.zoom}/__sandbox/calls`)).json();
}

const pay = (bookingId: string) => payBooking(product.api, product.stripeSecret, bookingId);
const shownBooking = (id: string) => api.call('GET', `/api/bookings/${id}`);
/** The Worker makes the meeting after it has answered the webhook (waitUntil): wait for the outcome. */
const meetingIn = (id: string, state: string, timeout = 20_000) =>
  waitFor(async () => ((b) => b.meeting.state === state && b)(await shownBooking(id)), {
    what: `booking ${id}'s meeting to be ${state}`,
    timeout,
    every: 100,
  });

describe('npm start, then HTTP only', () => {
  it('100 bookings paid at once: 100 answers of 200, 100 meetings, one token request', async () => {
    // A week of lessons for one tutor: more than one Zoom host's 100 calls a day would keep for
    // lessons that far away, so the tutor has two hosts.
    const { tutor, service } = await api.tutorWithService({
      zoom_hosts: ['rivera.second@example.com'],
    });
    const bookings = await Promise.all(Array.from({ length: 100 }, () => api.book(tutor.id, service.id)));
    const callsBefore = (await zoomCalls()).length;
    expect(callsBefore).toBe(0); // first test: the Worker has no Zoom token yet
    const responses = await Promise.all(bookings.map((b) => pay(b.id)));
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200));

    await waitFor(
      async () =>
        (await Promise.all(bookings.map(async (b) => (await shownBooking(b.id)).meeting.state))).every(
          (s) => s === 'ready',
        ),
      // A bound, not a speed check (that is the bench's): on a loaded 2-core machine the host's
      // one-call-at-a-time queue of 100 creates can take minutes.
      { what: 'all 100 meetings to be ready', timeout: 300_000, every: 500 },
    );
    const calls = (await zoomCalls()).slice(callsBefore);
    const created = calls.filter((c) => c.method === 'POST' && c.path.endsWith('/meetings') && c.status === 201);
    expect(created).toHaveLength(100);
    expect(calls.filter((c) => c.path === '/oauth/token')).toHaveLength(1);
  }, 360_000);

  it('a paid booking gets a ready Zoom link from exactly one creation', async () => {
    const { tutor, service } = await api.tutorWithService();
    const booking = await api.book(tutor.id, service.id);
    const before = (await zoomCalls()).length;

    expect((await pay(booking.id)).status).toBe(200);
    const shown = await meetingIn(booking.id, 'ready');
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
    const { tutor, service } = await api.tutorWithService({ default_provider: 'manual' });
    const before = (await zoomCalls()).length;
    const booking = await api.book(tutor.id, service.id, { meeting_url: 'https://whereby.com/ms-rivera' });
    expect((await pay(booking.id)).status).toBe(200);
    const shown = await meetingIn(booking.id, 'ready');
    expect(shown).toMatchObject({
      status: 'confirmed',
      provider: 'manual',
      meeting: { state: 'ready', join_url: 'https://whereby.com/ms-rivera' },
    });
    // No meeting was made for it (the sweep may still be looking up earlier tests' lost creates).
    const creates = (await zoomCalls()).slice(before).filter((c) => c.method === 'POST');
    expect(creates).toEqual([]);
  });

  it('a lesson played by the Zoom sandbox ends completed, with attendance, note and recording', async () => {
    const { tutor, service } = await api.tutorWithService();
    const booking = await api.book(tutor.id, service.id);
    const confirmed = await api.call('POST', `/api/bookings/${booking.id}/confirm`);
    const played = await fetch(`${product.zoom}/__sandbox/meetings/${confirmed.meeting.id}/play`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        student_name: 'Lucía',
        late_minutes: 6,
        attend_minutes: 30,
        file_sizes: { MP4: 200_000, M4A: 20_000 },
      }),
    });
    const deliveries: { event: string; status: number }[] = await played.json();
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    const shown = await shownBooking(booking.id);
    expect(shown).toMatchObject({
      status: 'completed',
      attendance: { student_minutes_attended: 30, student_minutes_late: 6, no_show: false },
    });
    expect(shown.note.body).toContain('Lucía: 30 min, joined 6 min late.');
    expect(shown.recordings.map((r: { file_type: string }) => r.file_type)).toEqual(
      expect.arrayContaining(['MP4', 'M4A']),
    );
    // The sweep (what the cron runs) copies the recording into the local R2 bucket; the tutor's link plays it.
    expect((await fetch(`${product.api}/__dev/sweep`, { method: 'POST' })).status).toBe(200);
    const kept = await shownBooking(booking.id);
    expect(kept.recordings.map((r: { archive_state: string }) => r.archive_state)).toEqual([
      'copied',
      'copied',
      'copied',
    ]);
    const mp4 = kept.recording_links.find((l: { file_type: string }) => l.file_type === 'MP4');
    const copy = await fetch(mp4.play_url);
    expect(copy.status).toBe(200);
    expect((await copy.arrayBuffer()).byteLength).toBe(200_000);
  });

  it('serves <lesson-join> and the API description as static assets, and a demo page of real lessons in every state', async () => {
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

    const described = await fetch(`${product.api}/openapi.json`);
    expect(described.headers.get('content-type')).toMatch(/json/);
    expect(((await described.json()) as { paths: object }).paths).toHaveProperty(['/api/links']);

    const page = await (await fetch(`${product.demo}cards`)).text();
    expect(page).toContain(`<script type="module" src="${product.api}/widget/lesson-join.js"></script>`);
    // Each card is pasted as the README says: the whole link, with the same link inside as plain HTML.
    const ids = [...page.matchAll(/<lesson-join link="[^"]*\/l\/([^"]+)"><a href="[^"]*\/l\/\1">/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    const view = await fetch(`${product.api}/api/lessons/${ids[0]}`, {
      headers: { origin: 'https://tutor.example' },
    });
    expect(view.headers.get('access-control-allow-origin')).toBe('*');
    expect(await view.json()).toMatchObject({
      role: 'student',
      phase: 'open',
      joining_open: true,
      url: `${product.api}/l/${ids[0]}`,
    });
    const redirect = await fetch(`${product.api}/l/${ids[0]}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toMatch(/^https:\/\/us06web\.zoom\.us\/j\//);
  });

  it('the every-minute sweep retries a meeting Zoom refused', async () => {
    const { tutor, service } = await api.tutorWithService();
    const booking = await api.book(tutor.id, service.id);
    await fetch(`${product.zoom}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: '/meetings', status: 429, retryAfter: 1 }),
    });
    expect((await pay(booking.id)).status).toBe(200);
    const failed = await meetingIn(booking.id, 'failed');
    expect(failed).toMatchObject({ status: 'confirmed', meeting: { state: 'failed', attempts: 1 } });
    // The sweep retries once Zoom's Retry-After has passed: run it (what the cron runs) until it has.
    const { meeting } = await waitFor(
      async () => {
        expect((await fetch(`${product.api}/__dev/sweep`, { method: 'POST' })).status).toBe(200);
        const shown = await shownBooking(booking.id);
        return shown.meeting.state === 'ready' && shown;
      },
      { what: 'the sweep to make the refused meeting', timeout: 30_000, every: 500 },
    );
    expect(meeting).toMatchObject({ state: 'ready', attempts: 0, last_error: null });
  });
});
