/**
 * The cases of the adversarial run (issue 13) kept fixed: hostile meeting links refused with nothing
 * stored, stored links checked again on read, signed nonsense from Zoom refused while odd but real
 * events are processed, floods limited per client, and the headers of every page.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import wranglerToml from '../../wrangler.toml?raw';
import { RATE_LIMIT_PERIOD_SECONDS } from '../../worker/rate-limits';
import { bookingInput, serviceInput, tutorInput } from '../suites/fixtures';
import { harness, type Sent } from './harness';

type Harness = ReturnType<typeof harness>;

const one = async <T>(sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first()) as T;
const rowsIn = async (table: string) => (await one<{ n: number }>(`select count(*) as n from ${table}`)).n;

/** How many rows each table holds: what "nothing was written" is checked against. */
async function everyTable(): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%'",
  ).all<{ name: string }>();
  return Object.fromEntries(await Promise.all(results.map(async ({ name }) => [name, await rowsIn(name)])));
}

/** The three links of a confirmed lesson, as the path each one opens. */
async function linksOf(h: Harness, bookingId: string) {
  const made = await h.send('POST', `/api/bookings/${bookingId}/links`);
  expect(made.status, JSON.stringify(made.body)).toBeLessThan(300);
  const path = (role: 'tutor' | 'student' | 'parent') => new URL(made.body[role].url).pathname;
  return { tutor: path('tutor'), student: path('student'), parent: path('parent') };
}
/** `/l/x` → `/api/lessons/x`: the view behind a stable link. */
const viewOf = (link: string) => link.replace(/^\/l\//, '/api/lessons/');

// Each entry: a link someone tried, and the provider it was given for (manual unless it says).
const HOSTILE: { name: string; link: string; provider?: 'google_meet' }[] = [
  { name: 'Zoom start link', link: 'https://us06web.zoom.us/s/85746065432?zak=eyJ0eXAiOiJKV1QifQ.x.y' },
  { name: 'zak in the fragment', link: 'https://us06web.zoom.us/j/85746065432#zak=eyJ0eXAiOiJKV1QifQ' },
  { name: 'zak in the query, another host', link: 'https://whereby.com/ms-rivera?zak=eyJ0eXAiOiJKV1QifQ' },
  { name: 'zak in the path', link: 'https://whereby.com/zak/eyJ0eXAiOiJKV1QifQ' },
  { name: 'zak percent-encoded', link: 'https://whereby.com/ms-rivera?%7Aak=eyJ0eXAiOiJKV1QifQ' },
  { name: 'Zoom web client start', link: 'https://us06web.zoom.us/wc/85746065432/start' },
  { name: 'Zoom join link with more than pwd', link: 'https://us06web.zoom.us/j/85746065432?pwd=a.1&uname=x' },
  { name: 'Zoom join link on another port', link: 'https://us06web.zoom.us:8443/j/85746065432' },
  { name: 'tab', link: 'https://whereby.com/ms-\trivera' },
  { name: 'CR/LF (header injection)', link: 'https://whereby.com/ms-rivera\r\nSet-Cookie: a=b' },
  { name: 'line feed at the end', link: 'https://whereby.com/ms-rivera\n' },
  { name: 'NUL', link: 'https://whereby.com/ms-rivera\u0000' },
  { name: 'bidi override', link: 'https://whereby.com/\u202egpj.exe' },
  { name: 'bidi isolate', link: 'https://whereby.com/ms-rivera\u2066' },
  { name: 'zero-width space in the host', link: 'https://where\u200bby.com/ms-rivera' },
  { name: 'zero-width joiner', link: 'https://whereby.com/ms\u200d-rivera' },
  { name: 'byte order mark', link: '\ufeffhttps://whereby.com/ms-rivera' },
  { name: 'soft hyphen in the host', link: 'https://where\u00adby.com/ms-rivera' },
  { name: 'Hangul filler', link: 'https://whereby.com/\u3164' },
  { name: 'line separator', link: 'https://whereby.com/ms-rivera\u2028' },
  { name: 'leading space', link: ' https://whereby.com/ms-rivera' },
  { name: 'trailing space', link: 'https://whereby.com/ms-rivera ' },
  { name: 'inner space', link: 'https://whereby.com/ms rivera' },
  { name: 'no-break space', link: 'https://whereby.com/ms-rivera\u00a0' },
  { name: 'Cyrillic о in zoom.us', link: 'https://z\u043e\u043em.us/j/85746065432' },
  { name: 'the same as punycode', link: 'https://xn--zm-fmca.us/j/85746065432' },
  { name: 'Greek ο in zoom.us', link: 'https://z\u03bfom.us/j/85746065432' },
  { name: 'all-Cyrillic look-alike of apple.com', link: 'https://\u0430\u0440\u0440\u04cf\u0435.com/room' },
  { name: 'fullwidth host', link: 'https://\uff5a\uff4f\uff4f\uff4d.us/j/85746065432' },
  { name: 'ideographic full stop', link: 'https://zoom\u3002us/j/85746065432' },
  { name: 'percent-encoded host', link: 'https://zo%6Fm.us/j/85746065432' },
  { name: 'a number as host', link: 'https://2130706433/room' },
  { name: 'credentials', link: 'https://user:secret@whereby.com/ms-rivera' },
  { name: 'empty credentials', link: 'https://@whereby.com/ms-rivera' },
  { name: 'plain http', link: 'http://whereby.com/ms-rivera' },
  { name: 'backslashes', link: 'https:\\\\whereby.com\\ms-rivera' },
  { name: 'javascript:', link: 'javascript:alert(document.cookie)' },
  { name: 'data:', link: 'data:text/html,<script>alert(1)</script>' },
  { name: 'too long', link: `https://whereby.com/${'a'.repeat(3000)}` },
  { name: 'Meet with a port', link: 'https://meet.google.com:8443/abc-defg-hij', provider: 'google_meet' },
  { name: 'Meet with a query', link: 'https://meet.google.com/abc-defg-hij?authuser=x@evil.example' },
  { name: 'Meet with a fragment', link: 'https://meet.google.com/abc-defg-hij#x', provider: 'google_meet' },
  { name: 'Meet with an empty query', link: 'https://meet.google.com/abc-defg-hij?', provider: 'google_meet' },
];

describe('hostile meeting links', () => {
  it('are refused with a 422 that names the field, on create, patch and backup link, and nothing is stored', async () => {
    const h = harness();
    const { tutor, service, booking } = await h.seed();
    const bookingRow = () =>
      one('select provider, meeting_url, join_url, updated_at from bookings where id = ?', booking.id);
    const before = { ...(await everyTable()), booking: await bookingRow() };
    for (const { name, link, provider = 'manual' } of HOSTILE) {
      const refused = (res: Sent, field: string) => {
        expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(422);
        expect(res.body.error.message, name).toContain(`${field}: `);
      };
      refused(
        await h.send('POST', '/api/bookings', {
          json: bookingInput(tutor.id, service.id, { provider, meeting_url: link }),
        }),
        'meeting_url',
      );
      refused(
        await h.send('PATCH', `/api/bookings/${booking.id}`, { json: { provider, meeting_url: link } }),
        'meeting_url',
      );
      refused(await h.send('POST', '/api/tutors', { json: tutorInput({ backup_link: link }) }), 'backup_link');
    }
    expect({ ...(await everyTable()), booking: await bookingRow() }).toEqual(before);
  });

  it('says what is wrong with each kind of link', async () => {
    const h = harness();
    const { tutor, service } = await h.seed();
    const problem = async (link: string) =>
      (
        await h.send('POST', '/api/bookings', {
          json: bookingInput(tutor.id, service.id, { provider: 'manual', meeting_url: link }),
        })
      ).body.error.message as string;
    expect(await problem('https://us06web.zoom.us/s/85746065432?zak=x')).toMatch(/start link.*join link/);
    expect(await problem('https://whereby.com/a\tb')).toMatch(/tabs/);
    expect(await problem('https://z\u043e\u043em.us/j/1')).toMatch(/one alphabet/);
    expect(await problem('http://whereby.com/x')).toMatch(/https:\/\//);
    expect(await problem('https://meet.google.com/abc-defg-hij?authuser=x')).toMatch(/nothing after the code/);
  });

  it('a link is stored and redirected to as normalized, never as sent', async () => {
    const h = harness();
    const tutor = await h.send('POST', '/api/tutors', {
      json: tutorInput({ backup_link: 'HTTPS://US06WEB.Zoom.US/j/85746065432?pwd=Ab.1' }),
    });
    expect(tutor.status).toBe(201);
    expect(tutor.body.backup_link).toBe('https://us06web.zoom.us/j/85746065432?pwd=Ab.1');
    expect(await one('select backup_link from tutors where id = ?', tutor.body.id)).toEqual({
      backup_link: 'https://us06web.zoom.us/j/85746065432?pwd=Ab.1',
    });

    const service = (await h.send('POST', '/api/services', { json: serviceInput(tutor.body.id) })).body;
    const booked = await h.send('POST', '/api/bookings', {
      json: bookingInput(tutor.body.id, service.id, {
        provider: 'manual',
        meeting_url: 'HTTPS://WhereBy.COM:443/ms-rivera',
      }),
    });
    expect(booked.status).toBe(201);
    await h.send('POST', `/api/bookings/${booked.body.id}/confirm`);
    const stored = () => one('select meeting_url, join_url from bookings where id = ?', booked.body.id);
    expect(await stored()).toEqual({
      meeting_url: 'https://whereby.com/ms-rivera',
      join_url: 'https://whereby.com/ms-rivera',
    });

    const patched = await h.send('PATCH', `/api/bookings/${booked.body.id}`, {
      json: { provider: 'google_meet', meeting_url: 'https://MEET.google.com:443/abc-defg-hij' },
    });
    expect(patched.status).toBe(200);
    expect(await stored()).toEqual({
      meeting_url: 'https://meet.google.com/abc-defg-hij',
      join_url: 'https://meet.google.com/abc-defg-hij',
    });
  });
});

describe('stored links are checked again on read', () => {
  // Rows written before today's rules: each is treated as no link at all.
  const STORED = [
    'https://whereby.com/ms-rivera\r\nSet-Cookie: a=b',
    'https://us06web.zoom.us/s/85746065432?zak=eyJ0eXAiOiJKV1QifQ',
    'https://meet.google.com/abc-defg-hij?authuser=x@evil.example',
    'https://z\u043e\u043em.us/j/85746065432',
    'javascript:alert(1)',
  ];

  it.each(STORED)('%j is no link: no view opens joining, no link redirects to it', async (bad) => {
    const h = harness();
    const start = new Date(Date.now() + 5 * 60_000).toISOString();
    const { booking } = await h.seed({
      provider: 'manual',
      meeting_url: 'https://whereby.com/ms-rivera',
      start_at: start,
    });
    expect((await h.send('POST', `/api/bookings/${booking.id}/confirm`)).body.meeting.state).toBe('ready');
    const links = await linksOf(h, booking.id);
    // With the good link, joining is open five minutes before the start.
    expect((await h.send('GET', viewOf(links.student), { operator: false })).body.joining_open).toBe(true);

    await env.DB.prepare('update bookings set join_url = ?, meeting_url = ? where id = ?')
      .bind(bad, bad, booking.id)
      .run();
    for (const link of Object.values(links)) {
      const view = await h.send('GET', viewOf(link), { operator: false });
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ joining_open: false });
      expect(['preparing', 'no_link']).toContain(view.body.phase);
      expect(view.text).not.toContain('whereby.com');
      for (const accept of ['text/html', 'application/json']) {
        const opened = await h.send('GET', link, { operator: false, headers: { accept } });
        expect(opened.status).toBeLessThan(500);
        expect(opened.headers.get('location') ?? '').not.toMatch(/whereby|zak|zоо|javascript|authuser/i);
      }
    }
  });
});

describe('signed Zoom bodies', () => {
  it('that cannot be read are a 400 and write nothing', async () => {
    const h = harness();
    const { booking } = await h.confirmedLesson();
    const id = booking.meeting.id;
    const before = await everyTable();
    const bodies = [
      'not json',
      '{"event": "meeting.started", ',
      'null',
      '[]',
      '"meeting.started"',
      '42',
      '{}',
      JSON.stringify({ payload: { object: { id, uuid: 'u==' } } }),
      JSON.stringify({ event: 17, payload: {} }),
      JSON.stringify({ event: null, payload: {} }),
      JSON.stringify({ event: 'meeting.started' }),
      JSON.stringify({ event: 'meeting.started', payload: null }),
      JSON.stringify({ event: 'meeting.started', payload: { object: null } }),
      JSON.stringify({ event: 'meeting.started', payload: { object: { id: { $gt: 0 }, uuid: 'u==' } } }),
      JSON.stringify({ event: 'meeting.started', payload: { object: { id } } }),
      JSON.stringify({ event: 'meeting.participant_joined', payload: { object: { id, uuid: 'u==' } } }),
      JSON.stringify({ event: 'recording.completed', payload: { object: { id, uuid: 'u==', recording_files: 'x' } } }),
      JSON.stringify({ event: 'app_deauthorized', payload: { user_id: '' } }),
    ];
    for (const body of bodies) {
      const res = await h.postZoom(body);
      expect([body, res.status, res.body?.error?.code]).toEqual([body, 400, 'invalid_event']);
    }
    expect(await everyTable()).toEqual(before);
  });

  it('that lack what the lesson does not need, or carry ids of either type and unknown fields, are processed', async () => {
    const h = harness();
    const { booking } = await h.confirmedLesson({ student_name: 'Sam Student', start_at: '2030-03-10T15:00:00Z' });
    const id = booking.meeting.id!;
    const session = { id, uuid: 'session-one==', host_id: 'host-user', brand_new_field: { nested: [1, 2] } };
    const joined = (participant: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        event: 'meeting.participant_joined',
        ...extra,
        payload: { object: { ...session, participant } },
      });
    const attendance = () =>
      env.DB.prepare('select participant_key, name, at from attendance_events where booking_id = ? order by at')
        .bind(booking.id)
        .all()
        .then((r) => r.results);

    const accepted = async (body: string) => {
      const res = await h.postZoom(body);
      expect([res.status, res.body]).toMatchObject([200, { received: true, handled: true }]);
    };
    // A 2020-era capture: no event_ts anywhere.
    await accepted(joined({ user_id: '16778240', user_name: 'Sam Student', join_time: '2030-03-10T15:01:00Z' }));
    // The same person joining again later, still without event_ts: a second join, not a duplicate.
    await accepted(joined({ user_id: '16778240', user_name: 'Sam Student', join_time: '2030-03-10T15:20:00Z' }));
    // Numeric ids where strings are usual, a numeric meeting id, and fields Zoom may add one day.
    await accepted(
      JSON.stringify({
        event: 'meeting.participant_joined',
        event_ts: String(Date.parse('2030-03-10T15:02:00Z')),
        future_top_level: true,
        payload: {
          account_id: 12345,
          object: {
            ...session,
            id: Number(id),
            host_id: 998877,
            participant: {
              user_id: 16778241,
              id: 42,
              participant_uuid: 7,
              user_name: 'Ms Rivera',
              join_time: 'soon',
              x: 1,
            },
          },
        },
      }),
    );
    expect(await attendance()).toEqual([
      expect.objectContaining({ participant_key: 'user:16778240', at: Date.parse('2030-03-10T15:01:00Z') }),
      expect.objectContaining({ participant_key: '7', name: 'Ms Rivera', at: Date.parse('2030-03-10T15:02:00Z') }),
      expect.objectContaining({ participant_key: 'user:16778240', at: Date.parse('2030-03-10T15:20:00Z') }),
    ]);
    // Redelivered as it was: still three.
    await h.postZoom(joined({ user_id: '16778240', user_name: 'Sam Student', join_time: '2030-03-10T15:01:00Z' }));
    expect(await attendance()).toHaveLength(3);

    // meeting.started with its id as a number, no event_ts and no host_id.
    const started = { id: Number(id), uuid: 'session-one==', start_time: '2030-03-10T14:59:00Z' };
    await accepted(JSON.stringify({ event: 'meeting.started', payload: { object: started } }));
    expect((await h.send('GET', `/api/bookings/${booking.id}`)).body.status).toBe('in_progress');

    // recording.completed with a string id, no event_ts, and one file we cannot read beside one we can.
    await accepted(
      JSON.stringify({
        event: 'recording.completed',
        payload: {
          object: {
            ...session,
            id: String(id),
            total_size: '12',
            recording_files: [
              { id: 'file-ok', file_type: 'MP4', file_size: 1000, recording_type: 'active_speaker', new: 'x' },
              { file_type: 'MP4' },
            ],
          },
        },
      }),
    );
    expect(
      (await env.DB.prepare('select id from recording_files where booking_id = ?').bind(booking.id).all()).results,
    ).toEqual([{ id: 'file-ok' }]);
  });
});

const PAGE_POLICY = {
  'default-src': "'none'",
  'script-src': "'self'",
  'img-src': "'self' data:",
  'connect-src': "'self'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
};
const sha256 = async (text: string) =>
  btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))));

/** The headers of an HTML page, and the page keeping to its own policy. */
async function expectPageHeaders(path: string, res: Sent) {
  const h = res.headers;
  const csp = Object.fromEntries(
    (h.get('content-security-policy') ?? '').split(';').map((d) => {
      const [name, ...value] = d.trim().split(/\s+/);
      return [name, value.join(' ')];
    }),
  );
  expect(csp, path).toMatchObject(PAGE_POLICY);
  expect(csp['style-src'], path).toMatch(/^'self'( 'sha256-[\w+/=]+')*$/);
  expect(h.get('x-content-type-options'), path).toBe('nosniff');
  expect(h.get('strict-transport-security'), path).toMatch(/^max-age=\d{8,}/);
  expect(h.get('referrer-policy'), path).toBe('no-referrer');
  expect(h.get('x-frame-options'), path).toBe('DENY');
  // The page keeps to its policy: no inline script or handlers, no style attributes, hashed style blocks.
  expect(res.text, path).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+=|\sstyle=/i);
  for (const [, css] of res.text.matchAll(/<style>([\s\S]*?)<\/style>/g))
    expect(csp['style-src'], path).toContain(`'sha256-${await sha256(css!)}'`);
}

/** The number a `[[ratelimits]]` binding of wrangler.toml is configured with. */
function configuredLimit(binding: string): { limit: number; period: number } {
  const block = wranglerToml.split('[[ratelimits]]').find((b) => b.includes(`name = "${binding}"`));
  const match = block && /simple = \{ limit = (\d+), period = (\d+) \}/.exec(block);
  if (!match) throw new Error(`wrangler.toml has no [[ratelimits]] ${binding} with simple = { limit, period }`);
  return { limit: Number(match[1]), period: Number(match[2]) };
}

/** A client address no other test uses: an IPv6 /64 of its own, as a home network has. */
const network = () =>
  `2001:db8:${Array.from(crypto.getRandomValues(new Uint16Array(2)), (n) => n.toString(16)).join(':')}`;

describe('rate limits on the public routes', () => {
  const { limit, period } = configuredLimit('PUBLIC_CLIENT_LIMIT');

  it('are the ones wrangler.toml configures, and the period the answer tells', () => {
    expect(period).toBe(RATE_LIMIT_PERIOD_SECONDS);
    expect(configuredLimit('PUBLIC_GLOBAL_LIMIT')).toMatchObject({ period: RATE_LIMIT_PERIOD_SECONDS });
    // The binding is the real one, from wrangler.toml, as Miniflare runs it.
    expect(typeof (env as unknown as Record<string, RateLimit>).PUBLIC_CLIENT_LIMIT?.limit).toBe('function');
  });

  /**
   * The binding counts in fixed windows of `period` seconds that the test cannot move. A fresh
   * client starts at zero, so its first `limit` requests always pass; if a window boundary falls
   * inside the flood the count starts again, so at most `limit` pass per window the flood touched.
   */
  const windowsTouched = (from: number, to: number) =>
    Math.floor(to / (period * 1000)) - Math.floor(from / (period * 1000)) + 1;
  function expectLimited(statuses: number[], from: number, to: number) {
    expect(statuses.slice(0, limit).filter((s) => s === 429)).toEqual([]);
    const passed = statuses.filter((s) => s !== 429).length;
    expect(passed).toBeGreaterThanOrEqual(limit);
    expect(passed).toBeLessThanOrEqual(limit * windowsTouched(from, to));
    if (windowsTouched(from, to) === 1) expect(statuses[limit]).toBe(429);
  }

  it('2,000 garbage links from one network get 429 with Retry-After, while a viewer elsewhere keeps reading', async () => {
    const h = harness();
    const { booking } = await h.confirmedLesson();
    const viewer = viewOf((await linksOf(h, booking.id)).student);
    const flood = network();
    const from = Date.now();
    const statuses: number[] = [];
    let refusal: Sent | undefined;
    for (let i = 0; i < 2000; i++) {
      // Two machines of the same home network: counted as one client.
      const res = await h.send('GET', `/api/lessons/garbage${i.toString(36)}x${'q'.repeat(20)}`, {
        operator: false,
        wait: false,
        headers: { 'cf-connecting-ip': `${flood}::${i % 2 ? 'a' : 'b'}` },
      });
      statuses.push(res.status);
      if (res.status === 429) refusal ??= res;
      if (i % 100 === 0) {
        const read = await h.send('GET', viewer, {
          operator: false,
          headers: { 'cf-connecting-ip': `${network()}::1` },
        });
        expect(read.status).toBe(200);
      }
    }
    expectLimited(statuses, from, Date.now());
    expect(refusal!.headers.get('retry-after')).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
    expect(refusal!.body.error).toMatchObject({
      code: 'rate_limited',
      message: expect.stringContaining('Wait a minute'),
    });
    // Readable by the page that asked, on any site, with when to come back.
    expect(refusal!.headers.get('access-control-allow-origin')).toBe('*');
    expect(refusal!.headers.get('access-control-expose-headers')).toMatch(/retry-after/i);

    // The same network opening a lesson link in a browser is told on a page.
    const page = await h.send('GET', '/l/garbage', {
      operator: false,
      headers: { 'cf-connecting-ip': `${flood}::c`, accept: 'text/html' },
    });
    if (windowsTouched(from, Date.now()) === 1) {
      expect(page.status).toBe(429);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain('Too many requests');
      expect(page.headers.get('retry-after')).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
      await expectPageHeaders('429 /l/garbage', page);
    }
  }, 120_000);

  it('a page of 20 lessons, open on four devices of one home network at once, is never limited', async () => {
    const h = harness();
    const lessons = await Promise.all(Array.from({ length: 20 }, () => h.confirmedLesson()));
    const views = await Promise.all(lessons.map(async ({ booking }) => viewOf((await linksOf(h, booking.id)).parent)));
    const home = '203.0.113.77';
    for (let reload = 0; reload < 3; reload++) {
      const reads = await Promise.all(
        Array.from({ length: 4 }, () =>
          Promise.all(views.map((v) => h.send('GET', v, { operator: false, headers: { 'cf-connecting-ip': home } }))),
        ),
      );
      expect(reads.flat().map((r) => r.status)).toEqual(Array(80).fill(200));
    }
  });

  it('a read of many links counts each link, so batching is no way around the limit', async () => {
    const h = harness();
    const ip = `${network()}::1`;
    const batch = (n: number) =>
      h.send('POST', '/api/lessons', {
        operator: false,
        wait: false,
        body: JSON.stringify({ links: Array.from({ length: 50 }, (_, i) => `garbage${n}x${i}`.padEnd(22, 'q')) }),
        headers: { 'cf-connecting-ip': ip, 'content-type': 'text/plain' },
      });
    const from = Date.now();
    const statuses: number[] = [];
    for (let n = 0; n < (2 * limit) / 50; n++) statuses.push((await batch(n)).status);
    const to = Date.now();
    const answered = statuses.filter((s) => s === 200).length;
    expect(answered * 50).toBeLessThanOrEqual(limit * windowsTouched(from, to));
    expect(statuses.slice(0, limit / 50 - 1)).toEqual(Array(limit / 50 - 1).fill(200));
    if (windowsTouched(from, to) === 1) expect(answered).toBe(limit / 50);
    const refused = await batch(-1);
    if (refused.status === 429) {
      expect(refused.body.error.code).toBe('rate_limited');
      expect(refused.headers.get('access-control-allow-origin')).toBe('*');
      expect(refused.headers.get('retry-after')).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
    }
  }, 60_000);

  it('the page of 20 lessons on four devices, read in one request each, is never limited either', async () => {
    const h = harness();
    const lessons = await Promise.all(Array.from({ length: 20 }, () => h.confirmedLesson()));
    const links = await Promise.all(
      lessons.map(async ({ booking }) => viewOf((await linksOf(h, booking.id)).parent).replace('/api/lessons/', '')),
    );
    const home = '203.0.113.78';
    for (let reload = 0; reload < 3; reload++) {
      const reads = await Promise.all(
        Array.from({ length: 4 }, () =>
          h.send('POST', '/api/lessons', {
            operator: false,
            body: JSON.stringify({ links }),
            headers: { 'cf-connecting-ip': home, 'content-type': 'text/plain' },
          }),
        ),
      );
      expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(reads.flatMap((r) => r.body.views.map((v: { status: number }) => v.status))).toEqual(Array(80).fill(200));
    }
  });

  it('the development mailbox is limited on a count of its own', async () => {
    const h = harness({ env: { DEV_TOOLS: 'on' } });
    const ip = `${network()}::1`;
    const from = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i <= limit; i++)
      statuses.push(
        (await h.send('GET', '/__dev/mailbox', { operator: false, wait: false, headers: { 'cf-connecting-ip': ip } }))
          .status,
      );
    expectLimited(statuses, from, Date.now());
    // Its lesson reads are counted apart.
    expect(
      (await h.send('GET', '/api/lessons/garbage', { operator: false, headers: { 'cf-connecting-ip': ip } })).status,
    ).not.toBe(429);
  }, 60_000);
});

describe('security headers', () => {
  it('every HTML page the Worker serves has them, and every JSON answer nosniff', async () => {
    const h = harness({ env: { DEV_TOOLS: 'on' } });
    const { booking } = await h.confirmedLesson();
    const links = await linksOf(h, booking.id);
    const { tutor } = await h.seed();
    const connect = await h.send('POST', `/api/tutors/${tutor.id}/zoom/connect`);
    // The tutor allows the connection at Zoom, and is sent back to our callback page.
    const consent = new URLSearchParams(new URL(connect.body.authorize_url).search);
    consent.set('email', 'ms.rivera@tutoring.example');
    const back = await h.z.zoom.fetch('https://zoom.sandbox/oauth/authorize', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: consent,
      redirect: 'manual',
    });
    const callback = new URL(back.headers.get('location')!);
    const slug = `rivera-${tutor.id.slice(3, 11)}`;
    await h.send('PATCH', `/api/tutors/${tutor.id}`, { json: { public_slug: slug } });

    const seeds = [
      '/',
      `/t/${slug}`,
      '/t/nobody-here',
      ...Object.values(links),
      `${links.student}x`,
      '/l/garbage',
      `${callback.pathname}${callback.search}`,
      '/zoom/oauth/callback?code=x&state=forged',
      '/zoom/oauth/callback',
    ];
    const pages = new Map<string, Sent>();
    const json: [string, Sent][] = [];
    // Walk: every seed, then every same-origin link on the pages found, as a browser would follow them.
    const queue = [...seeds];
    while (queue.length && pages.size < 50) {
      const path = queue.shift()!;
      if (pages.has(path)) continue;
      const res = await h.send('GET', path, { operator: false, headers: { accept: 'text/html' } });
      if (!res.headers.get('content-type')?.startsWith('text/html')) {
        json.push([path, res]);
        continue;
      }
      pages.set(path, res);
      for (const [, href] of res.text.matchAll(/\shref="([^"]+)"/g)) {
        const url = new URL(href!.replaceAll('&amp;', '&'), `https://lessons.test${path}`);
        // The development mailbox (linked from the front page under npm start) has a policy of its own.
        if (url.origin === 'https://lessons.test' && !/\.(css|js)$|^\/__dev\//.test(url.pathname))
          queue.push(`${url.pathname}${url.search}`);
      }
    }
    // The Zoom callback's two pages, the link error pages, and the lesson pages (where they exist).
    expect(pages.size).toBeGreaterThanOrEqual(4);
    expect([...pages.values()].some((p) => p.text.includes('Zoom is connected'))).toBe(true);
    for (const [path, res] of pages) await expectPageHeaders(path, res);

    for (const path of ['/health', '/openapi.json', viewOf(links.student), '/api/lessons/garbage', '/api/nothing']) {
      json.push([path, await h.send('GET', path, { operator: false })]);
    }
    json.push(['POST /api/zoom/webhook', await h.postZoom('null')]);
    json.push(['POST /api/bookings (no key)', await h.send('POST', '/api/bookings', { operator: false, json: {} })]);
    for (const [path, res] of json) {
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
  });
});
