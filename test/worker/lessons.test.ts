/** Links people keep: minted by the operator, read by viewers from any site, followed at click time. */
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { MAX_LINKS_PER_READ } from '../../shared/terms';
import { harness } from './harness';

const HOUR = 3600_000;
type Link = { id: string; url: string; role: string };

/** A harness plus the calls a viewer and the operator make around links. */
function viewers(options: Parameters<typeof harness>[0] = {}) {
  const h = harness(options);
  const links = async (bookingId: string, json?: unknown) => {
    const res = await h.send('POST', `/api/bookings/${bookingId}/links`, json === undefined ? {} : { json });
    if (res.status !== 200) throw new Error(`links failed: ${res.text}`);
    return res.body as Record<'tutor' | 'student' | 'parent', Link>;
  };
  const idOf = (l: Link) => l.url.split('/l/')[1]!;
  const view = (id: string, origin = 'https://tutor-site.example') =>
    h.send('GET', `/api/lessons/${id}`, { operator: false, headers: origin ? { origin } : {} });
  const open = (path: string, lang = 'en') =>
    h.send('GET', `/l/${path}`, { operator: false, headers: { accept: 'text/html', 'accept-language': lang } });
  /** A confirmed lesson with its meeting made, and its three links. */
  const paidLesson = async (booking: Record<string, unknown> = {}) => {
    const seeded = await h.seed(booking);
    const confirmed = await h.send('POST', `/api/bookings/${seeded.booking.id}/confirm`);
    const made = await links(seeded.booking.id);
    return {
      ...seeded,
      booking: confirmed.body,
      links: made,
      ids: { tutor: idOf(made.tutor), student: idOf(made.student), parent: idOf(made.parent) },
    };
  };
  return { ...h, links, idOf, view, open, paidLesson };
}

/** Everything a request could change, in one read. */
const everything = async () =>
  (await env.DB.prepare(
    `select (select count(*) from bookings) as b, (select count(*) from links) as l, (select count(*) from meeting_cleanups) as c,
      (select group_concat(status || provisioning || coalesce(join_url, '')) from bookings) as s,
      (select group_concat(id || coalesce(revoked_at, '')) from links) as r`,
  ).first())!;

describe('lesson links', () => {
  it('are short, stable per lesson and role, stored only as a hash, and name the stable lesson URL', async () => {
    const v = viewers();
    const { booking, links, ids } = await v.paidLesson({ start_at: '2030-05-01T16:00:00Z' });
    for (const role of ['tutor', 'student', 'parent'] as const) {
      expect(links[role]).toMatchObject({
        role,
        scope: 'lesson',
        booking_id: booking.id,
        expires_at: null,
        revoked_at: null,
      });
      expect(ids[role]).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(links[role].url).toBe(`https://lessons.test/l/${ids[role]}`);
      expect((await v.view(ids[role], '')).body.role).toBe(role);
    }
    expect(new Set(Object.values(ids)).size).toBe(3);
    // Asking again gives the same current links.
    expect(await v.links(booking.id)).toEqual(links);
    // No table holds an id that opens anything.
    const dump = JSON.stringify(await env.DB.prepare('select * from links').all());
    for (const id of Object.values(ids)) expect(dump).not.toContain(id);
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

  it('revoked, rotated, expired, forged and truncated links are refused and change nothing', async () => {
    let t = Date.parse('2030-04-01T12:00:00Z');
    const v = viewers({ now: () => t });
    const { booking, links, ids } = await v.paidLesson({ start_at: '2030-05-01T16:00:00Z' });
    const refused = async (id: string, status: number, code: string) => {
      const before = await everything();
      const api = await v.view(id);
      expect({ id, status: api.status, code: api.body.error?.code }).toEqual({ id, status, code });
      const page = await v.open(id);
      expect(page.status).toBe(status);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.text).not.toContain(booking.meeting.join_url);
      expect(await everything()).toEqual(before);
    };

    for (const forged of [
      'not-a-link',
      ids.student.slice(0, 21),
      `${ids.student}A`,
      `${ids.student.slice(0, 21)}x`,
      'AAAAAAAAAAAAAAAAAAAAAA',
    ])
      await refused(forged, 404, 'link_invalid');

    const revoked = await v.send('POST', `/api/links/${links.student.id}/revoke`);
    expect(revoked.body).toMatchObject({ id: links.student.id, url: null, revoked_at: expect.any(String) });
    await refused(ids.student, 410, 'link_revoked');
    // Revoking again is harmless; the other roles still work.
    expect((await v.send('POST', `/api/links/${links.student.id}/revoke`)).status).toBe(200);
    expect((await v.view(ids.parent)).status).toBe(200);

    const rotated = await v.send('POST', `/api/links/${links.parent.id}/rotate`);
    expect(rotated.status).toBe(201);
    const fresh = v.idOf(rotated.body);
    expect(fresh).not.toBe(ids.parent);
    await refused(ids.parent, 410, 'link_revoked');
    expect((await v.view(fresh)).body).toMatchObject({ role: 'parent', url: rotated.body.url });

    // A new student link can be made after a revocation; it is a different link.
    const again = await v.links(booking.id);
    expect(v.idOf(again.student)).not.toBe(ids.student);

    // Expiry: the operator's date, or 90 days after the lesson ends.
    await env.DB.prepare('update links set expires_at = ? where id = ?')
      .bind(t - 1, again.student.id)
      .run();
    await refused(v.idOf(again.student), 410, 'link_expired');
    t = Date.parse(booking.end_at) + 91 * 24 * HOUR;
    await refused(ids.tutor, 410, 'link_expired');
  });

  it('the operator lists and mints person links: a student, a parent, a tutor', async () => {
    const v = viewers();
    const { tutor, booking } = await v.paidLesson({ parent_email: 'Parent@Family.example' });
    const student = await v.send('POST', '/api/links', { json: { role: 'student', email: 'sam@example.com' } });
    // The confirmation email already gave Sam this link (to all of Sam's lessons): the operator gets the same one.
    expect(student.status).toBe(200);
    expect(student.body).toMatchObject({
      role: 'student',
      scope: 'person',
      email: 'sam@example.com',
      booking_id: null,
    });
    const same = await v.send('POST', '/api/links', { json: { role: 'student', email: 'SAM@example.com' } });
    expect(same.status).toBe(200);
    expect(same.body.url).toBe(student.body.url);
    const parent = await v.send('POST', '/api/links', { json: { role: 'parent', email: 'parent@family.example' } });
    const tutorLink = await v.send('POST', '/api/links', { json: { role: 'tutor', tutor_id: tutor.id } });
    expect(tutorLink.body).toMatchObject({ scope: 'person', tutor_id: tutor.id });
    expect((await v.view(v.idOf(parent.body), '')).body).toMatchObject({ kind: 'person', role: 'parent' });
    expect((await v.view(v.idOf(parent.body), '')).body.lessons.map((l: { id: string }) => l.id)).toEqual([booking.id]);

    for (const wrong of [
      { role: 'tutor', email: 'sam@example.com' },
      { role: 'student', tutor_id: tutor.id },
      { role: 'student', email: 'sam@example.com', booking_id: booking.id },
      { role: 'student' },
    ]) {
      const res = await v.send('POST', '/api/links', { json: wrong });
      expect({ wrong, status: res.status }).toEqual({ wrong, status: 422 });
    }
    expect(
      (await v.send('POST', '/api/links', { json: { role: 'tutor', tutor_id: 'tu_nobody0000000000' } })).status,
    ).toBe(404);

    const listed = await v.send('GET', `/api/links?email=${encodeURIComponent('sam@example.com')}`);
    expect(listed.body.links.map((l: { id: string }) => l.id)).toEqual([student.body.id]);
    const ofLesson = await v.send('GET', `/api/links?booking_id=${booking.id}`);
    expect(ofLesson.body.links.map((l: { role: string }) => l.role).sort()).toEqual(['parent', 'student', 'tutor']);
    expect((await v.send('GET', '/api/links')).status).toBe(422);
  });
});

describe('the lesson view', () => {
  it('shows each role its lesson; the passcode and meeting ID to all, the links to share and recordings only to the tutor', async () => {
    const v = viewers();
    const { booking, links, ids, tutor, service } = await v.paidLesson();
    const student = (await v.view(ids.student)).body;
    expect(student).toMatchObject({
      kind: 'lesson',
      id: booking.id,
      role: 'student',
      phase: 'upcoming',
      status: 'confirmed',
      provisioning: 'ready',
      provider: 'zoom',
      tutor_name: tutor.name,
      tutor_photo_url: null,
      student_name: booking.student_name,
      service_name: service.name,
      starts_at: booking.start_at,
      ends_at: booking.end_at,
      duration_minutes: booking.duration_minutes,
      timezone: booking.timezone,
      joining_open: false,
      url: links.student.url,
      student_url: null,
      parent_url: null,
      passcode: booking.meeting.passcode,
      meeting_number: booking.meeting.id,
      waiting_for_host: false,
      recording_ready: null,
    });
    expect(Date.parse(student.join_opens_at)).toBe(Date.parse(booking.start_at) - 10 * 60_000);
    expect(student.refresh_at).toBe(student.join_opens_at);

    const parent = (await v.view(ids.parent)).body;
    expect(parent).toMatchObject({ role: 'parent', url: links.parent.url, student_url: null, parent_url: null });

    const tutorView = (await v.view(ids.tutor, '')).body;
    expect(tutorView).toMatchObject({
      role: 'tutor',
      url: links.tutor.url,
      student_url: links.student.url,
      parent_url: links.parent.url,
      recording_ready: false,
    });

    // The tutor's photo on every card, for every role, once the tutor has one.
    await v.send('PATCH', `/api/tutors/${tutor.id}`, { json: { photo_url: 'https://images.example/rivera.jpg' } });
    for (const [id, origin] of [[ids.student], [ids.parent], [ids.tutor, '']] as const)
      expect((await v.view(id, origin)).body.tutor_photo_url).toBe('https://images.example/rivera.jpg');
    // A photo stored before today's rules, or by hand, is checked again as it is read.
    await env.DB.prepare('update tutors set photo_url = ? where id = ?').bind('javascript:alert(1)', tutor.id).run();
    expect((await v.view(ids.student)).body.tutor_photo_url).toBeNull();
  });

  it('never holds a start link, a zak or the meeting link itself for students and parents', async () => {
    const v = viewers();
    const { booking, ids } = await v.paidLesson();
    for (const id of [ids.student, ids.parent]) {
      const res = await v.view(id);
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/zak=|start_url|\/s\/\d/);
      expect(res.text).not.toContain(booking.meeting.join_url);
    }
    expect(
      JSON.stringify(await env.DB.prepare('select * from bookings where id = ?').bind(booking.id).first()),
    ).not.toMatch(/zak=/);
  });

  it('lets any site read students’ and parents’ links without credentials, errors included', async () => {
    const v = viewers();
    const { ids } = await v.paidLesson();
    for (const res of [await v.view(ids.student), await v.view('not-a-link')]) {
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
    const preflight = await v.send('OPTIONS', `/api/lessons/${ids.student}`, {
      operator: false,
      headers: { origin: 'https://tutor-site.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect((await v.view(ids.student)).headers.get('cache-control')).toBe('no-store');
  });

  it("a tutor's link is read only on our pages and the origins the tutor allowed", async () => {
    const v = viewers();
    const { tutor, ids } = await v.paidLesson();
    const elsewhere = await v.view(ids.tutor, 'https://public-page.example');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error).toMatchObject({
      code: 'link_private',
      message: expect.stringContaining("tutor's private link"),
    });
    expect(elsewhere.text).not.toMatch(/zak=|start/);
    expect((await v.view(ids.tutor, 'https://lessons.test')).status).toBe(200);
    expect((await v.view(ids.tutor, '')).status).toBe(200);

    const patched = await v.send('PATCH', `/api/tutors/${tutor.id}`, {
      json: { allowed_origins: ['https://rivera-tutoring.example'] },
    });
    expect(patched.body.allowed_origins).toEqual(['https://rivera-tutoring.example']);
    expect((await v.view(ids.tutor, 'https://rivera-tutoring.example')).status).toBe(200);
    expect((await v.view(ids.tutor, 'https://public-page.example')).status).toBe(403);
    expect((await v.view(ids.student, 'https://public-page.example')).status).toBe(200);
    // A tutor's person link is guarded the same way.
    const dashboard = await v.send('POST', '/api/links', { json: { role: 'tutor', tutor_id: tutor.id } });
    expect((await v.view(v.idOf(dashboard.body), 'https://public-page.example')).status).toBe(403);
    expect((await v.view(v.idOf(dashboard.body), 'https://rivera-tutoring.example')).status).toBe(200);
  });

  it('follows the lesson through time, live only once Zoom says the meeting started', async () => {
    let t = Date.parse('2030-05-01T12:00:00Z');
    const v = viewers({ now: () => t });
    const { booking, ids } = await v.paidLesson({ start_at: '2030-05-01T16:00:00Z', duration_minutes: 50 });
    const at = async (iso: string) => {
      t = Date.parse(iso);
      const { phase, joining_open, waiting_for_host, refresh_at } = (await v.view(ids.student)).body;
      return { phase, joining_open, waiting_for_host, refresh_at };
    };
    expect(await at('2030-05-01T15:49:59Z')).toEqual({
      phase: 'upcoming',
      joining_open: false,
      waiting_for_host: false,
      refresh_at: '2030-05-01T15:50:00.000Z',
    });
    expect(await at('2030-05-01T15:50:00Z')).toEqual({
      phase: 'open',
      joining_open: true,
      waiting_for_host: false,
      refresh_at: '2030-05-01T16:00:00.000Z',
    });
    expect(await at('2030-05-01T16:02:00Z')).toEqual({
      phase: 'open',
      joining_open: true,
      waiting_for_host: true,
      refresh_at: '2030-05-01T16:02:30.000Z',
    });
    await env.DB.prepare("update bookings set status = 'in_progress' where id = ?").bind(booking.id).run();
    expect(await at('2030-05-01T16:20:00Z')).toEqual({
      phase: 'live',
      joining_open: true,
      waiting_for_host: false,
      refresh_at: '2030-05-01T16:25:00.000Z',
    });
    await env.DB.prepare("update bookings set status = 'confirmed' where id = ?").bind(booking.id).run();
    expect(await at('2030-05-01T16:50:00Z')).toMatchObject({ phase: 'ended', joining_open: false, refresh_at: null });
  });

  it('tells the tutor alone when a recording is ready', async () => {
    const v = viewers();
    const { booking, ids } = await v.paidLesson();
    await env.DB.prepare("update bookings set status = 'completed' where id = ?").bind(booking.id).run();
    expect((await v.view(ids.tutor, '')).body).toMatchObject({ phase: 'ended', recording_ready: false });
    await env.DB.prepare(
      "insert into recording_files (id, booking_id, meeting_uuid, file_type, download_url) values (?, ?, 'uuid==', 'MP4', 'https://zoom.example/rec/download/secret')",
    )
      .bind(crypto.randomUUID(), booking.id)
      .run();
    expect((await v.view(ids.tutor, '')).body).toMatchObject({
      phase: 'ended',
      recording_ready: true,
      refresh_at: null,
    });
    for (const id of [ids.student, ids.parent]) {
      const res = await v.view(id);
      expect(res.body.recording_ready).toBeNull();
      expect(res.text).not.toMatch(/download|rec\//);
    }
  });

  it('says a link is being prepared while Zoom fails, that there is none when Zoom is not set up, and when it is unpaid', async () => {
    const failing = viewers({ sandbox: {} });
    failing.z.zoom.addFault({ method: 'POST', path: '/meetings', status: 500, times: 5 });
    const { ids } = await failing.paidLesson();
    expect((await failing.view(ids.student)).body).toMatchObject({
      phase: 'preparing',
      provisioning: 'failed',
      passcode: null,
    });
    const page = await failing.open(ids.student);
    expect(page.status).toBe(200);
    expect(page.text).toContain('The meeting link is being prepared.');

    const unset = viewers({
      env: { ZOOM_ACCOUNT_ID: undefined, ZOOM_CLIENT_ID: undefined, ZOOM_CLIENT_SECRET: undefined },
    });
    const lesson = await unset.paidLesson();
    expect((await unset.view(lesson.ids.tutor, '')).body).toMatchObject({ phase: 'no_link', provisioning: 'failed' });

    const unpaid = viewers();
    const seeded = await unpaid.seed();
    const unpaidLinks = await unpaid.links(seeded.booking.id);
    expect((await unpaid.view(unpaid.idOf(unpaidLinks.student))).body).toMatchObject({
      phase: 'awaiting_payment',
      joining_open: false,
    });
    const unpaidPage = await unpaid.open(unpaid.idOf(unpaidLinks.student));
    expect(unpaidPage.status).toBe(200);
    expect(unpaidPage.text).toContain('Once it is paid, the meeting link appears here');
  });
});

describe('the stable link /l/:id', () => {
  it('goes into the meeting while joining is open, else answers a page; after the end a page says it ended', async () => {
    let t = Date.parse('2030-04-28T16:00:00Z');
    const v = viewers({ now: () => t });
    const { booking, ids, tutor } = await v.paidLesson({ start_at: '2030-05-01T16:00:00Z', duration_minutes: 50 });

    const early = await v.open(ids.student);
    expect(early.status).toBe(200);
    expect(early.headers.get('cache-control')).toBe('no-store');
    expect(early.text).toContain(`<lesson-join link="${ids.student}">`);
    expect(early.text).toContain('<script type="module" src="/widget/lesson-join.js"></script>');
    expect(early.text).toContain('Algebra II');
    expect(early.text).toContain(tutor.name);
    expect(early.text).toContain('<time datetime="2030-05-01T16:00:00.000Z">');
    expect(early.text).toMatch(/Joining opens at \d\d:\d\d/);
    expect(early.text).not.toContain(booking.meeting.join_url);

    const spanish = await v.open(ids.student, 'es-MX,es;q=0.9,en;q=0.5');
    expect(spanish.text).toContain('<html lang="es">');
    expect(spanish.text).toContain('Podrás unirte a las');

    t = Date.parse('2030-05-01T15:52:00Z');
    for (const id of [ids.student, ids.parent]) {
      const inside = await v.open(id);
      expect(inside.status).toBe(302);
      expect(inside.headers.get('location')).toBe(booking.meeting.join_url);
      expect(inside.headers.get('cache-control')).toBe('no-store');
    }

    t = Date.parse('2030-05-01T17:00:00Z');
    const after = await v.open(ids.student);
    expect(after.status).toBe(200);
    expect(after.text).toContain('This lesson has ended.');
    expect(after.text).not.toContain(booking.meeting.join_url);
  });

  it('shows the tutor a Start that fetches a host link from Zoom at the click, never stored', async () => {
    const v = viewers();
    const { booking, ids } = await v.paidLesson();
    const created = v.z.zoom.meetings()[0]!.start_url;
    const gets = () =>
      v.z.zoom.calls().filter((c) => c.method === 'GET' && c.path === `/v2/meetings/${booking.meeting.id}`).length;

    const page = await v.open(ids.tutor);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="https://lessons.test/l/${ids.tutor}/start"`);
    expect(page.text).not.toMatch(/zak=/);
    expect(gets()).toBe(0);

    const first = await v.open(`${ids.tutor}/start`);
    const second = await v.open(`${ids.tutor}/start`);
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
    // Start is the tutor's alone.
    expect((await v.open(`${ids.student}/start`)).status).toBe(404);
    expect(
      JSON.stringify(await env.DB.prepare('select * from bookings where id = ?').bind(booking.id).first()),
    ).not.toMatch(/zak=/);
  });

  it("sends the tutor of a Google Meet lesson to the lesson's own link", async () => {
    const v = viewers();
    const { ids } = await v.paidLesson({
      provider: 'google_meet',
      meeting_url: 'https://meet.google.com/abc-defg-hij',
    });
    const res = await v.open(`${ids.tutor}/start`);
    expect(res.headers.get('location')).toBe('https://meet.google.com/abc-defg-hij');
    expect(v.z.zoom.calls()).toEqual([]);
  });

  it('a cancelled lesson answers a page that says so and whom to ask; the view drops the link and passcode', async () => {
    const v = viewers();
    const { booking, ids, tutor } = await v.paidLesson();
    await v.send('POST', `/api/bookings/${booking.id}/cancel`);
    for (const id of [ids.tutor, ids.student]) {
      const res = await v.open(id);
      expect(res.status).toBe(410);
      expect(res.text).toContain('This lesson was cancelled.');
      expect(res.text).toContain(`${tutor.name} will tell you if it moves to another day.`);
      expect(res.text).not.toContain(booking.meeting.join_url);
    }
    expect((await v.view(ids.student)).body).toMatchObject({
      phase: 'cancelled',
      url: null,
      passcode: null,
      refresh_at: null,
    });
    expect((await v.open(`${ids.tutor}/start`)).status).toBe(410);
  });

  it('an unexpected failure is logged with the route, never the link', async () => {
    const v = viewers();
    const { ids } = await v.paidLesson();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await env.DB.prepare('alter table links rename to links_gone').run();
    try {
      expect((await v.view(ids.student)).status).toBe(500);
      expect((await v.open(ids.tutor)).status).toBe(500);
      const lines = JSON.stringify(logged.mock.calls);
      expect(lines).toMatch(/request\.failed/);
      for (const id of Object.values(ids)) expect(lines).not.toContain(id);
    } finally {
      await env.DB.prepare('alter table links_gone rename to links').run();
      logged.mockRestore();
    }
  });

  it('without a link secret, minting says how to configure it', async () => {
    const v = viewers({ env: { LESSON_LINK_SECRET: undefined } });
    const { booking } = await v.seed();
    const res = await v.send('POST', `/api/bookings/${booking.id}/links`);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/LESSON_LINK_SECRET.*wrangler secret put/);
  });
});

describe('person links', () => {
  it("a parent's link shows the next lesson first, then the later ones, then past ones; only that family's", async () => {
    let t = Date.parse('2030-05-10T12:00:00Z');
    const v = viewers({ now: () => t });
    const family = {
      parent_email: 'ana.parent@family.example',
      student_email: 'lucia@family.example',
      student_name: 'Lucía',
    };
    const { tutor, service } = await v.seed();
    const book = async (start: string, extra: Record<string, unknown> = family) => {
      const b = (
        await v.send('POST', '/api/bookings', {
          json: { tutor_id: tutor.id, service_id: service.id, start_at: start, ...extra },
        })
      ).body;
      await v.send('POST', `/api/bookings/${b.id}/confirm`);
      return b;
    };
    const past = await book('2030-05-09T16:00:00Z');
    const later = await book('2030-05-20T16:00:00Z');
    const next = await book('2030-05-12T16:00:00Z');
    const otherFamily = await book('2030-05-11T16:00:00Z', {
      student_name: 'Max',
      student_email: 'max@other.example',
      parent_email: 'other@other.example',
    });
    await env.DB.prepare("update bookings set status = 'completed' where id = ?").bind(past.id).run();

    const link = await v.send('POST', '/api/links', { json: { role: 'parent', email: family.parent_email } });
    const id = v.idOf(link.body);
    const view = (await v.view(id)).body;
    expect(view).toMatchObject({ kind: 'person', role: 'parent' });
    expect(view.lessons.map((l: { id: string }) => l.id)).toEqual([next.id, later.id, past.id]);
    expect(view.lessons[0].url).toBe(`https://lessons.test/l/${id}/${next.id}`);

    const page = await v.open(id);
    expect(page.status).toBe(200);
    expect(page.text.indexOf(next.id)).toBeGreaterThan(-1);
    expect(page.text.indexOf(next.id)).toBeLessThan(page.text.indexOf(later.id));
    expect(page.text).toContain('Lessons happen on a private link made for each lesson');
    expect(page.text).not.toContain(otherFamily.id);
    expect(page.text).not.toContain('Max');

    // A lesson through the person link follows time like a lesson link; another family's is not there.
    t = Date.parse('2030-05-12T15:55:00Z');
    const join = await v.open(`${id}/${next.id}`);
    expect(join.status).toBe(302);
    expect(join.headers.get('location')).toBe((await v.send('GET', `/api/bookings/${next.id}`)).body.meeting.join_url);
    expect((await v.open(`${id}/${otherFamily.id}`)).status).toBe(404);
    expect((await v.send('GET', `/api/lessons/${id}/${otherFamily.id}`, { operator: false })).status).toBe(404);
  });

  it('no student or parent response carries a start link, a zak or another family’s lesson, in any state', async () => {
    let t = Date.parse('2030-05-01T12:00:00Z');
    const v = viewers({ now: () => t });
    const { booking, ids } = await v.paidLesson({ start_at: '2030-05-01T16:00:00Z', parent_email: 'p@family.example' });
    const other = await v.paidLesson({ start_at: '2030-05-01T16:00:00Z', student_email: 'x@other.example' });
    const parentLink = v.idOf(
      (await v.send('POST', '/api/links', { json: { role: 'parent', email: 'p@family.example' } })).body,
    );
    const studentLink = v.idOf(
      (await v.send('POST', '/api/links', { json: { role: 'student', email: booking.student_email } })).body,
    );
    const bodies: string[] = [];
    const collect = async () => {
      for (const path of [ids.student, ids.parent, parentLink, studentLink, `${parentLink}/${booking.id}`]) {
        bodies.push((await v.view(path)).text, (await v.open(path)).text);
        bodies.push((await v.open(path, 'es')).text);
      }
    };
    for (const at of ['2030-05-01T12:00:00Z', '2030-05-01T15:55:00Z', '2030-05-01T16:10:00Z', '2030-05-01T18:00:00Z']) {
      t = Date.parse(at);
      await collect();
    }
    await env.DB.prepare("update bookings set status = 'in_progress' where id = ?").bind(booking.id).run();
    t = Date.parse('2030-05-01T16:05:00Z');
    await collect();
    await v.send('POST', `/api/bookings/${booking.id}/cancel`);
    await collect();
    const all = bodies.join('\n');
    expect(bodies.length).toBeGreaterThan(80);
    expect(all).not.toMatch(/zak=|start_url|\/s\/\d{9}/);
    expect(all).not.toContain(other.booking.id);
    expect(all).not.toContain(other.ids.student);
  });
});

describe('many links in one read (POST /api/lessons)', () => {
  /** What a page sends: the links' paths, as text/plain (no CORS preflight), from `origin`. */
  const readAll = (v: ReturnType<typeof viewers>, links: unknown, origin = 'https://tutor-site.example') =>
    v.send('POST', '/api/lessons', {
      operator: false,
      body: JSON.stringify({ links }),
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin },
    });

  it('answers each link as its own read would, in order, errors included, and a link asked twice once', async () => {
    const t = Date.parse('2030-05-01T12:00:00Z');
    const v = viewers({ now: () => t });
    const { booking, ids } = await v.paidLesson({ start_at: '2030-05-01T16:00:00Z', parent_email: 'p@family.example' });
    const revoked = await v.paidLesson({ start_at: '2030-05-02T16:00:00Z' });
    await v.send('POST', `/api/links/${revoked.links.student.id}/revoke`);
    const parent = v.idOf(
      (await v.send('POST', '/api/links', { json: { role: 'parent', email: 'p@family.example' } })).body,
    );
    const paths = [
      ids.student,
      parent,
      `${parent}/${booking.id}`,
      ids.student,
      revoked.ids.student,
      'not-a-lesson-link',
      `${parent}/bk_0000000000nothere`,
      `${ids.student}/${booking.id}`,
    ];
    const res = await readAll(v, paths);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const single = await Promise.all(paths.map((p) => v.view(p)));
    expect(res.body.views).toEqual(
      single.map((s) => (s.status === 200 ? { status: 200, view: s.body } : { status: s.status, error: s.body.error })),
    );
    expect(res.body.views.map((r: { status: number }) => r.status)).toEqual([200, 200, 200, 200, 410, 404, 404, 404]);
    expect(res.body.views[1].view).toMatchObject({ kind: 'person', role: 'parent' });
    const deeper = await readAll(v, [`${parent}/${booking.id}/start`, `${parent}/`]);
    expect(deeper.body.views.map((r: { error: { code: string } }) => r.error.code)).toEqual([
      'link_invalid',
      'link_invalid',
    ]);
  });

  it("a tutor's link is refused alone on a site the tutor did not allow; the others are answered", async () => {
    const v = viewers();
    const { tutor, ids } = await v.paidLesson();
    const dashboard = v.idOf(
      (await v.send('POST', '/api/links', { json: { role: 'tutor', tutor_id: tutor.id } })).body,
    );
    const elsewhere = await readAll(v, [ids.tutor, dashboard, ids.student], 'https://public-page.example');
    expect(elsewhere.body.views.map((r: { status: number }) => r.status)).toEqual([403, 403, 200]);
    expect(elsewhere.body.views[0].error.code).toBe('link_private');
    expect(elsewhere.body.views[0]).not.toHaveProperty('view');
    expect(elsewhere.text).not.toMatch(/zak=/);
    expect(elsewhere.text).not.toContain(ids.parent);
    await v.send('PATCH', `/api/tutors/${tutor.id}`, {
      json: { allowed_origins: ['https://rivera-tutoring.example'] },
    });
    const allowed = await readAll(v, [ids.tutor, dashboard], 'https://rivera-tutoring.example');
    expect(allowed.body.views.map((r: { status: number }) => r.status)).toEqual([200, 200]);
    expect((await readAll(v, [ids.tutor], 'https://lessons.test')).body.views[0].status).toBe(200);
  });

  it("a tutor's page of lessons is answered as its single reads: links to share and recordings per lesson", async () => {
    const t = Date.parse('2030-05-01T12:00:00Z');
    const v = viewers({ now: () => t });
    const past = await v.paidLesson({ start_at: '2030-04-30T16:00:00Z', parent_email: 'p@family.example' });
    const coming = await v.paidLesson({ start_at: '2030-05-02T16:00:00Z' });
    await env.DB.prepare("update bookings set status = 'completed' where id = ?").bind(past.booking.id).run();
    await env.DB.prepare(
      "insert into recording_files (id, booking_id, meeting_uuid, file_type) values (?, ?, 'uuid==', 'MP4')",
    )
      .bind(crypto.randomUUID(), past.booking.id)
      .run();
    const dashboard = v.idOf(
      (await v.send('POST', '/api/links', { json: { role: 'tutor', tutor_id: past.tutor.id } })).body,
    );
    const paths = [past.ids.tutor, coming.ids.tutor, past.ids.student, dashboard, `${dashboard}/${past.booking.id}`];
    const res = await readAll(v, paths, 'https://lessons.test');
    const single = await Promise.all(paths.map((p) => v.view(p, '')));
    expect(res.body.views).toEqual(single.map((s) => ({ status: 200, view: s.body })));
    const [pastView, comingView, studentView] = res.body.views.map((r: { view: unknown }) => r.view);
    expect(pastView).toMatchObject({ recording_ready: true, student_url: past.links.student.url });
    expect(pastView.parent_url).toBe(past.links.parent.url);
    expect(comingView).toMatchObject({ recording_ready: false, student_url: coming.links.student.url });
    expect(studentView.recording_ready).toBeNull();
    expect(studentView.student_url).toBeNull();
  });

  it('takes application/json too, lets any site ask, and refuses what it cannot read with what to fix', async () => {
    const v = viewers();
    const { ids } = await v.paidLesson();
    const json = await v.send('POST', '/api/lessons', { operator: false, json: { links: [ids.student] } });
    expect(json.body.views[0].status).toBe(200);
    const preflight = await v.send('OPTIONS', '/api/lessons', {
      operator: false,
      headers: {
        origin: 'https://tutor-site.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');

    const tooMany = await readAll(
      v,
      Array.from({ length: MAX_LINKS_PER_READ + 1 }, () => ids.student),
    );
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.message).toContain(`at most ${MAX_LINKS_PER_READ} links`);
    expect((await readAll(v, [])).status).toBe(422);
    expect((await readAll(v, [42])).status).toBe(422);
    const garbled = await v.send('POST', '/api/lessons', {
      operator: false,
      body: '{links',
      headers: { 'content-type': 'text/plain' },
    });
    expect([garbled.status, garbled.body.error.code]).toEqual([400, 'bad_request']);
    const form = await v.send('POST', '/api/lessons', {
      operator: false,
      body: 'links=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });
});
