/** Lesson links: minted by the operator, read by viewers from any site, resolved at click time. */
import { env } from 'cloudflare:workers';
import { sign } from 'hono/jwt';
import { describe, expect, it, vi } from 'vitest';
import { linkKeys } from '../../worker/access';
import { harness } from './harness';

const HOUR = 3600_000;

/** A harness plus the calls a viewer and the operator make around lesson links. */
function viewers(options: Parameters<typeof harness>[0] = {}) {
  const h = harness(options);
  const links = async (bookingId: string, json?: unknown) => {
    const res = await h.send('POST', `/api/bookings/${bookingId}/links`, json === undefined ? {} : { json });
    if (res.status !== 201) throw new Error(`links failed: ${res.text}`);
    return res.body as Record<'tutor' | 'student' | 'parent', { token: string; url: string }> & { expires_at: string };
  };
  const view = (token: string) =>
    h.send('GET', `/api/lessons/${token}`, { operator: false, headers: { origin: 'https://tutor-site.example' } });
  const open = (token: string) => h.send('GET', `/l/${token}`, { operator: false });
  /** A confirmed lesson with its meeting made, and its three links. */
  const paidLesson = async (booking: Record<string, unknown> = {}) => {
    const seeded = await h.seed(booking);
    const confirmed = await h.send('POST', `/api/bookings/${seeded.booking.id}/confirm`);
    return { ...seeded, booking: confirmed.body, links: await links(seeded.booking.id) };
  };
  return { ...h, links, view, open, paidLesson };
}

const rowCounts = async () =>
  (await env.DB.prepare(
    'select (select count(*) from bookings) as b, (select count(*) from meeting_cleanups) as c, (select group_concat(status || provisioning) from bookings) as s',
  ).first())!;

describe('lesson links', () => {
  it('the operator mints a link per role; each names the stable lesson URL and expires 90 days after the lesson', async () => {
    const v = viewers();
    const { booking, links } = await v.paidLesson({ start_at: '2030-05-01T16:00:00Z' });
    for (const role of ['tutor', 'student', 'parent'] as const) {
      expect(links[role].url).toBe(`https://lessons.test/l/${links[role].token}`);
      expect((await v.view(links[role].token)).body.role).toBe(role);
    }
    expect(new Set([links.tutor.token, links.student.token, links.parent.token]).size).toBe(3);
    expect(links.expires_at).toBe(new Date(Date.parse(booking.end_at) + 90 * 24 * HOUR).toISOString());

    const chosen = await v.links(booking.id, { expires_at: '2031-01-01T00:00:00Z' });
    expect(chosen.expires_at).toBe('2031-01-01T00:00:00.000Z');
    expect((await v.links(booking.id)).student.token).toBe(links.student.token); // the same claims give the same link
  });

  it('minting needs the operator key, an existing booking that is not cancelled, and a future expiry', async () => {
    const v = viewers();
    const { booking } = await v.paidLesson();
    expect((await v.send('POST', `/api/bookings/${booking.id}/links`, { operator: false })).status).toBe(401);
    const unknown = await v.send('POST', '/api/bookings/bk_doesnotexist00000000/links');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('booking_not_found');
    const past = await v.send('POST', `/api/bookings/${booking.id}/links`, {
      json: { expires_at: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(422);
    await v.send('POST', `/api/bookings/${booking.id}/cancel`);
    const cancelled = await v.send('POST', `/api/bookings/${booking.id}/links`);
    expect(cancelled.status).toBe(410);
    expect(cancelled.body.error.code).toBe('lesson_cancelled');
  });
});

describe('the lesson view', () => {
  it('shows each role its lesson; the passcode to students and parents, the student link and recordings only to the tutor', async () => {
    const v = viewers();
    const { booking, links, tutor, service } = await v.paidLesson();
    const student = (await v.view(links.student.token)).body;
    expect(student).toMatchObject({
      role: 'student',
      phase: 'upcoming',
      status: 'confirmed',
      provisioning: 'ready',
      provider: 'zoom',
      tutor_name: tutor.name,
      student_name: booking.student_name,
      service_name: service.name,
      starts_at: booking.start_at,
      ends_at: booking.end_at,
      duration_minutes: booking.duration_minutes,
      timezone: booking.timezone,
      joining_open: false,
      url: links.student.url,
      student_url: null,
      passcode: booking.meeting.passcode,
      recording_ready: null,
    });
    expect(Date.parse(student.join_opens_at)).toBe(Date.parse(booking.start_at) - 10 * 60_000);
    expect(student.refresh_at).toBe(student.join_opens_at);

    const parent = (await v.view(links.parent.token)).body;
    expect(parent).toMatchObject({
      role: 'parent',
      url: links.parent.url,
      passcode: booking.meeting.passcode,
      student_url: null,
      recording_ready: null,
    });

    const tutorView = (await v.view(links.tutor.token)).body;
    expect(tutorView).toMatchObject({ role: 'tutor', url: links.tutor.url, recording_ready: false });
    const shared = (await v.view(tutorView.student_url.split('/l/')[1])).body;
    expect(shared).toMatchObject({ role: 'student', student_url: null });
  });

  it('never holds a start link, a zak or the meeting link itself for students and parents', async () => {
    const v = viewers();
    const { booking, links } = await v.paidLesson();
    for (const token of [links.student.token, links.parent.token]) {
      const res = await v.view(token);
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/zak=|start_url|\/s\/\d/);
      expect(res.text).not.toContain(booking.meeting.join_url);
    }
    expect(
      JSON.stringify(await env.DB.prepare('select * from bookings where id = ?').bind(booking.id).first()),
    ).not.toMatch(/zak=/);
  });

  it('lets any site read it without credentials, errors included', async () => {
    const v = viewers();
    const { links } = await v.paidLesson();
    for (const res of [await v.view(links.student.token), await v.view('not-a-token')]) {
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
    const preflight = await v.send('OPTIONS', `/api/lessons/${links.student.token}`, {
      operator: false,
      headers: { origin: 'https://tutor-site.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect((await v.view(links.student.token)).headers.get('cache-control')).toBe('no-store');
  });

  it('follows the lesson through time: upcoming, open, live, ended', async () => {
    let t = Date.parse('2030-05-01T12:00:00Z');
    const v = viewers({ now: () => t });
    const { links } = await v.paidLesson({ start_at: '2030-05-01T16:00:00Z', duration_minutes: 50 });
    const at = async (iso: string) => {
      t = Date.parse(iso);
      const { phase, joining_open, refresh_at, server_time } = (await v.view(links.student.token)).body;
      return { phase, joining_open, refresh_at, server_time };
    };
    expect(await at('2030-05-01T15:49:59Z')).toMatchObject({
      phase: 'upcoming',
      joining_open: false,
      refresh_at: '2030-05-01T15:50:00.000Z',
    });
    expect(await at('2030-05-01T15:50:00Z')).toMatchObject({
      phase: 'open',
      joining_open: true,
      refresh_at: '2030-05-01T16:00:00.000Z',
    });
    expect(await at('2030-05-01T16:20:00Z')).toMatchObject({
      phase: 'live',
      joining_open: true,
      refresh_at: '2030-05-01T16:25:00.000Z',
    });
    expect(await at('2030-05-01T16:50:00Z')).toMatchObject({
      phase: 'ended',
      joining_open: false,
      refresh_at: null,
      server_time: '2030-05-01T16:50:00.000Z',
    });
  });

  it("takes Zoom's word for live and ended, and tells the tutor alone when a recording is ready", async () => {
    let t = Date.parse('2030-05-01T16:05:00Z');
    const v = viewers({ now: () => t });
    const { booking, links } = await v.paidLesson({ start_at: '2030-05-01T16:00:00Z', duration_minutes: 50 });
    const setStatus = (status: string) =>
      env.DB.prepare('update bookings set status = ? where id = ?').bind(status, booking.id).run();

    t = Date.parse('2030-05-01T17:10:00Z'); // running over
    await setStatus('in_progress');
    expect((await v.view(links.student.token)).body).toMatchObject({ phase: 'live', joining_open: true });

    await setStatus('completed');
    expect((await v.view(links.tutor.token)).body).toMatchObject({ phase: 'ended', recording_ready: false });
    await env.DB.prepare(
      "insert into recording_files (id, booking_id, meeting_uuid, file_type, download_url) values (?, ?, 'uuid==', 'MP4', 'https://zoom.example/rec/download/secret')",
    )
      .bind(crypto.randomUUID(), booking.id)
      .run();
    expect((await v.view(links.tutor.token)).body).toMatchObject({
      phase: 'ended',
      recording_ready: true,
      refresh_at: null,
    });
    for (const token of [links.student.token, links.parent.token]) {
      const res = await v.view(token);
      expect(res.body.recording_ready).toBeNull();
      expect(res.text).not.toMatch(/download|rec\//);
    }
  });

  it('says a link is being prepared while Zoom fails, and that there is none when Zoom is not set up', async () => {
    const failing = viewers({ sandbox: {} });
    failing.z.zoom.addFault({ method: 'POST', path: '/meetings', status: 500, times: 5 });
    const { links } = await failing.paidLesson();
    expect((await failing.view(links.student.token)).body).toMatchObject({
      phase: 'preparing',
      provisioning: 'failed',
      joining_open: false,
      passcode: null,
    });
    const notReady = await failing.open(links.student.token);
    expect(notReady.status).toBe(503);
    expect(notReady.body.error).toMatchObject({
      code: 'meeting_not_ready',
      message: expect.stringContaining('being prepared'),
    });

    const unset = viewers({
      env: { ZOOM_ACCOUNT_ID: undefined, ZOOM_CLIENT_ID: undefined, ZOOM_CLIENT_SECRET: undefined },
    });
    const lesson = await unset.paidLesson();
    expect((await unset.view(lesson.links.tutor.token)).body).toMatchObject({
      phase: 'no_link',
      provisioning: 'failed',
    });

    const unpaid = viewers();
    const seeded = await unpaid.seed();
    const unpaidLinks = await unpaid.links(seeded.booking.id);
    expect((await unpaid.view(unpaidLinks.student.token)).body).toMatchObject({
      phase: 'awaiting_payment',
      joining_open: false,
    });
    expect((await unpaid.open(unpaidLinks.student.token)).status).toBe(409);
  });
});

describe('the stable link /l/:token', () => {
  it('sends students and parents to the join link, never cached', async () => {
    const v = viewers();
    const { booking, links } = await v.paidLesson();
    for (const token of [links.student.token, links.parent.token]) {
      const res = await v.open(token);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(booking.meeting.join_url);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.text).not.toMatch(/zak=/);
    }
  });

  it('sends the tutor to a start link fetched from Zoom at that moment, and stores none', async () => {
    const v = viewers();
    const { booking, links } = await v.paidLesson();
    const created = v.z.zoom.meetings()[0]!.start_url;
    const gets = () =>
      v.z.zoom.calls().filter((c) => c.method === 'GET' && c.path === `/v2/meetings/${booking.meeting.id}`).length;

    const first = await v.open(links.tutor.token);
    const second = await v.open(links.tutor.token);
    for (const res of [first, second]) {
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toMatch(
        new RegExp(`^https://us06web\\.zoom\\.us/s/${booking.meeting.id}\\?zak=`),
      );
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect(gets()).toBe(2);
    expect(first.headers.get('location')).not.toBe(second.headers.get('location'));
    expect(first.headers.get('location')).not.toBe(created);
    expect(
      JSON.stringify(await env.DB.prepare('select * from bookings where id = ?').bind(booking.id).first()),
    ).not.toMatch(/zak=/);
  });

  it("sends the tutor of a Google Meet or manual lesson to the lesson's own link", async () => {
    const v = viewers();
    const { links } = await v.paidLesson({
      provider: 'google_meet',
      meeting_url: 'https://meet.google.com/abc-defg-hij',
    });
    const res = await v.open(links.tutor.token);
    expect(res.headers.get('location')).toBe('https://meet.google.com/abc-defg-hij');
    expect(v.z.zoom.calls()).toEqual([]);
  });

  it('stops resolving when the lesson is cancelled; the view says so and drops the link and passcode', async () => {
    const v = viewers();
    const { booking, links } = await v.paidLesson();
    await v.send('POST', `/api/bookings/${booking.id}/cancel`);
    for (const token of [links.tutor.token, links.student.token]) {
      const res = await v.open(token);
      expect(res.status).toBe(410);
      expect(res.body.error).toMatchObject({ code: 'lesson_cancelled', message: expect.stringContaining('cancelled') });
    }
    expect((await v.view(links.student.token)).body).toMatchObject({
      phase: 'cancelled',
      url: null,
      passcode: null,
      joining_open: false,
      refresh_at: null,
    });

    // Someone scanning the QR code in a browser reads a page, not JSON, and no markup of ours leaks.
    const page = await v.send('GET', `/l/${links.student.token}`, {
      operator: false,
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(page.status).toBe(410);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('<h1>This lesson was cancelled</h1>');
    expect(page.text).not.toContain(links.student.token);
  });
});

describe('tokens', () => {
  const secret = 'test-lesson-link-secret-0123456789abcdef';
  const jwk = (key: string, kid: string, alg = 'HS256') => ({
    kty: 'oct',
    k: btoa(key).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    alg,
    kid,
  });

  it('expired, tampered, unknown-key, wrong-algorithm and malformed tokens get a clear 401 and change nothing', async () => {
    const v = viewers();
    const { booking, links } = await v.paidLesson();
    const claims = { sub: booking.id, role: 'tutor', exp: Math.floor(Date.now() / 1000) + 3600 };
    const [head, payload, sig] = links.student.token.split('.') as [string, string, string];
    const asTutor = btoa(
      JSON.stringify({ ...JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))), role: 'tutor' }),
    ).replace(/=+$/, '');
    const expired = await linkKeys(env, () => Date.now()).mint({
      bookingId: booking.id,
      role: 'student',
      exp: Math.floor(Date.now() / 1000) - 1,
    });
    const bad = {
      tampered: `${head}.${asTutor}.${sig}`,
      unknownKey: await sign(claims, jwk(secret, 'someone-elses')),
      hs512: await sign(claims, jwk(secret, 'test-2', 'HS512') as never),
      none: `${btoa(JSON.stringify({ alg: 'none', typ: 'JWT', kid: 'test-2' })).replace(/=+$/, '')}.${payload}.`,
      noKid: await sign(claims, secret),
      garbage: 'hello',
    };
    const before = { rows: await rowCounts(), zoom: v.z.zoom.calls().length };
    for (const [name, token] of Object.entries(bad)) {
      for (const res of [await v.view(token), await v.open(token)]) {
        expect(res.status, name).toBe(401);
        expect(res.body.error, name).toMatchObject({
          code: 'link_invalid',
          message: expect.stringContaining('not valid'),
        });
      }
    }
    for (const res of [await v.view(expired), await v.open(expired)]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'link_expired', message: expect.stringContaining('expired') });
    }
    expect({ rows: await rowCounts(), zoom: v.z.zoom.calls().length }).toEqual(before);
  });

  it('links signed with the previous key keep working after a rotation; new links use the current key id', async () => {
    const v = viewers();
    const { booking, links } = await v.paidLesson();
    const previous = await sign(
      { sub: booking.id, role: 'parent', exp: Math.floor(Date.now() / 1000) + 3600 },
      jwk('test-previous-link-secret-0123456789abcdef', 'test-1'),
    );
    expect((await v.view(previous)).body.role).toBe('parent');
    expect(JSON.parse(atob(links.parent.token.split('.')[0]!))).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'test-2' });

    const retired = viewers({
      env: { LESSON_LINK_PREVIOUS_SECRET: undefined, LESSON_LINK_PREVIOUS_KEY_ID: undefined },
    });
    expect((await retired.view(previous)).status).toBe(401);
  });

  it('an unexpected failure is logged with the route, never the token', async () => {
    const v = viewers();
    const { links } = await v.paidLesson();
    const broken = viewers({ env: { DB: undefined } });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const path of [`/api/lessons/${links.student.token}`, `/l/${links.tutor.token}`]) {
        expect((await broken.send('GET', path, { operator: false })).status).toBe(500);
      }
      const lines = logged.mock.calls.map((c) => c.join(' ')).join('\n');
      expect(lines).toContain('"path":"/api/lessons/:token"');
      expect(lines).toContain('"path":"/l/:token"');
      expect(lines).not.toContain(links.student.token.split('.')[2]);
      expect(lines).not.toContain(links.tutor.token.split('.')[2]);
    } finally {
      logged.mockRestore();
    }
  });

  it('a booking that no longer exists reads as a missing lesson', async () => {
    const v = viewers();
    const token = await linkKeys(env).mint({
      bookingId: 'bk_00000000000000000000',
      role: 'student',
      exp: Math.floor(Date.now() / 1000) + 60,
    });
    const res = await v.view(token);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('lesson_not_found');
  });

  it('without a signing secret, minting says how to configure it', async () => {
    const v = viewers({ env: { LESSON_LINK_SECRET: undefined } });
    const { booking } = await v.seed();
    const res = await v.send('POST', `/api/bookings/${booking.id}/links`);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain('wrangler secret put');
  });
});
