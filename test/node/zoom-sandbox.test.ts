/**
 * The Zoom sandbox itself, driven in-process through its `fetch` (as the Worker's tests use it):
 * creates that land after the caller gave up, Zoom's paged meeting list, and what hosts carry
 * (the daily cap, overlaps).
 */
import { describe, expect, it } from 'vitest';
import { createZoomSandbox, type SandboxOptions } from '../../demo/zoom-sandbox';
import { serveZoomSandbox } from '../../demo/zoom-sandbox/serve';
import { waitFor } from '../suites/wait-for';

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

const keys = (o: object) => Object.keys(o).sort();

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

  it('records host overlaps by schedule among the meetings that exist', async () => {
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
    const served = (await (await w.zoom.fetch('https://zoom.sandbox/__sandbox/host-overlaps')).json()) as any;
    expect(served).toEqual({ scheduled, live });

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
  it('a dropped answer breaks the connection', async () => {
    const served = await serveZoomSandbox(0);
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
      expect(createRes.status).toBe(201);
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
