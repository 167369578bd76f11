/**
 * The Zoom sandbox itself, driven in-process through its `fetch` (as the Worker's tests use it):
 * the lesson player's waiting room, late and absent hosts, restarts and delivery quirks; recordings
 * and transcripts downloaded as Zoom serves them; creates that land after the caller gave up;
 * Zoom's paged meeting list; and what hosts carry (the daily cap, overlaps).
 */
import { describe, expect, it } from 'vitest';
import { createZoomSandbox, type SandboxOptions } from '../../demo/zoom-sandbox';
import { serveZoomSandbox } from '../../demo/zoom-sandbox/serve';
import { hmacHex } from '../../demo/zoom-sandbox/webhooks';
import { waitFor } from '../suites/wait-for';
import docAdmitted from '../fixtures/zoom/webhooks/meeting.participant_admitted.json';
import docJbhWaiting from '../fixtures/zoom/webhooks/meeting.participant_jbh_waiting.json';
import docJoinedWaiting from '../fixtures/zoom/webhooks/meeting.participant_joined_waiting_room.json';
import docLeftWaiting from '../fixtures/zoom/webhooks/meeting.participant_left_waiting_room.json';
import docStarted from '../fixtures/zoom/webhooks/meeting.started.json';
import docEnded from '../fixtures/zoom/webhooks/meeting.ended.json';
import docJoined from '../fixtures/zoom/webhooks/meeting.participant_joined.json';
import docLeft from '../fixtures/zoom/webhooks/meeting.participant_left.json';
import docRecording from '../fixtures/zoom/webhooks/recording.completed.json';
import docTranscript from '../fixtures/zoom/webhooks/recording.transcript_completed.json';

const SECRET = 'sandbox_test_secret_token';
const MIN = 60_000;
const HOUR = 3600_000;
const LESSON = '2030-03-10T15:00:00Z';
const at = (iso: string) => Date.parse(iso);

interface Received {
  event: string;
  body: string;
  json: any;
  headers: Headers;
}

/** A sandbox on a clock the test moves, whose webhooks land in `received`. */
function world(options: SandboxOptions = {}) {
  let clock = at('2030-03-10T16:10:00Z');
  const received: Received[] = [];
  const zoom = createZoomSandbox({
    now: () => clock,
    webhook: {
      url: 'https://lessons.test/api/zoom/webhook',
      secretToken: SECRET,
      retryDelaysMs: [],
      fetch: async (input, init) => {
        const req = new Request(input, init);
        const body = await req.text();
        const json = JSON.parse(body);
        received.push({ event: json.event, body, json, headers: req.headers });
        return new Response(null, { status: 200 });
      },
    },
    ...options,
  });
  let token: string | null = null;
  let tokenAt = 0;
  /** An S2S token, fetched again once the clock has moved past its hour. */
  async function accessToken() {
    if (token && clock - tokenAt < 3000_000) return token;
    tokenAt = clock;
    const res = await zoom.fetch('https://zoom.us/oauth/token?grant_type=account_credentials&account_id=dev_account', {
      method: 'POST',
      headers: { authorization: `Basic ${btoa('dev_client:dev_client_secret')}` },
    });
    token = ((await res.json()) as { access_token: string }).access_token;
    return token;
  }
  async function api(method: string, path: string, body?: unknown, init: RequestInit = {}) {
    return zoom.fetch(`https://api.zoom.us/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${await accessToken()}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      ...init,
    });
  }
  async function create({ settings, ...over }: Record<string, unknown> = {}, host = 'tutor@example.com') {
    const res = await api('POST', `/users/${host}/meetings`, {
      topic: 'Algebra II with Sam',
      type: 2,
      start_time: LESSON,
      duration: 60,
      timezone: 'America/New_York',
      agenda: 'booking bk_test',
      settings: { waiting_room: true, auto_recording: 'cloud', ...(settings as object) },
      ...over,
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number; uuid: string; host_id: string; start_time: string };
  }
  const events = () => received.map((r) => r.event);
  const named = (event: string) => received.filter((r) => r.event === event).map((r) => r.json);
  return {
    zoom,
    received,
    events,
    named,
    api,
    create,
    accessToken,
    now: () => clock,
    set: (t: number) => void (clock = t),
    advance: (ms: number) => void (clock += ms),
  };
}

/** Every delivery carries Zoom's signature over its exact bytes. */
async function expectSigned(received: Received[]) {
  expect(received.length).toBeGreaterThan(0);
  for (const r of received) {
    const ts = r.headers.get('x-zm-request-timestamp')!;
    expect(r.headers.get('x-zm-signature'), r.event).toBe(`v0=${await hmacHex(SECRET, `v0:${ts}:${r.body}`)}`);
    expect(r.headers.get('user-agent')).toBe('Zoom Marketplace/1.0a');
  }
}

const keys = (o: object) => Object.keys(o).sort();
/** Byte-for-byte equality, without a diff of a few hundred thousand elements. */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array) {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.compare(actual, expected), 'the bytes differ').toBe(0);
}
/** The same fields as Zoom's documented example, at each level that matters, with the same JSON types. */
function expectShape(actual: any, doc: any, { optional = [] as string[] } = {}) {
  const want = (o: object) => keys(o).filter((k) => !optional.includes(k));
  expect(keys(actual).filter((k) => !optional.includes(k))).toEqual(want(doc));
  const obj = actual.payload.object;
  const docObj = doc.payload.object;
  expect(keys(obj).filter((k) => !optional.includes(k))).toEqual(want(docObj));
  for (const k of keys(docObj)) if (k in obj) expect(typeof obj[k], `object.${k}`).toBe(typeof docObj[k]);
  if (docObj.participant) {
    expect(keys(obj.participant).filter((k) => !optional.includes(k))).toEqual(want(docObj.participant));
    for (const k of keys(obj.participant)) expect(typeof obj.participant[k], `participant.${k}`).toBe('string');
  }
}

describe('the lesson player', () => {
  it('plays the default lesson as before: events, order, times and shapes', async () => {
    const w = world();
    const m = await w.create({ settings: { waiting_room: false } });
    const deliveries = await w.zoom.playLesson(m.id, { student_name: 'Sam', late_minutes: 7, attend_minutes: 40 });
    const [joins, leaves] = ['meeting.participant_joined', 'meeting.participant_left'];
    const lesson = ['meeting.started', joins, joins, leaves, leaves, 'meeting.ended', 'recording.completed'];
    expect(deliveries.map((d) => d.event)).toEqual(lesson);
    expect(deliveries.map((d) => d.status)).toEqual(lesson.map(() => 200));
    await expectSigned(w.received);
    const [started, hostJoined, joined, left, hostLeft, ended, recording] = w.received.map((r) => r.json);
    expect(started.payload.object).toMatchObject({ id: String(m.id), start_time: '2030-03-10T14:59:00Z' });
    expect(joined.payload.object.participant).toMatchObject({ user_name: 'Sam', join_time: '2030-03-10T15:07:00Z' });
    expect(left.payload.object.participant).toMatchObject({ leave_time: '2030-03-10T15:47:00Z' });
    expect(hostJoined.payload.object.participant.id).toBe(m.host_id);
    expect(ended.payload.object.end_time).toBe('2030-03-10T16:00:00Z');
    expectShape(started, docStarted);
    expectShape(ended, docEnded);
    expectShape(joined, docJoined, { optional: ['phone_number'] });
    expectShape(left, docLeft, { optional: ['phone_number'] });
    expectShape(hostLeft, docLeft, {
      optional: ['phone_number', 'registrant_id', 'participant_user_id', 'customer_key'],
    });
    expectShape(recording, docRecording, { optional: ['participant_audio_files'] });
    expect(typeof recording.payload.object.id).toBe('number');
    expect(recording.payload.object.recording_files.map((f: any) => keys(f))).toEqual(
      recording.payload.object.recording_files.map(() => [...keys(docRecording.payload.object.recording_files[0]!)]),
    );
  });

  it('a student kept in the waiting room, then admitted, then in the meeting', async () => {
    const w = world();
    const m = await w.create();
    await w.zoom.playLesson(m.id, { student_name: 'Sam', late_minutes: 2, waiting_room_minutes: 4 });
    expect(w.events()).toEqual([
      'meeting.started',
      'meeting.participant_joined',
      'meeting.participant_joined_waiting_room',
      'meeting.participant_admitted',
      'meeting.participant_joined',
      'meeting.participant_left',
      'meeting.participant_left',
      'meeting.ended',
      'recording.completed',
    ]);
    await expectSigned(w.received);
    const [waiting] = w.named('meeting.participant_joined_waiting_room');
    const [admitted] = w.named('meeting.participant_admitted');
    const student = w.named('meeting.participant_joined')[1];
    expect(waiting.payload.object.participant.date_time).toBe('2030-03-10T15:02:00Z');
    expect(admitted.payload.object.participant.date_time).toBe('2030-03-10T15:06:00Z');
    expect(student.payload.object.participant.join_time).toBe('2030-03-10T15:06:00Z');
    expect(admitted.payload.object.participant.participant_uuid).toBe(
      student.payload.object.participant.participant_uuid,
    );
    expect(waiting.payload.object.uuid).toBe(student.payload.object.uuid);
    expectShape(waiting, docJoinedWaiting, { optional: ['phone_number'] });
    expectShape(admitted, docAdmitted, { optional: ['phone_number'] });
  });

  it('a student who only ever waits leaves the waiting room and never joins', async () => {
    const w = world();
    const m = await w.create();
    await w.zoom.playLesson(m.id, { waiting_room_minutes: 10, admitted: false });
    const [left] = w.named('meeting.participant_left_waiting_room');
    expect(left.payload.object.participant.date_time).toBe('2030-03-10T15:10:00Z');
    expectShape(left, docLeftWaiting, { optional: ['phone_number'] });
    expect(w.named('meeting.participant_admitted')).toEqual([]);
    // Only the host joins and leaves.
    expect(w.named('meeting.participant_joined').map((j) => j.payload.object.participant.user_name)).toEqual(['Tutor']);
    expect(w.named('meeting.participant_left')).toHaveLength(1);
  });

  it('refuses waiting-room events for a meeting without a waiting room, saying what to change', async () => {
    const w = world();
    const m = await w.create({ settings: { waiting_room: false } });
    await expect(w.zoom.playLesson(m.id, { waiting_room_minutes: 3 })).rejects.toThrow(/waiting room/);
    const res = await w.zoom.fetch(`https://zoom.sandbox/__sandbox/meetings/${m.id}/play`, {
      method: 'POST',
      body: JSON.stringify({ waiting_room_minutes: 3 }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/settings\.waiting_room/);
    expect(w.received).toEqual([]);
  });

  it('a student early for a late host: jbh_waiting (only id, name and key), then in once the host starts', async () => {
    const w = world();
    const m = await w.create({ settings: { waiting_room: false } });
    await w.zoom.playLesson(m.id, { host_late_minutes: 5 });
    expect(w.events().slice(0, 4)).toEqual([
      'meeting.participant_jbh_waiting',
      'meeting.started',
      'meeting.participant_joined',
      'meeting.participant_joined',
    ]);
    const [jbh] = w.named('meeting.participant_jbh_waiting');
    expectShape(jbh, docJbhWaiting);
    expect(keys(jbh.payload.object.participant)).toEqual(['customer_key', 'id', 'user_name']);
    expect(jbh.payload.object.start_time).toBe('2030-03-10T15:00:00Z');
    expect(jbh.event_ts).toBe(at(LESSON));
    const [started] = w.named('meeting.started');
    expect(started.payload.object.start_time).toBe('2030-03-10T15:05:00Z');
    expect(w.named('meeting.participant_joined')[1].payload.object.participant.join_time).toBe('2030-03-10T15:05:00Z');
  });

  it('with a waiting room, the early student waits for the host and then in the waiting room', async () => {
    const w = world();
    const m = await w.create();
    await w.zoom.playLesson(m.id, { host_late_minutes: 3, waiting_room_minutes: 2 });
    expect(w.events().slice(0, 6)).toEqual([
      'meeting.participant_jbh_waiting',
      'meeting.started',
      'meeting.participant_joined',
      'meeting.participant_joined_waiting_room',
      'meeting.participant_admitted',
      'meeting.participant_joined',
    ]);
    expect(w.named('meeting.participant_joined_waiting_room')[0].payload.object.participant.date_time).toBe(
      '2030-03-10T15:03:00Z',
    );
  });

  it('a lesson paused while live: Zoom says it started and who is in, and the rest comes on resume', async () => {
    const w = world();
    const m = await w.create({ settings: { waiting_room: false } });
    const live = await w.zoom.playLesson(m.id, { student_name: 'Sam', late_minutes: 5, pause_when_live: true });
    const joined = 'meeting.participant_joined';
    expect(live.map((d) => d.event)).toEqual(['meeting.started', joined, joined]);
    expect(w.zoom.meeting(m.id)?.status).toBe('started');
    await expect(w.zoom.playLesson(m.id, {})).rejects.toThrow(/paused while live: resume it/);

    const rest = await w.zoom.resumeLesson(m.id);
    const left = 'meeting.participant_left';
    expect(rest.map((d) => d.event)).toEqual([left, left, 'meeting.ended', 'recording.completed']);
    expect(w.zoom.meeting(m.id)?.status).toBe('waiting');
    await expect(w.zoom.resumeLesson(m.id)).rejects.toThrow(/No lesson is paused/);
    await expect(w.zoom.playLesson(m.id, { host_no_show: true, pause_when_live: true })).rejects.toThrow(
      /never goes live/,
    );
  });

  it('a host who never starts: only the waiting student is reported, nothing at all when nobody comes', async () => {
    const w = world();
    const m = await w.create({ settings: { waiting_room: false } });
    const deliveries = await w.zoom.playLesson(m.id, { host_no_show: true });
    expect(deliveries.map((d) => d.event)).toEqual(['meeting.participant_jbh_waiting']);
    expect(w.zoom.recordings()).toEqual([]);

    const empty = world();
    const other = await empty.create();
    expect(await empty.zoom.playLesson(other.id, { host_no_show: true, no_show: true })).toEqual([]);
    expect(empty.received).toEqual([]);
  });

  it('with join-before-host on, a student whose host never comes starts the meeting alone', async () => {
    const w = world();
    const m = await w.create({ settings: { waiting_room: false, join_before_host: true } });
    await w.zoom.playLesson(m.id, { host_no_show: true, late_minutes: 1, attend_minutes: 15 });
    expect(w.events()).toEqual([
      'meeting.started',
      'meeting.participant_joined',
      'meeting.participant_left',
      'meeting.ended',
      'recording.completed',
    ]);
    expect(w.named('meeting.started')[0].payload.object.start_time).toBe('2030-03-10T15:01:00Z');
    expect(w.named('meeting.ended')[0].payload.object.end_time).toBe('2030-03-10T15:16:00Z');
  });

  it('a student who never comes, and one who leaves early', async () => {
    const w = world();
    const absent = await w.create({ settings: { waiting_room: false } });
    await w.zoom.playLesson(absent.id, { no_show: true, recording: false });
    expect(w.events()).toEqual([
      'meeting.started',
      'meeting.participant_joined',
      'meeting.participant_left',
      'meeting.ended',
    ]);
    w.received.length = 0;
    const early = await w.create({ settings: { waiting_room: false } });
    await w.zoom.playLesson(early.id, { attend_minutes: 20, recording: false });
    const left = w.named('meeting.participant_left').find((l) => l.payload.object.participant.user_name === 'Student');
    expect(left.payload.object.participant).toMatchObject({
      user_name: 'Student',
      leave_time: '2030-03-10T15:20:00Z',
      leave_reason: 'Student left the meeting.',
    });
  });

  it('a restarted meeting: a second meeting.started with a new uuid under the same id, a recording each', async () => {
    const w = world();
    const m = await w.create({ settings: { waiting_room: false } });
    await w.zoom.playLesson(m.id, { restart_after_minutes: 20, restart_gap_minutes: 3 });
    const started = w.named('meeting.started');
    const ended = w.named('meeting.ended');
    expect(started).toHaveLength(2);
    expect(ended).toHaveLength(2);
    expect(new Set(started.map((s) => s.payload.object.id))).toEqual(new Set([String(m.id)]));
    const [first, second] = started.map((s) => s.payload.object.uuid);
    expect(first).not.toBe(second);
    expect(started[1].payload.object.start_time).toBe('2030-03-10T15:22:00Z');
    expect(ended.map((e) => [e.payload.object.uuid, e.payload.object.end_time])).toEqual([
      [first, '2030-03-10T15:19:00Z'],
      [second, '2030-03-10T16:00:00Z'],
    ]);
    const studentLeft = w
      .named('meeting.participant_left')
      .filter((l) => l.payload.object.participant.user_name === 'Student');
    expect(studentLeft.map((l) => l.payload.object.participant.leave_reason)).toEqual([
      'Student left the meeting.<br>Reason: Host ended the meeting.',
      'Student left the meeting.',
    ]);
    const joins = w
      .named('meeting.participant_joined')
      .filter((j) => j.payload.object.participant.user_name === 'Student');
    expect(joins[0].payload.object.participant.participant_uuid).toBe(
      joins[1].payload.object.participant.participant_uuid,
    );
    expect(w.named('recording.completed').map((r) => r.payload.object.uuid)).toEqual([first, second]);
    expect(w.events().indexOf('meeting.ended')).toBeLessThan(w.events().lastIndexOf('meeting.started'));
  });

  it('redelivers chosen events with the same bytes and a new request id, in a seeded shuffle', async () => {
    const w = world();
    const script = { redeliver: ['meeting.participant_joined', 'meeting.ended'], shuffle_seed: 7, recording: false };
    const m = await w.create({ settings: { waiting_room: false } });
    await w.zoom.playLesson(m.id, script);
    await expectSigned(w.received);
    expect(w.received).toHaveLength(6 + 3);
    const bodies = w.received.map((r) => r.body);
    for (const event of ['meeting.participant_joined', 'meeting.ended']) {
      const sent = w.received.filter((r) => r.event === event);
      expect(new Set(sent.map((r) => r.body)).size * 2).toBe(sent.length);
    }
    expect(new Set(w.received.map((r) => r.headers.get('x-zm-request-id'))).size).toBe(w.received.length);
    const timeline = [...bodies].sort((a, b) => JSON.parse(a).event_ts - JSON.parse(b).event_ts);
    expect(bodies).not.toEqual(timeline);

    const again = world();
    const n = await again.create({ settings: { waiting_room: false } });
    await again.zoom.playLesson(n.id, script);
    expect(again.events()).toEqual(w.events());
  });

  it('events without event_ts and with numeric ids are still signed over what is sent', async () => {
    const w = world();
    const m = await w.create({ settings: { waiting_room: false } });
    await w.zoom.playLesson(m.id, {
      omit_event_ts: ['meeting.participant_joined'],
      numeric_ids: true,
      recording: false,
    });
    await expectSigned(w.received);
    for (const r of w.received) {
      expect('event_ts' in r.json, r.event).toBe(r.event !== 'meeting.participant_joined');
      expect(r.json.payload.object.id).toBe(m.id);
    }
  });
});

describe('recordings and transcripts', () => {
  const sizes = { MP4: 300_001, M4A: 70_003, CHAT: 1_000 };

  async function recorded(script = {}, options: SandboxOptions = {}) {
    const w = world(options);
    const m = await w.create({ settings: { waiting_room: false } });
    await w.zoom.playLesson(m.id, { file_sizes: sizes, transcript: true, ...script });
    const [completed] = w.named('recording.completed');
    const [transcript] = w.named('recording.transcript_completed');
    return { ...w, m, completed, transcript };
  }
  const download = (w: ReturnType<typeof world>, url: string, token?: string, init: RequestInit = {}) =>
    w.zoom.fetch(url, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
    });
  /** Zoom's answer to a download it will not give: its sign-in page, with a 200. */
  async function expectRefused(res: Response) {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('Only the host can download this recording');
  }

  it('serves each file with the event’s download_token: a redirect, then the declared bytes and length', async () => {
    const w = await recorded();
    const files = w.completed.payload.object.recording_files;
    expect(files.map((f: any) => [f.file_type, f.file_size])).toEqual([
      ['MP4', 300_001],
      ['M4A', 70_003],
      ['CHAT', 1_000],
    ]);
    expect(w.completed.payload.object.total_size).toBe(371_004);
    for (const f of files) {
      const res = await download(w, f.download_url, w.completed.download_token);
      expect(res.status, f.file_type).toBe(200);
      expect(res.headers.get('content-length')).toBe(String(f.file_size));
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(bytes.length).toBe(f.file_size);
      expectSameBytes(bytes, w.zoom.recordingBytes(f.download_url));
    }
    const mp4 = w.zoom.recordingBytes(files[0].id);
    expect(new TextDecoder().decode(mp4.slice(4, 8))).toBe('ftyp');
    expectSameBytes(w.zoom.recordingBytes(files[0].id), mp4); // the same bytes every time

    const manual = await download(w, files[0].download_url, w.completed.download_token, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    const signed = new URL(manual.headers.get('location')!);
    expect(signed.pathname).toMatch(/^\/rec\/file\//);
    const part = await w.zoom.fetch(signed, { headers: { range: 'bytes=100-109' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-109/${files[0].file_size}`);
    expectSameBytes(new Uint8Array(await part.arrayBuffer()), mp4.slice(100, 110));
    w.advance(HOUR + 1);
    expect((await w.zoom.fetch(signed)).status).toBe(403); // the signed file URL is short-lived
  });

  it('refuses a missing, query-string, expired or other meeting’s token with Zoom’s 200 HTML page', async () => {
    const w = await recorded();
    const url = w.completed.payload.object.recording_files[0].download_url;
    await expectRefused(await download(w, url));
    await expectRefused(await download(w, `${url}?access_token=${w.completed.download_token}`));
    const other = await w.create({ settings: { waiting_room: false } });
    await w.zoom.playLesson(other.id, { file_sizes: sizes });
    await expectRefused(await download(w, url, w.named('recording.completed')[1].download_token));
    // An API access token opens it too; the event's token lasts 24 hours.
    expect((await download(w, url, await w.accessToken())).status).toBe(200);
    w.advance(24 * HOUR - 1);
    expect((await download(w, url, w.completed.download_token)).status).toBe(200);
    w.advance(1);
    await expectRefused(await download(w, url, w.completed.download_token));
  });

  it('GET /v2/meetings/{id}/recordings: the files and a fresh download_access_token for the ttl asked', async () => {
    const w = await recorded();
    w.advance(25 * HOUR);
    const plain = await w.api('GET', `/meetings/${w.m.id}/recordings`);
    expect(plain.status).toBe(200);
    const body = (await plain.json()) as any;
    expect(body).not.toHaveProperty('download_access_token');
    expect(body).toMatchObject({ id: w.m.id, uuid: w.completed.payload.object.uuid, type: '2', recording_count: 4 });
    expect(body.recording_files.map((f: any) => f.file_type)).toEqual(['MP4', 'M4A', 'CHAT', 'TRANSCRIPT']);
    expect(body.auto_delete_date).toBe(w.completed.payload.object.auto_delete_date);

    const fresh = (await (
      await w.api('GET', `/meetings/${w.m.id}/recordings?include_fields=download_access_token&ttl=60`)
    ).json()) as any;
    const url = fresh.recording_files[1].download_url;
    const res = await download(w, url, fresh.download_access_token);
    expectSameBytes(new Uint8Array(await res.arrayBuffer()), w.zoom.recordingBytes(url));
    w.advance(60_000);
    await expectRefused(await download(w, url, fresh.download_access_token));

    const byUuid = await w.api('GET', `/meetings/${encodeURIComponent(encodeURIComponent(body.uuid))}/recordings`);
    expect(((await byUuid.json()) as any).uuid).toBe(body.uuid);
    const tooLong = await w.api(
      'GET',
      `/meetings/${w.m.id}/recordings?include_fields=download_access_token&ttl=604801`,
    );
    expect(tooLong.status).toBe(400);
    const none = await w.api('GET', '/meetings/81234567890/recordings');
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ code: 3301, message: 'This recording does not exist.' });
  });

  it('recording.transcript_completed: Zoom’s shape, after the recording, its VTT downloaded alike', async () => {
    const w = await recorded({ transcript_lines: ['Tutor: Hola, Lucía.', 'Lucía: ¡Hola!'] });
    expect(w.events().slice(-2)).toEqual(['recording.completed', 'recording.transcript_completed']);
    await expectSigned(w.received);
    expectShape(w.transcript, docTranscript);
    expect(w.transcript.event_ts - w.completed.event_ts).toBe(60 * MIN);
    const [file] = w.transcript.payload.object.recording_files;
    expect(file).toMatchObject({ file_type: 'TRANSCRIPT', file_extension: 'VTT', recording_type: 'audio_transcript' });
    expect(keys(file)).toEqual(keys(docTranscript.payload.object.recording_files[0]!));
    expect(file.meeting_id).toBe(w.transcript.payload.object.uuid);
    const res = await download(w, file.download_url, w.transcript.download_token);
    expect(res.headers.get('content-type')).toMatch(/^text\/vtt/);
    expect(res.headers.get('content-length')).toBe(String(file.file_size));
    const vtt = await res.text();
    expect(vtt).toBe(
      'WEBVTT\n\n1\n00:00:01.000 --> 00:00:05.000\nTutor: Hola, Lucía.\n\n' +
        '2\n00:00:06.000 --> 00:00:10.000\nLucía: ¡Hola!\n',
    );
    expect(new TextEncoder().encode(vtt).length).toBe(file.file_size);

    const tokenless = await recorded({ transcript_download_token: false });
    expect(tokenless.transcript).not.toHaveProperty('download_token');
  });

  it('after the auto_delete_date the files and the API answer that the recording does not exist', async () => {
    const w = await recorded({ auto_delete_days: 2 });
    expect(w.completed.payload.object).toMatchObject({ auto_delete: true, auto_delete_date: '2030-03-12' });
    const url = w.completed.payload.object.recording_files[2].download_url;
    w.set(at('2030-03-11T23:59:59Z'));
    expect((await download(w, url, await w.accessToken())).status).toBe(200);
    w.set(at('2030-03-12T00:00:00Z'));
    const gone = await download(w, url, await w.accessToken());
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ status: false, errorCode: 3301 });
    const api = await w.api('GET', `/meetings/${w.m.id}/recordings?include_fields=download_access_token`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as any).code).toBe(3301);
  });

  it('downloads failing for 30 hours of sandbox time, then working with a fresh token', async () => {
    const w = await recorded();
    const url = w.completed.payload.object.recording_files[1].download_url;
    const until = w.now() + 30 * HOUR;
    w.zoom.addFault({ path: '/rec/download', status: 500, until });
    for (const hours of [0, 1, 12, 29]) {
      w.set(until - 30 * HOUR + hours * HOUR);
      expect((await download(w, url, w.completed.download_token)).status, `after ${hours} h`).toBe(500);
    }
    w.set(until);
    await expectRefused(await download(w, url, w.completed.download_token)); // the event's token is spent
    const fresh = (await (
      await w.api('GET', `/meetings/${w.m.id}/recordings?include_fields=download_access_token`)
    ).json()) as any;
    const res = await download(w, url, fresh.download_access_token);
    expect(res.status).toBe(200);
    expectSameBytes(new Uint8Array(await res.arrayBuffer()), w.zoom.recordingBytes(url));
    expect(w.zoom.calls().filter((c) => c.path.startsWith('/rec/download/') && c.status === 500)).toHaveLength(4);
  });

  it('a fault window can open later: nothing fails before `from`', async () => {
    const w = await recorded();
    const url = w.completed.payload.object.recording_files[2].download_url;
    w.zoom.addFault({ path: '/rec/download', status: 401, from: w.now() + HOUR, until: w.now() + 2 * HOUR });
    expect((await download(w, url, w.completed.download_token)).status).toBe(200);
    w.advance(HOUR);
    expect((await download(w, url, w.completed.download_token)).status).toBe(401);
  });
});

describe('a create Zoom applies after the caller gave up', () => {
  it('holds the create until released: the caller times out, the meeting appears only on release', async () => {
    const w = world();
    await w.accessToken();
    w.zoom.addFault(
      { method: 'POST', path: '/meetings', hold: true },
      { method: 'POST', path: '/meetings', hold: true },
    );
    const patient = w.create({ topic: 'patient' });
    await waitFor(() => w.zoom.held().length === 1, { what: 'the first create to be held' });
    const body = { topic: 'late', start_time: LESSON };
    const late = await w
      .api('POST', '/users/tutor@example.com/meetings', body, { signal: AbortSignal.timeout(30) })
      .catch((e: Error) => e);
    expect((late as Error).name).toBe('TimeoutError');
    const held = w.zoom.held();
    expect(held).toMatchObject([
      { method: 'POST', path: '/v2/users/tutor@example.com/meetings', abandoned: false },
      { method: 'POST', path: '/v2/users/tutor@example.com/meetings', abandoned: true },
    ]);
    expect(w.zoom.meetings()).toEqual([]); // Zoom has applied neither

    expect(await w.zoom.release(held[1]!.id)).toBe(1);
    expect(w.zoom.meetings().map((m) => m.topic)).toEqual(['late']); // it lands after its caller gave up
    expect(w.zoom.calls().at(-1)).toMatchObject({ method: 'POST', status: 201, abandoned: true });

    expect(await w.zoom.release()).toBe(1);
    expect((await patient).id).toBe(w.zoom.meetings()[1]!.id); // the caller still waiting gets its 201
    expect(w.zoom.held()).toEqual([]);
  });

  it('held requests can be seen and released through the control endpoints', async () => {
    const w = world();
    await w.zoom.fetch('https://zoom.sandbox/__sandbox/faults', {
      method: 'POST',
      body: JSON.stringify({ method: 'POST', path: '/meetings', hold: true }),
    });
    const creating = w.create({});
    await waitFor(() => w.zoom.held().length === 1, { what: 'the create to be held' });
    const held = (await (await w.zoom.fetch('https://zoom.sandbox/__sandbox/held')).json()) as { id: string }[];
    expect(held).toHaveLength(1);
    expect(w.zoom.meetings()).toEqual([]);
    const released = await w.zoom.fetch('https://zoom.sandbox/__sandbox/held/release', { method: 'POST', body: '{}' });
    expect(await released.json()).toEqual({ released: 1 });
    expect(w.zoom.meetings()).toHaveLength(1);
    expect((await creating).id).toBe(w.zoom.meetings()[0]!.id);
  });

  it('a response dropped after the meeting was made: the fetch rejects, the meeting exists', async () => {
    const w = world();
    w.zoom.addFault({ method: 'POST', path: '/meetings', drop: true, afterEffect: true });
    await expect(w.api('POST', '/users/tutor@example.com/meetings', { start_time: LESSON })).rejects.toThrow(
      'Network connection lost.',
    );
    expect(w.zoom.meetings()).toHaveLength(1);
    w.zoom.addFault({ method: 'POST', path: '/meetings', drop: true });
    await expect(w.api('POST', '/users/tutor@example.com/meetings', { start_time: LESSON })).rejects.toThrow(TypeError);
    expect(w.zoom.meetings()).toHaveLength(1);
    // The older form: Zoom applies the create and answers 504.
    w.zoom.addFault({ method: 'POST', path: '/meetings', status: 504, afterEffect: true });
    expect((await w.api('POST', '/users/tutor@example.com/meetings', { start_time: LESSON })).status).toBe(504);
    expect(w.zoom.meetings()).toHaveLength(2);
  });
});

describe('a flaky Zoom: a share of the calls fails', () => {
  it('fails about the share asked for, for as long as the window lasts; the other calls work', async () => {
    const w = world();
    await w.accessToken();
    w.zoom.addFault({ method: 'POST', path: '/meetings', status: 500, share: 0.3, until: w.now() + HOUR });
    const statuses = [];
    // 100 calls: under the host's daily cap of 100 creates whatever the draw.
    for (let i = 0; i < 100; i++)
      statuses.push((await w.api('POST', '/users/tutor@example.com/meetings', { start_time: LESSON })).status);
    const failed = statuses.filter((s) => s === 500).length;
    // 100 draws at 30%: outside 5 to 55 is rarer than one run in ten million.
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(55);
    expect(statuses.filter((s) => s === 201)).toHaveLength(100 - failed);
    expect(w.zoom.meetings()).toHaveLength(100 - failed);
    w.advance(HOUR);
    expect((await w.api('POST', '/users/tutor@example.com/meetings', { start_time: LESSON })).status).toBe(201);
  });
});

describe('listing a host’s meetings as Zoom pages them', () => {
  it('30 a page by default, at most 300, with a next_page_token to the rest', async () => {
    const w = world();
    for (let i = 0; i < 31; i++)
      await w.create({
        start_time: new Date(at('2030-04-01T10:00:00Z') + i * HOUR).toISOString(),
        agenda: `booking ${i}`,
      });
    const list = async (query: string) =>
      (await (await w.api('GET', `/users/tutor@example.com/meetings${query}`)).json()) as any;
    const first = await list('?type=upcoming');
    expect(first).toMatchObject({ page_size: 30, total_records: 31 });
    expect(first.meetings).toHaveLength(30);
    expect(first.meetings.map((m: any) => m.agenda)).not.toContain('booking 30');
    expect(first.next_page_token).toMatch(/^\w{32}$/);
    expect(keys(first.meetings[0])).toEqual([
      'agenda',
      'created_at',
      'duration',
      'host_id',
      'id',
      'join_url',
      'start_time',
      'timezone',
      'topic',
      'type',
      'uuid',
    ]);
    const second = await list(`?type=upcoming&next_page_token=${first.next_page_token}`);
    expect(second.meetings.map((m: any) => m.agenda)).toEqual(['booking 30']);
    expect(second.next_page_token).toBe('');
    expect((await list('?page_size=300')).meetings).toHaveLength(31);
    expect((await list('?page_size=1000')).page_size).toBe(300);

    w.advance(15 * MIN);
    const stale = await w.api(
      'GET',
      `/users/tutor@example.com/meetings?type=upcoming&next_page_token=${first.next_page_token}`,
    );
    expect(stale.status).toBe(400);
    expect((await w.api('GET', '/users/tutor@example.com/meetings?type=someday')).status).toBe(400);
  });

  it('type scheduled (the default), upcoming, live and previous_meetings', async () => {
    const w = world();
    const past = await w.create({ start_time: '2030-03-09T15:00:00Z' });
    const now = await w.create({ start_time: '2030-03-10T15:30:00Z' });
    const later = await w.create({ start_time: '2030-03-11T15:00:00Z' });
    await w.create({}, 'someone.else@example.com');
    const ids = async (type?: string) => {
      const res = await w.api('GET', `/users/tutor@example.com/meetings${type ? `?type=${type}` : ''}`);
      return ((await res.json()) as any).meetings.map((m: any) => m.id);
    };
    expect(await ids()).toEqual([past.id, now.id, later.id]);
    expect(await ids('scheduled')).toEqual([past.id, now.id, later.id]);
    expect(await ids('upcoming')).toEqual([now.id, later.id]);
    expect(await ids('upcoming_meetings')).toEqual([now.id, later.id]);
    expect(await ids('previous_meetings')).toEqual([past.id]);
    expect(await ids('live')).toEqual([]);
    w.zoom.meeting(now.id)!.status = 'started';
    expect(await ids('live')).toEqual([now.id]);
  });
});

describe('what Zoom hosts carry', () => {
  it('counts creates and updates per host per UTC day by the sandbox clock', async () => {
    const w = world({ dailyCap: 2 });
    w.set(at('2030-03-10T23:58:00Z'));
    const a = await w.create();
    await w.create();
    const refused = await w.api('POST', '/users/tutor@example.com/meetings', { start_time: LESSON });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as any).message).toMatch(/daily rate limit \(2\)/);
    expect((await w.api('PATCH', `/meetings/${a.id}`, { duration: 45 })).status).toBe(429);
    expect((await w.api('POST', '/users/other@example.com/meetings', { start_time: LESSON })).status).toBe(201);
    w.set(at('2030-03-11T00:00:00Z'));
    expect((await w.api('PATCH', `/meetings/${a.id}`, { duration: 45 })).status).toBe(204);
    const host = a.host_id;
    expect(w.zoom.dailyUsage().filter((d) => d.host_id === host)).toEqual([
      { host_id: host, date: '2030-03-10', used: 2, refused: 2 },
      { host_id: host, date: '2030-03-11', used: 1, refused: 0 },
    ]);
    const served = (await (await w.zoom.fetch('https://zoom.sandbox/__sandbox/daily-usage')).json()) as any;
    expect(served.daily_cap).toBe(2);
    expect(served.hosts).toEqual(w.zoom.dailyUsage());
  });

  it('records host overlaps: by schedule among existing meetings, and sessions live at the same time', async () => {
    const w = world();
    const a = await w.create({ start_time: '2030-03-10T15:00:00Z', settings: { waiting_room: false } });
    const b = await w.create({ start_time: '2030-03-10T15:30:00Z', settings: { waiting_room: false } });
    await w.create({ start_time: '2030-03-10T16:30:00Z' }); // back to back with b: no overlap
    await w.create({ start_time: '2030-03-10T15:00:00Z' }, 'another.tutor@example.com');
    const { scheduled, live } = w.zoom.hostOverlaps();
    expect(live).toEqual([]);
    expect(scheduled).toEqual([
      {
        kind: 'scheduled',
        host_id: a.host_id,
        meetings: [
          { id: a.id, start: '2030-03-10T15:00:00Z', end: '2030-03-10T16:00:00Z' },
          { id: b.id, start: '2030-03-10T15:30:00Z', end: '2030-03-10T16:30:00Z' },
        ],
        overlap_minutes: 30,
      },
    ]);
    await w.zoom.playLesson(a.id, { recording: false });
    await w.zoom.playLesson(b.id, { recording: false });
    const served = (await (await w.zoom.fetch('https://zoom.sandbox/__sandbox/host-overlaps')).json()) as any;
    expect(served.live).toHaveLength(1);
    expect(served.live[0]).toMatchObject({ kind: 'live', host_id: a.host_id, overlap_minutes: 31 });
    expect(served.live[0].meetings.map((m: any) => m.id)).toEqual([a.id, b.id]);

    expect((await w.api('PATCH', `/meetings/${b.id}`, { start_time: '2030-03-10T18:00:00Z' })).status).toBe(204);
    expect(w.zoom.hostOverlaps().scheduled).toEqual([]);
  });

  it('stays cheap for 10,000 meetings over 500 hosts', async () => {
    const w = world();
    const base = at('2030-05-01T08:00:00Z');
    for (let i = 0; i < 10_000; i++) {
      const host = `tutor${i % 500}@example.com`;
      const slot = Math.floor(i / 500); // 20 lessons a host, an hour apart
      const start = base + slot * HOUR + (i % 500 === 7 && slot === 3 ? 30 * MIN : 0); // one host double-booked
      const res = await w.api('POST', `/users/${host}/meetings`, {
        start_time: new Date(start).toISOString(),
        duration: 60,
      });
      expect(res.status).toBe(201);
    }
    const started = performance.now();
    const { scheduled } = w.zoom.hostOverlaps();
    const ms = performance.now() - started;
    expect(scheduled).toHaveLength(1); // one host's fourth lesson, moved half an hour, runs into its fifth
    expect(ms).toBeLessThan(2_000);
  });
});

describe('the sandbox served over HTTP', () => {
  it('recording links point at the server; a dropped answer breaks the connection', async () => {
    const received: any[] = [];
    const served = await serveZoomSandbox(0, {
      webhook: {
        url: 'https://lessons.test/api/zoom/webhook',
        secretToken: SECRET,
        retryDelaysMs: [],
        fetch: async (_input, init) => {
          received.push(JSON.parse(String(init?.body)));
          return new Response(null, { status: 200 });
        },
      },
    });
    try {
      const tokenRes = await fetch(`${served.url}/oauth/token?grant_type=account_credentials&account_id=dev_account`, {
        method: 'POST',
        headers: { authorization: `Basic ${btoa('dev_client:dev_client_secret')}` },
      });
      const { access_token } = (await tokenRes.json()) as { access_token: string };
      const auth = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
      const createRes = await fetch(`${served.url}/v2/users/tutor@example.com/meetings`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ start_time: LESSON, duration: 30 }),
      });
      const meeting = (await createRes.json()) as { id: number };
      await fetch(`${served.url}/__sandbox/meetings/${meeting.id}/play`, {
        method: 'POST',
        body: JSON.stringify({ recording: true, file_sizes: { MP4: 200_000, M4A: 1000, CHAT: 100 } }),
      });
      const done = received.find((r) => r.event === 'recording.completed');
      const file = done.payload.object.recording_files[0];
      expect(file.download_url.startsWith(`${served.url}/rec/download/`)).toBe(true);
      const res = await fetch(file.download_url, { headers: { authorization: `Bearer ${done.download_token}` } });
      expect(res.status).toBe(200);
      expect(res.redirected).toBe(true);
      expectSameBytes(new Uint8Array(await res.arrayBuffer()), served.sandbox.recordingBytes(file.id));

      served.sandbox.addFault({ method: 'POST', path: '/meetings', drop: true, afterEffect: true });
      await expect(
        fetch(`${served.url}/v2/users/tutor@example.com/meetings`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ start_time: LESSON }),
        }),
      ).rejects.toThrow(TypeError);
      expect(served.sandbox.meetings()).toHaveLength(2);
    } finally {
      await served.close();
    }
  });
});
