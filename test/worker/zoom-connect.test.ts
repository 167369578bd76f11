import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { sweepFor } from '../../worker/app';
import { unseal } from '../../worker/crypto';
import { openDatabase } from '../../worker/db';
import { grantContext, sealedTokens, tutorToken } from '../../worker/providers/zoom/grants';
import { testClock } from '../suites/fixtures';
import { waitFor } from '../suites/wait-for';
import { harness } from './harness';

const rows = async (sql: string, ...args: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...args)
      .all()
  ).results as any[];

/** A harness whose app and Zoom sandbox share one clock, so tokens can expire. */
function world() {
  const clock = testClock();
  const h = harness({ now: clock.now, sandbox: { now: clock.now } });
  return { ...h, clock };
}

/** The tutor clicks the link, signs in to Zoom as `email` and presses Allow (or Decline). */
async function consent(h: ReturnType<typeof harness>, authorizeUrl: string, email: string, decline = false) {
  const page = await h.z.zoom.fetch(authorizeUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Allow lesson-join to use your Zoom account?');
  const form = new URLSearchParams(new URL(authorizeUrl).search);
  form.set('email', email);
  if (decline) form.set('deny', '1');
  const answer = await h.z.zoom.fetch('https://zoom.sandbox/oauth/authorize', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
  expect(answer.status).toBe(302);
  const back = new URL(answer.headers.get('location')!);
  const res = await h.app.fetch(new Request(back), h.env);
  return { status: res.status, html: await res.text(), back };
}

async function connectedTutor(h: ReturnType<typeof harness>, email = 'ms.rivera@tutoring.example') {
  const { tutor } = await h.seed();
  const link = await h.send('POST', `/api/tutors/${tutor.id}/zoom/connect`);
  expect(link.status).toBe(200);
  const done = await consent(h, link.body.authorize_url, email);
  expect(done.status).toBe(200);
  return { tutor, link: link.body, done };
}

/** Unpaid lessons with a tutor, through the operator API. */
async function lessonsWith(h: ReturnType<typeof harness>, tutorId: string, n = 1) {
  const service = (
    await h.send('POST', '/api/services', { json: { tutor_id: tutorId, name: 'Physics', duration_minutes: 45 } })
  ).body;
  return Promise.all(
    Array.from(
      { length: n },
      // One hour apart: the tutor's account hosts one lesson at a time.
      async (_, i) =>
        (
          await h.send('POST', '/api/bookings', {
            json: {
              tutor_id: tutorId,
              service_id: service.id,
              student_name: 'Ana',
              student_email: 'ana@example.com',
              start_at: new Date(Date.parse('2030-01-10T10:00:00Z') + i * 3600_000).toISOString(),
            },
          })
        ).body,
    ),
  );
}

describe("a tutor's own Zoom account", () => {
  it('connects through Zoom OAuth (PKCE), with tokens sealed at rest', async () => {
    const h = world();
    const { tutor, link, done } = await connectedTutor(h);
    const url = new URL(link.authorize_url);
    expect(url.origin + url.pathname).toBe('https://zoom.sandbox/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'dev_oauth_client',
      redirect_uri: 'https://lessons.test/zoom/oauth/callback',
      code_challenge_method: 'S256',
    });
    expect(done.html).toContain('Zoom is connected');
    expect(done.html).toContain('ms.rivera@tutoring.example');

    const [grant] = await rows('select * from zoom_grants where tutor_id = ?', tutor.id);
    expect(grant.access_token).toMatch(/^v1\./);
    expect(grant.refresh_token).toMatch(/^v1\./);
    expect(grant.access_token).not.toContain('eyJ');
    expect((await h.send('GET', `/api/tutors/${tutor.id}`)).body.zoom_connection).toBe('connected');

    // The link works once.
    const replay = await h.app.fetch(new Request(done.back), h.env);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('expired or was already used');
  });

  it('a declined consent or a forged state connects nothing', async () => {
    const h = world();
    const { tutor } = await h.seed();
    const link = (await h.send('POST', `/api/tutors/${tutor.id}/zoom/connect`)).body;
    const declined = await consent(h, link.authorize_url, 'x@example.com', true);
    expect(declined.status).toBe(400);
    const forged = await h.app.fetch(
      new Request('https://lessons.test/zoom/oauth/callback?code=abc&state=made-up'),
      h.env,
    );
    expect(forged.status).toBe(400);
    expect(await rows('select * from zoom_grants where tutor_id = ?', tutor.id)).toEqual([]);
    expect((await h.send('GET', `/api/tutors/${tutor.id}`)).body.zoom_connection).toBe('none');
  });

  it("lessons of a connected tutor are hosted in the tutor's account, as `me`", async () => {
    const h = world();
    const { tutor } = await connectedTutor(h);
    const [lesson] = await lessonsWith(h, tutor.id);
    const confirmed = (await h.send('POST', `/api/bookings/${lesson.id}/confirm`)).body;
    expect(confirmed.meeting.state).toBe('ready');
    expect(h.z.zoom.meeting(confirmed.meeting.id)!.host_email).toBe('ms.rivera@tutoring.example');
    const calls = h.z.zoom.calls().map((c) => `${c.method} ${c.path}`);
    expect(calls).toContain('POST /v2/users/me/meetings');
    expect(calls.filter((c) => c === 'POST /oauth/token')).toHaveLength(1); // the code exchange only
  });

  it("Zoom's events for a tutor's own meeting come signed by the OAuth app, and count", async () => {
    const h = world();
    const { tutor } = await connectedTutor(h);
    const [lesson] = await lessonsWith(h, tutor.id);
    const confirmed = (await h.send('POST', `/api/bookings/${lesson.id}/confirm`)).body;
    const deliveries = await h.z.zoom.playLesson(confirmed.meeting.id, {
      student_name: 'Ana',
      late_minutes: 3,
      attend_minutes: 20,
    });
    expect(deliveries.map((d) => d.status)).toEqual(Array(deliveries.length).fill(200));
    expect((await h.send('GET', `/api/bookings/${lesson.id}`)).body).toMatchObject({
      status: 'completed',
      attendance: { student_minutes_attended: 20, student_minutes_late: 3 },
    });

    // A Worker that knows only the Server-to-Server app's secret refuses them, and Zoom does not retry a 401.
    const strict = harness({ env: { ZOOM_OAUTH_WEBHOOK_SECRET_TOKEN: '' } });
    const other = await connectedTutor(strict, 'other@tutoring.example');
    const [second] = await lessonsWith(strict, other.tutor.id);
    const meeting = (await strict.send('POST', `/api/bookings/${second.id}/confirm`)).body.meeting;
    const refused = await strict.z.zoom.playLesson(meeting.id, {});
    expect(refused[0]).toMatchObject({ event: 'meeting.started', status: 401, attempt: 1 });
  });

  it('an expired access token is refreshed once for ten lessons at once; the grant rotates', async () => {
    const h = world();
    const { tutor } = await connectedTutor(h);
    const lessons = await lessonsWith(h, tutor.id, 10);
    h.clock.advance(2 * 3600_000);
    const tokenCallsBefore = h.z.tokens();
    const results = await Promise.all(lessons.map((l) => h.send('POST', `/api/bookings/${l.id}/confirm`)));
    expect(results.map((r) => r.body.meeting.state)).toEqual(Array(10).fill('ready'));
    expect(h.z.tokens() - tokenCallsBefore).toBe(1);
    expect(await rows('select version, refresh_lease_until from zoom_grants where tutor_id = ?', tutor.id)).toEqual([
      { version: 2, refresh_lease_until: null },
    ]);
  });

  it('waits for another worker that holds the refresh, instead of spending the refresh token twice', async () => {
    const h = world();
    const { tutor } = await connectedTutor(h);
    h.clock.advance(2 * 3600_000);
    // Another isolate took the lease; it will store version 2 shortly.
    await env.DB.prepare('update zoom_grants set refresh_lease_until = ? where tutor_id = ?')
      .bind(h.clock.now() + 20_000, tutor.id)
      .run();
    // Count the waiter's queries, so the other worker finishes only once the waiter has found the lease held.
    let queries = 0;
    const watched = new Proxy(env.DB, {
      get: (target, key) => {
        const value = Reflect.get(target, key);
        if (key !== 'prepare') return typeof value === 'function' ? value.bind(target) : value;
        return (query: string) => {
          queries++;
          return target.prepare(query);
        };
      },
    });
    const db = openDatabase({ DB: watched });
    const oauth = {
      clientId: 'dev_oauth_client',
      clientSecret: 'dev_oauth_client_secret',
      oauthBase: 'https://zoom.sandbox',
      fetch: h.z.zoom.fetch,
      timeoutMs: 1000,
    };
    const deps = { db, dataKey: env.DATA_ENCRYPTION_KEY!, oauth, now: h.clock.now };
    const before = h.z.tokens();
    const waiting = tutorToken(deps, tutor.id);
    // The waiter read the grant, failed to take the lease and read it again: it is waiting.
    await waitFor(() => queries >= 3, { what: 'the waiter to find the refresh lease taken' });
    const theirs = await sealedTokens(
      env.DATA_ENCRYPTION_KEY!,
      tutor.id,
      { accessToken: 'token-from-the-other-worker', refreshToken: 'r2', expiresIn: 3599 },
      h.clock.now(),
    );
    await env.DB.prepare(
      'update zoom_grants set access_token = ?, refresh_token = ?, access_expires_at = ?, version = 2, refresh_lease_until = null where tutor_id = ?',
    )
      .bind(theirs.accessToken, theirs.refreshToken, theirs.accessExpiresAt.getTime(), tutor.id)
      .run();
    expect(await waiting).toBe('token-from-the-other-worker');
    expect(h.z.tokens()).toBe(before);
  });

  it('a refused refresh marks the tutor for reconnecting; the same confirmation still makes the meeting', async () => {
    const h = world();
    const { tutor } = await connectedTutor(h);
    const [lesson] = await lessonsWith(h, tutor.id);
    // The tutor's tokens are revoked at Zoom without us hearing of it.
    await h.z.zoom.fetch(`https://zoom.sandbox/oauth/revoke?token=${await currentAccessToken(tutor.id)}`, {
      method: 'POST',
    });
    h.clock.advance(2 * 3600_000);
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const confirmed = (await h.send('POST', `/api/bookings/${lesson.id}/confirm`)).body;
    expect(JSON.stringify(warned.mock.calls)).toMatch(/zoom\.grant_lost/);
    warned.mockRestore();
    expect((await h.send('GET', `/api/tutors/${tutor.id}`)).body.zoom_connection).toBe('needs_reconnect');
    expect(await rows('select * from zoom_grants where tutor_id = ?', tutor.id)).toEqual([]);
    // The same confirmation hosts the lesson under the tutor's user in the operator's account.
    expect(confirmed).toMatchObject({ status: 'confirmed', meeting: { state: 'ready', last_error: null } });
    expect(h.z.zoom.meeting(confirmed.meeting.id)!.host_email).toBe(tutor.zoom_user_id);
  });

  it('app_deauthorized from Zoom and a disconnect by the operator both forget the grant', async () => {
    const h = world();
    const a = await connectedTutor(h, 'first@tutoring.example');
    h.z.zoom.deauthorizeUser('first@tutoring.example');
    await h.z.zoom.settled();
    expect(h.z.zoom.deliveries().at(-1)).toMatchObject({ event: 'app_deauthorized', status: 200 });
    expect((await h.send('GET', `/api/tutors/${a.tutor.id}`)).body.zoom_connection).toBe('needs_reconnect');
    expect(await rows('select * from zoom_grants where tutor_id = ?', a.tutor.id)).toEqual([]);

    const b = await connectedTutor(h, 'second@tutoring.example');
    expect((await h.send('DELETE', `/api/tutors/${b.tutor.id}/zoom`)).status).toBe(204);
    expect((await h.send('GET', `/api/tutors/${b.tutor.id}`)).body.zoom_connection).toBe('none');
    expect(h.z.zoom.calls().at(-1)).toMatchObject({ method: 'POST', path: '/oauth/revoke', status: 200 });
  });

  it("upcoming lessons in a tutor's account move to the operator's Zoom when the account goes away", async () => {
    const h = world();
    const { tutor } = await connectedTutor(h);
    const [lesson] = await lessonsWith(h, tutor.id);
    const before = (await h.send('POST', `/api/bookings/${lesson.id}/confirm`)).body.meeting;
    expect(h.z.zoom.meeting(before.id)!.host_email).toBe('ms.rivera@tutoring.example');

    expect((await h.send('DELETE', `/api/tutors/${tutor.id}/zoom`)).status).toBe(204);
    expect((await h.send('GET', `/api/bookings/${lesson.id}`)).body.meeting).toMatchObject({
      state: 'pending',
      id: null,
      join_url: null,
    });
    await sweepFor(h.env, { fetch: h.z.zoom.fetch, now: h.clock.now });

    const after = (await h.send('GET', `/api/bookings/${lesson.id}`)).body.meeting;
    expect(after.state).toBe('ready');
    expect(after.id).not.toBe(before.id);
    expect(h.z.zoom.meeting(after.id)!.host_email).toBe(tutor.zoom_user_id);
    const moved = await h.send('POST', `/api/bookings/${lesson.id}/reschedule`, {
      json: { start_at: '2030-01-11T10:00:00Z' },
    });
    expect(moved.body.meeting).toMatchObject({ state: 'ready', join_url: after.join_url, last_error: null });
  });

  it('asks for configuration when the OAuth app is not set up', async () => {
    const h = harness({ env: { ZOOM_OAUTH_CLIENT_ID: '' } });
    const { tutor } = await h.seed();
    const res = await h.send('POST', `/api/tutors/${tutor.id}/zoom/connect`);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/ZOOM_OAUTH_CLIENT_ID/);
  });
});

async function currentAccessToken(tutorId: string) {
  const [grant] = await rows('select access_token from zoom_grants where tutor_id = ?', tutorId);
  return unseal(env.DATA_ENCRYPTION_KEY!, grant.access_token, grantContext(tutorId));
}
