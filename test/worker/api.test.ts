import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { bookingInput, serviceInput, tutorInput } from '../suites/fixtures';
import openapi from '../../shared/openapi.json';
import { harness } from './harness';

const count = async (table: string) =>
  (await env.DB.prepare(`select count(*) as n from ${table}`).first<{ n: number }>())!.n;

describe('operator API', () => {
  it('answers /health, and describes the API in an OpenAPI document generated from the schemas', async () => {
    const { send } = harness();
    expect((await send('GET', '/health', { operator: false })).status).toBe(200);
    // Served as a static asset (the end-to-end test fetches it from npm start).
    const doc = openapi as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/tutors',
        '/api/services',
        '/api/bookings',
        '/api/bookings/{id}',
        '/api/bookings/{id}/reschedule',
        '/api/stripe/webhook',
      ]),
    );
    expect(doc.paths['/api/lessons/{link}'].get).toMatchObject({
      security: [],
      responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/LinkView' } } } } },
    });
    expect(doc.components.schemas.LinkView.anyOf).toEqual([
      { $ref: '#/components/schemas/LessonView' },
      { $ref: '#/components/schemas/PersonView' },
    ]);
    expect(doc.paths['/api/bookings'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['tutor_id', 'student_email', 'parent_email', 'status', 'from', 'to', 'cursor', 'limit']),
    );
    expect(doc.paths['/api/bookings'].get.responses[200].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/BookingPage',
    });
    expect(
      doc.paths['/api/tutors/{id}'].patch.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('allowed_origins');
    expect(doc.paths['/api/bookings/{id}/links'].post.requestBody.required).toBe(false);
    expect(doc.paths['/api/bookings'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['tutor_id', 'service_id', 'student_name', 'student_email', 'start_at']),
    );
    expect(doc.components.schemas.Booking.properties.meeting).toEqual({ $ref: '#/components/schemas/Meeting' });
    expect(Object.keys(doc.components.schemas.Meeting.properties)).toEqual(
      expect.arrayContaining(['state', 'id', 'join_url', 'passcode']),
    );
  });

  it('refuses requests without the operator key, and writes nothing', async () => {
    const { send } = harness();
    const before = await count('tutors');
    const missing = await send('POST', '/api/tutors', { json: tutorInput(), operator: false });
    const wrong = await send('POST', '/api/tutors', {
      json: tutorInput(),
      headers: { authorization: 'Bearer not-the-key' },
    });
    for (const res of [missing, wrong]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({
        code: 'unauthorized',
        message: expect.stringContaining('Authorization: Bearer'),
      });
    }
    expect(await count('tutors')).toBe(before);
  });

  it('creates a tutor, a service and a booking, and shows the booking', async () => {
    const { send } = harness();
    const tutor = await send('POST', '/api/tutors', { json: tutorInput({ name: 'Ms Rivera' }) });
    expect(tutor.status).toBe(201);
    expect(tutor.body.id).toMatch(/^tu_/);
    const service = await send('POST', '/api/services', {
      json: serviceInput(tutor.body.id, { auto_recording: true }),
    });
    expect(service.status).toBe(201);
    expect(service.body).toMatchObject({
      id: expect.stringMatching(/^sv_/),
      auto_recording: 'cloud',
      waiting_room: true,
    });
    const booking = await send('POST', '/api/bookings', {
      json: bookingInput(tutor.body.id, service.body.id, { start_at: '2030-05-01T16:00:00+02:00' }),
    });
    expect(booking.status).toBe(201);
    const shown = await send('GET', `/api/bookings/${booking.body.id}`);
    expect(shown.body).toMatchObject({
      id: booking.body.id,
      status: 'pending_payment',
      provider: 'zoom',
      start_at: '2030-05-01T14:00:00.000Z',
      duration_minutes: 60,
      timezone: 'America/New_York',
      meeting: { state: 'none', id: null, join_url: null, passcode: null },
    });
  });

  it('confirm, reschedule, switch provider and cancel, all over HTTP', async () => {
    const { send, seed, z } = harness();
    const { booking } = await seed();
    const confirmed = await send('POST', `/api/bookings/${booking.id}/confirm`);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', meeting: { state: 'ready', provider: 'zoom' } });
    expect(confirmed.body.meeting.join_url).toMatch(/^https:\/\//);
    expect(JSON.stringify(confirmed.body)).not.toMatch(/zak=|start_url/);

    const moved = await send('POST', `/api/bookings/${booking.id}/reschedule`, {
      json: { start_at: '2030-06-01T10:00:00Z', duration_minutes: 30 },
    });
    expect(moved.body).toMatchObject({ start_at: '2030-06-01T10:00:00.000Z', duration_minutes: 30 });
    expect(moved.body.meeting.join_url).toBe(confirmed.body.meeting.join_url);

    const switched = await send('PATCH', `/api/bookings/${booking.id}`, {
      json: { provider: 'google_meet', meeting_url: 'https://meet.google.com/xyz-abcd-efg' },
    });
    expect(switched.body).toMatchObject({
      provider: 'google_meet',
      meeting: { state: 'ready', join_url: 'https://meet.google.com/xyz-abcd-efg', id: null },
    });

    const cancelled = await send('POST', `/api/bookings/${booking.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', meeting: { join_url: null } });
    expect(z.creates()).toBe(1);
    expect(z.patches()).toBe(1);
    expect(z.deletes()).toBe(1);

    const again = await send('POST', `/api/bookings/${booking.id}/reschedule`, {
      json: { start_at: '2030-07-01T10:00:00Z' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('booking_not_changeable');
  });

  it('a reschedule Zoom refuses keeps the link, shows the error and when it is tried again', async () => {
    const { send, seed, z } = harness();
    const { booking } = await seed();
    const confirmed = (await send('POST', `/api/bookings/${booking.id}/confirm`)).body;
    z.zoom.addFault({ method: 'PATCH', status: 503 });
    const moved = (
      await send('POST', `/api/bookings/${booking.id}/reschedule`, { json: { start_at: '2030-06-01T10:00:00Z' } })
    ).body;
    expect(moved.meeting).toMatchObject({ state: 'ready', join_url: confirmed.meeting.join_url, attempts: 1 });
    expect(moved.meeting.last_error).toMatch(/PATCH .* 503/);
    expect(Date.parse(moved.meeting.next_attempt_at)).toBeGreaterThan(Date.now());
  });

  it('turns bad input into a clear error and changes nothing', async () => {
    const { send, seed } = harness();
    const { tutor, service, booking } = await seed();
    const before = await count('bookings');

    const malformed = await send('POST', '/api/bookings', {
      body: '{"tutor_id": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toBe('The request body is not valid JSON.');

    const notJson = await send('POST', '/api/bookings', {
      body: 'tutor_id=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(notJson.status).toBe(415);

    const invalid = await send('POST', '/api/bookings', {
      json: { ...bookingInput(tutor.id, service.id), student_email: 'not-an-email', start_at: 'tomorrow' },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'start_at',
      'student_email',
    ]);

    const script = await send('POST', '/api/bookings', {
      json: bookingInput(tutor.id, service.id, {
        provider: 'manual',
        meeting_url: 'javascript:alert(document.cookie)',
      }),
    });
    expect(script.status).toBe(422);
    expect(script.body.error.message).toMatch(/https/);

    const unknownService = await send('POST', '/api/bookings', {
      json: bookingInput(tutor.id, 'sv_0000000000000000000a'),
    });
    expect(unknownService.status).toBe(404);
    expect(unknownService.body.error.code).toBe('service_not_found');

    const unknown = await send('POST', '/api/bookings/bk_doesnotexist00000000/confirm');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: 'booking_not_found',
      message: expect.stringContaining('bk_doesnotexist'),
    });

    const patchNothing = await send('PATCH', `/api/bookings/${booking.id}`, { json: {} });
    expect(patchNothing.status).toBe(422);

    const tooBig = await send('POST', '/api/tutors', { json: { ...tutorInput(), name: 'x'.repeat(70 * 1024) } });
    expect(tooBig.status).toBe(413);

    expect(await count('bookings')).toBe(before);
    expect((await send('GET', `/api/bookings/${booking.id}`)).body.status).toBe('pending_payment');
  });

  it('answers unknown routes with the same envelope', async () => {
    const { send } = harness();
    const res = await send('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('the development tools answer only where npm start turned them on', async () => {
    const deployed = harness();
    const off = await deployed.send('POST', '/__dev/sweep', { operator: false });
    expect(off.status).toBe(404);
    expect(off.body.error.code).toBe('not_found');

    const local = harness({ env: { DEV_TOOLS: 'on' } });
    const { booking } = await local.seed();
    local.z.zoom.addFault({ method: 'POST', path: '/meetings', status: 503, times: 1 });
    expect((await local.send('POST', `/api/bookings/${booking.id}/confirm`)).body.meeting.state).toBe('failed');
    await env.DB.prepare('update bookings set sync_due_at = ? where id = ?')
      .bind(Date.now() - 1, booking.id)
      .run();
    const swept = await local.send('POST', '/__dev/sweep', { operator: false });
    expect(swept.status).toBe(200);
    expect(swept.body.provisioned).toBeGreaterThanOrEqual(1);
    expect((await local.send('GET', `/api/bookings/${booking.id}`)).body.meeting.state).toBe('ready');
  });

  it('lists bookings in start order a page at a time, with cursors that stay stable as bookings are added', async () => {
    const { send, seed } = harness();
    const { tutor, service } = await seed({ start_at: '2031-01-01T09:00:00Z' });
    const other = await seed({ start_at: '2031-01-01T09:30:00Z', student_email: 'other@example.com' });
    const starts = Array.from({ length: 999 }, (_, i) =>
      new Date(Date.parse('2031-01-01T10:00:00Z') + (i % 333) * 3600_000).toISOString(),
    );
    for (let i = 0; i < starts.length; i += 50)
      await Promise.all(
        starts
          .slice(i, i + 50)
          .map((start_at) => send('POST', '/api/bookings', { json: bookingInput(tutor.id, service.id, { start_at }) })),
      );
    const seen: { id: string; start_at: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await send('GET', `/api/bookings?tutor_id=${tutor.id}&limit=90${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.bookings);
      cursor = res.body.next_cursor;
      // A booking made while paging, earlier than this page, does not shift the pages that follow.
      if (pages++ === 3)
        await send('POST', '/api/bookings', {
          json: bookingInput(tutor.id, service.id, { start_at: '2031-01-01T08:00:00Z' }),
        });
    } while (cursor);
    expect(pages).toBe(12);
    expect(seen).toHaveLength(1000);
    expect(new Set(seen.map((b) => b.id)).size).toBe(1000);
    const order = seen.map((b) => `${b.start_at}|${b.id}`);
    expect(order).toEqual([...order].sort());
    expect(seen.some((b) => b.id === other.booking.id)).toBe(false);

    const filtered = await send(
      'GET',
      `/api/bookings?student_email=OTHER@example.com&status=pending_payment&from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z`,
    );
    expect(filtered.body.bookings.map((b: { id: string }) => b.id)).toEqual([other.booking.id]);
    expect(filtered.body.next_cursor).toBeNull();
    for (const bad of ['cursor=not-ours', 'status=paid', 'from=yesterday', 'limit=lots'])
      expect((await send('GET', `/api/bookings?${bad}`)).status).toBe(422);
  }, 120_000);

  it("changes a tutor's details, checked like the rest, and nothing on a refusal", async () => {
    const { send } = harness();
    const tutor = (await send('POST', '/api/tutors', { json: tutorInput() })).body;
    const taken = (await send('POST', '/api/tutors', { json: tutorInput() })).body;
    const changed = await send('PATCH', `/api/tutors/${tutor.id}`, {
      json: {
        name: 'Ms Rivera-Lopez',
        timezone: 'America/Mexico_City',
        backup_link: 'https://whereby.com/rivera',
        default_provider: 'manual',
        allowed_origins: ['https://rivera.example', 'http://localhost:5173', 'https://rivera.example'],
        photo_url: 'HTTPS://Images.Example/rivera.jpg',
      },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Ms Rivera-Lopez',
      timezone: 'America/Mexico_City',
      backup_link: 'https://whereby.com/rivera',
      default_provider: 'manual',
      allowed_origins: ['https://rivera.example', 'http://localhost:5173'],
      photo_url: 'https://images.example/rivera.jpg',
    });
    const before = await env.DB.prepare('select * from tutors where id = ?').bind(tutor.id).first();
    for (const json of [
      {},
      { allowed_origins: ['https://rivera.example/dashboard'] },
      { allowed_origins: ['http://rivera.example'] },
      { allowed_origins: ['*'] },
      { timezone: 'Mars/Olympus' },
      { backup_link: 'javascript:alert(1)' },
      { photo_url: 'http://images.example/rivera.jpg' },
      { photo_url: 'data:image/png;base64,iVBORw0KGgo=' },
      { photo_url: 'https://images.example/a b.jpg' },
      { photo_url: 'https://user:pass@images.example/rivera.jpg' },
      { photo_url: 'https://us06web.zoom.us/s/85746065432?zak=x' },
      { default_provider: 'skype' },
    ]) {
      const res = await send('PATCH', `/api/tutors/${tutor.id}`, { json });
      expect({ json, status: res.status }).toEqual({ json, status: 422 });
    }
    const clash = await send('PATCH', `/api/tutors/${tutor.id}`, { json: { email: taken.email.toUpperCase() } });
    expect(clash.status).toBe(409);
    expect(await env.DB.prepare('select * from tutors where id = ?').bind(tutor.id).first()).toEqual(before);
    expect((await send('PATCH', '/api/tutors/tu_nobody0000000000', { json: { name: 'X' } })).status).toBe(404);
  });

  it("shows the operator each host's calls today and the lessons at risk of having no meeting", async () => {
    const h = harness();
    const { booking } = await h.seed({ start_at: new Date(Date.now() + 3 * 3600_000).toISOString() });
    h.z.zoom.addFault({ method: 'POST', path: '/meetings', status: 503 });
    await h.send('POST', `/api/bookings/${booking.id}/confirm`);
    const ready = await h.seed({ start_at: new Date(Date.now() + 30 * 3600_000).toISOString() });
    h.z.zoom.clearFaults();
    const made = (await h.send('POST', `/api/bookings/${ready.booking.id}/confirm`)).body;
    const report = await h.send('GET', '/api/capacity');
    expect(report.status).toBe(200);
    expect(report.body.hosts).toEqual(
      expect.arrayContaining([{ provider: 'zoom', host: ready.tutor.zoom_user_id, used: 1, cap: 100 }]),
    );
    expect(report.body.at_risk).toEqual(
      expect.arrayContaining([expect.objectContaining({ booking_id: booking.id, state: 'failed' })]),
    );
    expect(report.body.at_risk.map((r: { booking_id: string }) => r.booking_id)).not.toContain(made.id);
    expect((await h.send('GET', '/api/capacity', { operator: false })).status).toBe(401);
  });

  it('after an outage the operator has every waiting lesson tried again now, and the sweep makes its meeting', async () => {
    const h = harness({ env: { DEV_TOOLS: 'on' } });
    const { booking } = await h.seed();
    h.z.zoom.addFault({ method: 'POST', path: '/meetings', status: 503 });
    const failed = (await h.send('POST', `/api/bookings/${booking.id}/confirm`)).body;
    expect(failed.meeting.state).toBe('failed');
    expect(Date.parse(failed.meeting.next_attempt_at)).toBeGreaterThan(Date.now());
    expect((await h.send('POST', '/api/capacity/retry', { operator: false })).status).toBe(401);

    const retried = await h.send('POST', '/api/capacity/retry');
    expect(retried.status).toBe(200);
    expect(retried.body.lessons).toBeGreaterThanOrEqual(1);
    const due = (await h.send('GET', `/api/bookings/${booking.id}`)).body;
    expect(Date.parse(due.meeting.next_attempt_at)).toBeLessThanOrEqual(Date.now());
    await h.send('POST', '/__dev/sweep', { operator: false });
    expect((await h.send('GET', `/api/bookings/${booking.id}`)).body.meeting).toMatchObject({ state: 'ready' });
    // One meeting for it (the sweep also takes on whatever else is due in this database).
    expect(h.z.zoom.meetings().filter((m) => m.agenda?.includes(booking.id))).toHaveLength(1);
  });
});
