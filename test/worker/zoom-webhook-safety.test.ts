import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../suites/wait-for';
import { harness } from './harness';

const TABLES = [
  'bookings',
  'attendance_events',
  'recordings',
  'recording_files',
  'transcription_jobs',
  'lesson_notes',
  'processed_events',
  'zoom_grants',
];
const counts = async () =>
  Object.fromEntries(
    await Promise.all(
      TABLES.map(async (t) => [t, (await env.DB.prepare(`select count(*) as n from ${t}`).first<{ n: number }>())!.n]),
    ),
  );
const rows = async (sql: string, ...args: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...args)
      .all()
  ).results as any[];

const participantEvent = (
  meetingId: string | number,
  kind: 'joined' | 'left',
  at: string,
  who: { uuid: string; name: string },
  uuid = 'session-one==',
) => ({
  event: `meeting.participant_${kind}`,
  event_ts: Date.parse(at),
  payload: {
    account_id: 'acct',
    object: {
      id: String(meetingId),
      uuid,
      host_id: 'host-user',
      topic: 'Algebra II with Sam Student',
      type: 2,
      start_time: '2030-03-10T14:59:00Z',
      duration: 60,
      participant: {
        user_id: '16778240',
        user_name: who.name,
        id: '',
        participant_uuid: who.uuid,
        email: '',
        [kind === 'joined' ? 'join_time' : 'leave_time']: at,
      },
    },
  },
});

describe('Zoom webhook: bad input changes nothing', () => {
  it('forged, stale, future, unsigned, malformed and oversized requests', async () => {
    // One fixed instant: a second passing mid-test must not bring "301 s ahead" inside the window.
    const at = Date.now();
    const h = harness({ now: () => at });
    const { booking } = await h.confirmedLesson();
    const body = JSON.stringify({
      event: 'meeting.started',
      event_ts: Date.now(),
      payload: { object: { id: booking.meeting.id, uuid: 'u1==' } },
    });
    const before = await counts();
    const now = Math.floor(at / 1000);

    const forged = await h.postZoom(body, { secret: 'not-the-secret' });
    const stale = await h.postZoom(body, { timestamp: now - 301 });
    const future = await h.postZoom(body, { timestamp: now + 301 });
    const unsigned = await h.send('POST', '/api/zoom/webhook', {
      body,
      operator: false,
      headers: { 'content-type': 'application/json' },
    });
    const garbageSig = await h.postZoom(body, { headers: { 'x-zm-signature': 'v0=zz' } });
    expect([forged, stale, future, unsigned, garbageSig].map((r) => [r.status, r.body.error.code])).toEqual([
      [401, 'signature_invalid'],
      [401, 'timestamp_stale'],
      [401, 'timestamp_stale'],
      [401, 'signature_missing'],
      [401, 'signature_invalid'],
    ]);

    const malformed = await h.postZoom('{"event": "meeting.started", ');
    const wrongShape = await h.postZoom(
      JSON.stringify({ event: 'meeting.started', payload: { object: { id: 'not-a-number', uuid: 'u' } } }),
    );
    const noEvent = await h.postZoom(JSON.stringify({ payload: {} }));
    expect([malformed, wrongShape, noEvent].map((r) => [r.status, r.body.error.code])).toEqual([
      [400, 'invalid_event'],
      [400, 'invalid_event'],
      [400, 'invalid_event'],
    ]);

    const huge = await h.postZoom(JSON.stringify({ event: 'meeting.started', padding: 'x'.repeat(1024 * 1024) }));
    expect(huge.status).toBe(413);

    expect(await counts()).toEqual(before);
    expect((await h.send('GET', `/api/bookings/${booking.id}`)).body.status).toBe('confirmed');
  });

  it('an event for a meeting we do not know is acknowledged and writes nothing', async () => {
    const h = harness();
    const before = await counts();
    const res = await h.postZoom(
      JSON.stringify(
        participantEvent('99999999999', 'joined', '2030-03-10T15:00:00Z', { uuid: 'P1', name: 'Someone' }),
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, handled: false, reason: 'unknown_meeting' });
    const ignored = await h.postZoom(JSON.stringify({ event: 'meeting.sharing_started', event_ts: 1, payload: {} }));
    expect(ignored.body).toMatchObject({ handled: false, reason: 'event_not_used' });
    expect(await counts()).toEqual(before);
  });
});

describe('Zoom webhook: every event once, in any order', () => {
  it('the same delivery five times at once changes the state once', async () => {
    const h = harness();
    const { booking } = await h.confirmedLesson({ student_name: 'Sam Student', start_at: '2030-03-10T15:00:00Z' });
    const body = JSON.stringify(
      participantEvent(booking.meeting.id!, 'joined', '2030-03-10T15:04:00Z', { uuid: 'SAM-1', name: 'Sam Student' }),
    );
    const results = await Promise.all(Array.from({ length: 5 }, () => h.postZoom(body)));
    expect(results.filter((r) => r.body.handled)).toHaveLength(1);
    // The rest: done already (200), or still being handled (503, which Zoom retries).
    for (const r of results.filter((x) => !x.body.handled))
      expect(r.status === 200 ? r.body.reason : r.body.error.code).toMatch(/^(duplicate|event_in_progress)$/);
    expect(await rows('select kind from attendance_events where booking_id = ?', booking.id)).toEqual([
      { kind: 'joined' },
    ]);
    expect(await rows('select count(*) as n from processed_events where booking_id = ?', booking.id)).toEqual([
      { n: 1 },
    ]);

    const started = JSON.stringify({
      event: 'meeting.started',
      event_ts: 1,
      payload: { object: { id: booking.meeting.id, uuid: 'session-one==', start_time: '2030-03-10T14:59:00Z' } },
    });
    const starts = await Promise.all(Array.from({ length: 5 }, () => h.postZoom(started)));
    expect(starts.filter((r) => r.body.handled)).toHaveLength(1);
    expect((await h.send('GET', `/api/bookings/${booking.id}`)).body.status).toBe('in_progress');
  });

  it('a leave delivered before its join, and a restarted meeting with a new uuid, still add up', async () => {
    const h = harness();
    const { booking } = await h.confirmedLesson({ student_name: 'Sam Student', start_at: '2030-03-10T15:00:00Z' });
    const sam = { uuid: 'SAM-1', name: 'Sam Student' };
    const id = Number(booking.meeting.id); // as a number, as some events carry it
    await h.postZoom(JSON.stringify(participantEvent(id, 'left', '2030-03-10T15:25:00Z', sam)));
    await h.postZoom(JSON.stringify(participantEvent(id, 'joined', '2030-03-10T15:05:00Z', sam)));
    // The tutor ends and restarts the meeting: same id, new uuid, a new participant_uuid.
    await h.postZoom(
      JSON.stringify(
        participantEvent(id, 'joined', '2030-03-10T15:30:00Z', { uuid: 'SAM-2', name: 'Sam Student' }, 'session-two=='),
      ),
    );
    await h.postZoom(
      JSON.stringify(
        participantEvent(id, 'left', '2030-03-10T15:45:00Z', { uuid: 'SAM-2', name: 'Sam Student' }, 'session-two=='),
      ),
    );
    const { attendance } = (await h.send('GET', `/api/bookings/${booking.id}`)).body;
    expect(attendance).toMatchObject({ student_minutes_attended: 35, student_minutes_late: 5, no_show: false });
    expect(attendance.participants[0].intervals).toEqual([
      { joined_at: '2030-03-10T15:05:00.000Z', left_at: '2030-03-10T15:25:00.000Z' },
      { joined_at: '2030-03-10T15:30:00.000Z', left_at: '2030-03-10T15:45:00.000Z' },
    ]);
  });

  it('a late meeting.started retry does not reopen a lesson that already ended', async () => {
    const h = harness();
    const { booking } = await h.confirmedLesson();
    const obj = { id: booking.meeting.id, uuid: 's1==', start_time: '2030-03-10T14:59:00Z' };
    await h.postZoom(
      JSON.stringify({
        event: 'meeting.ended',
        event_ts: 2,
        payload: { object: { ...obj, end_time: '2030-03-10T16:00:00Z' } },
      }),
    );
    await h.postZoom(JSON.stringify({ event: 'meeting.started', event_ts: 1, payload: { object: obj } }));
    expect((await h.send('GET', `/api/bookings/${booking.id}`)).body).toMatchObject({
      status: 'completed',
      started_at: '2030-03-10T14:59:00.000Z',
    });
  });
});

describe('Zoom webhook: sessions outside the lesson', () => {
  const session = (meetingId: string, uuid: string, event: 'meeting.started' | 'meeting.ended', at: string) => ({
    event,
    event_ts: Date.parse(at),
    payload: {
      object: {
        id: meetingId,
        uuid,
        host_id: 'host-user',
        start_time: at,
        ...(event === 'meeting.ended' ? { end_time: at } : {}),
      },
    },
  });

  it('a practice run the day before, or just before, neither starts nor ends the lesson', async () => {
    const h = harness();
    const { booking } = await h.confirmedLesson({ student_name: 'Sam Student', start_at: '2030-03-10T15:00:00Z' });
    const id = booking.meeting.id!;
    const status = async () => (await h.send('GET', `/api/bookings/${booking.id}`)).body;

    await h.postZoom(JSON.stringify(session(id, 'practice==', 'meeting.started', '2030-03-09T15:00:00Z')));
    await h.postZoom(
      JSON.stringify(
        participantEvent(id, 'joined', '2030-03-09T15:02:00Z', { uuid: 'SAM-0', name: 'Sam Student' }, 'practice=='),
      ),
    );
    await h.postZoom(
      JSON.stringify(
        participantEvent(id, 'left', '2030-03-09T15:12:00Z', { uuid: 'SAM-0', name: 'Sam Student' }, 'practice=='),
      ),
    );
    await h.postZoom(JSON.stringify(session(id, 'practice==', 'meeting.ended', '2030-03-09T15:20:00Z')));
    expect(await status()).toMatchObject({
      status: 'confirmed',
      started_at: null,
      ended_at: null,
      note: null,
      attendance: { student_minutes_attended: 0, no_show: false },
    });

    await h.postZoom(JSON.stringify(session(id, 'check==', 'meeting.started', '2030-03-10T14:10:00Z')));
    expect((await status()).status).toBe('in_progress');
    await h.postZoom(JSON.stringify(session(id, 'check==', 'meeting.ended', '2030-03-10T14:20:00Z')));
    expect(await status()).toMatchObject({ status: 'confirmed', started_at: null, note: null });

    await h.postZoom(JSON.stringify(session(id, 'real==', 'meeting.started', '2030-03-10T14:58:00Z')));
    await h.postZoom(JSON.stringify(session(id, 'real==', 'meeting.ended', '2030-03-10T16:00:00Z')));
    expect(await status()).toMatchObject({
      status: 'completed',
      started_at: '2030-03-10T14:58:00.000Z',
      ended_at: '2030-03-10T16:00:00.000Z',
    });
  });

  it('a meeting restarted after it ended is live again, and its open stays run to now', async () => {
    const h = harness({ now: () => Date.parse('2030-03-10T15:40:00Z') });
    const { booking } = await h.confirmedLesson({ student_name: 'Sam Student', start_at: '2030-03-10T15:00:00Z' });
    const id = booking.meeting.id!;
    const sam = { uuid: 'SAM-1', name: 'Sam Student' };
    await h.postZoom(JSON.stringify(session(id, 'one==', 'meeting.started', '2030-03-10T14:59:00Z')));
    await h.postZoom(JSON.stringify(participantEvent(id, 'joined', '2030-03-10T15:00:00Z', sam, 'one==')));
    await h.postZoom(JSON.stringify(participantEvent(id, 'left', '2030-03-10T15:20:00Z', sam, 'one==')));
    await h.postZoom(JSON.stringify(session(id, 'one==', 'meeting.ended', '2030-03-10T15:20:00Z')));
    await h.postZoom(JSON.stringify(session(id, 'two==', 'meeting.started', '2030-03-10T15:25:00Z')));
    await h.postZoom(
      JSON.stringify(
        participantEvent(id, 'joined', '2030-03-10T15:26:00Z', { uuid: 'SAM-2', name: 'Sam Student' }, 'two=='),
      ),
    );
    const live = (await h.send('GET', `/api/bookings/${booking.id}`)).body;
    expect(live).toMatchObject({ status: 'in_progress', ended_at: null });
    expect(live.attendance.student_minutes_attended).toBe(20 + 14);
    expect(live.attendance.participants[0].intervals.at(-1)).toEqual({
      joined_at: '2030-03-10T15:26:00.000Z',
      left_at: null,
    });
  });
});

describe('Zoom webhook: meetings deleted inside Zoom', () => {
  it('an upcoming lesson whose meeting the tutor deleted gets a new meeting', async () => {
    const h = harness();
    const { booking } = await h.confirmedLesson();
    h.z.zoom.deleteMeeting(booking.meeting.id!);
    await h.z.zoom.settled();
    expect(h.z.zoom.deliveries()).toEqual([expect.objectContaining({ event: 'meeting.deleted', status: 200 })]);
    const value = await waitFor(
      async () =>
        ((b) => b.meeting.state === 'ready' && b.meeting.id !== booking.meeting.id && b)(
          (await h.send('GET', `/api/bookings/${booking.id}`)).body,
        ),
      { what: 'the lesson to get a new meeting' },
    );
    expect(value.meeting.id).not.toBe(booking.meeting.id);
    expect(h.z.zoom.meeting(value.meeting.id)).toBeDefined();
    expect(h.z.creates()).toBe(2);
  });

  it('our own delete on cancel comes back as meeting.deleted and changes nothing', async () => {
    const h = harness();
    const { booking } = await h.confirmedLesson();
    await h.send('POST', `/api/bookings/${booking.id}/cancel`);
    await h.z.zoom.settled();
    const [delivery] = h.z.zoom.deliveries();
    expect(delivery).toMatchObject({ event: 'meeting.deleted', status: 200 });
    expect((await h.send('GET', `/api/bookings/${booking.id}`)).body).toMatchObject({
      status: 'cancelled',
      meeting: { state: 'none' },
    });
    expect(h.z.creates()).toBe(1);
  });
});

describe('the sandbox delivers like Zoom', () => {
  it('retries after a 5xx, never after a 4xx', async () => {
    let failNext = 1;
    const h = harness({
      webhookFetch: (forward) => async (input, init) => {
        if (failNext-- > 0) return new Response('{"error":"busy"}', { status: 503 });
        return forward(input, init);
      },
    });
    const { booking } = await h.confirmedLesson();
    const deliveries = await h.z.zoom.playLesson(booking.meeting.id!, { student_name: 'Sam', recording: false });
    expect(deliveries.slice(0, 3).map((d) => [d.event, d.attempt, d.status])).toEqual([
      ['meeting.started', 1, 503],
      ['meeting.started', 2, 200],
      ['meeting.participant_joined', 1, 200],
    ]);

    // The sandbox signs with a secret the Worker does not have: 401, and Zoom does not retry a 4xx.
    const mismatched = harness({
      sandbox: {
        webhook: {
          url: 'https://lessons.test/api/zoom/webhook',
          secretToken: 'wrong',
          fetch: (i, init) => toMismatched(i, init),
          retryDelaysMs: [1, 1, 1],
        },
      },
    });
    const toMismatched = async (i: RequestInfo | URL, init?: RequestInit) =>
      mismatched.app.fetch(new Request(i, init), mismatched.env);
    const lesson = await mismatched.confirmedLesson();
    const attempts = await mismatched.z.zoom.playLesson(lesson.booking.meeting.id!, {});
    expect(attempts.filter((d) => d.event === 'meeting.started').map((d) => d.status)).toEqual([401]);
  });

  it('Zoom can validate the endpoint against the Worker', async () => {
    const h = harness();
    expect(await h.z.zoom.validateEndpoint()).toMatchObject({ ok: true, status: 200 });
  });
});
