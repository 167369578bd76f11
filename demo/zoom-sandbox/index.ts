/**
 * A local Zoom: the S2S token endpoint and the meetings API, speaking Zoom's formats and errors
 * (see the Zoom reference facts), with a log of every call and switches for Zoom's failures.
 * It runs in Node for `npm start` and inside workerd for tests; it is never part of the Worker.
 */
import { Hono, type Context } from 'hono';
import { jwtLike, meetingNumber, meetingUuid, nextUtcMidnight, parseStartTime, randomString, trackingId, zoomTime } from './zoom-ids';

export interface SandboxAccount {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

export interface SandboxOptions {
  /** The S2S apps the token endpoint accepts. Defaults to the development app in `.dev.vars.example`. */
  accounts?: SandboxAccount[];
  /** Zoom's create+update cap per host user per UTC day. */
  dailyCap?: number;
  /** `expires_in` of issued tokens (Zoom: 3599). */
  tokenTtlSeconds?: number;
  /** Zoom's old behaviour: a new S2S token invalidates the account's previous one. */
  legacySingleToken?: boolean;
  /** Only these host users exist (id or email); any user exists when unset. */
  users?: string[];
  /** Where the links point; Zoom's are regional subdomains like us06web. */
  webBase?: string;
  now?: () => number;
}

export interface SandboxCall {
  at: string;
  method: string;
  path: string;
  status: number;
  query?: string;
}

/** A scripted failure for the next matching calls. */
export interface Fault {
  method?: string;
  /** Matches when the request path contains this text, e.g. `/meetings`. */
  path?: string;
  status?: number;
  body?: unknown;
  /** Sent as Retry-After: seconds (number) or an HTTP date / ISO string. */
  retryAfter?: number | string;
  /** Wait this long before answering (a slow Zoom, or longer than the client's timeout). */
  delayMs?: number;
  /** Apply the request and still answer with the fault (the response was lost). */
  afterEffect?: boolean;
  /** How many matching calls it affects; default 1. */
  times?: number;
}

export interface SandboxMeeting {
  uuid: string;
  id: number;
  host_id: string;
  host_email: string;
  topic: string;
  type: number;
  status: 'waiting' | 'started';
  start_time: string;
  duration: number;
  timezone: string;
  agenda: string;
  created_at: string;
  password: string;
  h323_password: string;
  pstn_password: string;
  encrypted_password: string;
  settings: Record<string, unknown>;
  pre_schedule: boolean;
  creation_source: 'open_api';
}

interface HostUser {
  id: string;
  email: string;
}

export const DEV_ACCOUNT: SandboxAccount = {
  accountId: 'dev_account',
  clientId: 'dev_client',
  clientSecret: 'dev_client_secret',
};

const zoomError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({ code, message, ...extra });

export function createZoomSandbox(options: SandboxOptions = {}) {
  const now = options.now ?? Date.now;
  const accounts = options.accounts ?? [DEV_ACCOUNT];
  const dailyCap = options.dailyCap ?? 100;
  const webBase = options.webBase ?? 'https://us06web.zoom.us';

  const tokens = new Map<string, { accountId: string; expiresAt: number }>();
  const meetings = new Map<number, SandboxMeeting>();
  const users = new Map<string, HostUser>();
  const daily = new Map<string, number>();
  const calls: SandboxCall[] = [];
  let faults: Fault[] = [];

  function hostUser(idOrEmail: string): HostUser | null {
    const key = idOrEmail.toLowerCase();
    if (options.users && !options.users.some((u) => u.toLowerCase() === key)) return null;
    let user = users.get(key);
    if (!user) {
      user = { id: randomString(22), email: key.includes('@') ? key : `${key}@example.com` };
      users.set(key, user);
      users.set(user.id.toLowerCase(), user);
    }
    return user;
  }

  /** Counts a create or update against the host's daily cap; false when the cap is reached. */
  function spendDaily(hostId: string): boolean {
    const key = `${hostId}:${new Date(now()).toISOString().slice(0, 10)}`;
    const used = daily.get(key) ?? 0;
    if (used >= dailyCap) return false;
    daily.set(key, used + 1);
    return true;
  }

  const dailyCapped = (c: Context) => {
    c.header('X-RateLimit-Category', 'Light');
    c.header('X-RateLimit-Type', 'Daily-limit');
    c.header('X-RateLimit-Limit', String(dailyCap));
    c.header('X-RateLimit-Remaining', '0');
    return c.json(
      zoomError(
        429,
        `You have exceeded the daily rate limit (${dailyCap}) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.`,
      ),
      429,
    );
  };

  const withLinks = (m: SandboxMeeting) => {
    const iat = Math.floor(now() / 1000);
    const zak = jwtLike({ aud: 'clientsm', uid: m.host_id, iss: 'web', sty: 100, wcd: 'us06', mnum: String(m.id), exp: iat + 7200, iat });
    return {
      ...m,
      start_url: `${webBase}/s/${m.id}?zak=${zak}`,
      join_url: `${webBase}/j/${m.id}?pwd=${m.encrypted_password}`,
    };
  };

  async function readJson(c: Context): Promise<Record<string, unknown> | null> {
    try {
      const body = await c.req.json();
      return body && typeof body === 'object' && !Array.isArray(body) ? body : null;
    } catch {
      return null;
    }
  }

  const app = new Hono();

  // Zoom's own API: logged, and subject to the scripted faults.
  app.use('/oauth/*', logAndFault);
  app.use('/v2/*', logAndFault);
  async function logAndFault(c: Context, next: () => Promise<void>) {
    const url = new URL(c.req.url);
    const index = faults.findIndex((f) => (!f.method || f.method === c.req.method) && (!f.path || url.pathname.includes(f.path)));
    const fault = index >= 0 ? faults[index]! : null;
    if (fault && (fault.times ?? 1) <= 1) faults.splice(index, 1);
    else if (fault) fault.times = (fault.times ?? 1) - 1;

    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.status && !fault.afterEffect) {
      c.res = faultResponse(fault);
    } else {
      await next();
      if (fault?.status) c.res = faultResponse(fault);
    }
    c.res.headers.set('x-zm-trackingid', trackingId());
    calls.push({ at: new Date(now()).toISOString(), method: c.req.method, path: url.pathname, status: c.res.status, ...(url.search ? { query: url.search.slice(1) } : {}) });
  }

  function faultResponse(fault: Fault): Response {
    const status = fault.status!;
    const headers = new Headers({ 'content-type': 'application/json;charset=UTF-8' });
    if (fault.retryAfter !== undefined) headers.set('Retry-After', String(fault.retryAfter));
    if (status === 429) headers.set('X-RateLimit-Type', fault.retryAfter === undefined ? 'QPS' : 'Daily-limit');
    const body =
      fault.body ??
      (status === 429
        ? zoomError(429, 'You have reached the maximum per-second rate limit for this API. Try again later.')
        : status >= 500
          ? zoomError(status, 'Internal server error.')
          : zoomError(status, 'Simulated failure.'));
    return new Response(JSON.stringify(body), { status, headers });
  }

  app.post('/oauth/token', async (c) => {
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    const [clientId, clientSecret] = basic ? atob(basic[1]!).split(':') : [];
    const form = c.req.header('content-type')?.includes('application/x-www-form-urlencoded')
      ? new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()))
      : new URLSearchParams();
    const param = (name: string) => c.req.query(name) ?? form.get(name) ?? undefined;
    const account = accounts.find((a) => a.clientId === clientId && a.clientSecret === clientSecret);
    if (!account) return c.json({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' }, 400);
    if (param('grant_type') !== 'account_credentials') return c.json({ reason: 'Unsupported grant type', error: 'unsupported_grant_type' }, 400);
    if (param('account_id') !== account.accountId) return c.json({ reason: 'Account does not exist', error: 'invalid_request' }, 400);
    if (options.legacySingleToken) for (const [t, v] of tokens) if (v.accountId === account.accountId) tokens.delete(t);
    const ttl = options.tokenTtlSeconds ?? 3599;
    const iat = Math.floor(now() / 1000);
    const token = jwtLike({ aud: 'https://oauth.zoom.us', uid: account.accountId, ver: 10, nbf: iat, iat, exp: iat + ttl });
    tokens.set(token, { accountId: account.accountId, expiresAt: now() + ttl * 1000 });
    return c.json({
      access_token: token,
      token_type: 'bearer',
      expires_in: ttl,
      scope: 'meeting:write:meeting:admin meeting:read:meeting:admin meeting:update:meeting:admin meeting:delete:meeting:admin',
      api_url: 'https://api.zoom.us',
    });
  });

  app.use('/v2/*', async (c, next) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const known = bearer ? tokens.get(bearer[1]!) : undefined;
    if (!known) return c.json(zoomError(124, 'Invalid access token.'), 401);
    if (known.expiresAt <= now()) return c.json(zoomError(124, 'Access token is expired.'), 401);
    await next();
  });

  app.post('/v2/users/:userId/meetings', async (c) => {
    const user = hostUser(c.req.param('userId'));
    if (!user) return c.json(zoomError(1001, `User does not exist: ${c.req.param('userId')}.`), 404);
    const body = await readJson(c);
    if (!body) return c.json(zoomError(300, 'Request Body should be a valid JSON object.'), 400);
    const password = body.password === undefined ? randomString(6) : String(body.password);
    const timezone = typeof body.timezone === 'string' ? body.timezone : 'UTC';
    let type = typeof body.type === 'number' ? body.type : 2;
    let start = typeof body.start_time === 'string' ? parseStartTime(body.start_time, timezone) : now();
    if (body.start_time === undefined && type === 2) type = 1;
    if (start === null) return c.json(zoomError(300, 'Validation Failed.', { errors: [{ field: 'start_time', message: 'Invalid field.' }] }), 400);
    if (!/^[A-Za-z0-9@_*-]{1,10}$/.test(password))
      return c.json(zoomError(300, 'Validation Failed.', { errors: [{ field: 'password', message: 'Invalid field.' }] }), 400);
    if (!spendDaily(user.id)) return dailyCapped(c);
    const settings = { ...((body.settings as Record<string, unknown>) ?? {}) };
    if (settings.waiting_room) settings.join_before_host = false;
    const digits = String(Math.floor(100000 + Math.random() * 899999));
    const meeting: SandboxMeeting = {
      uuid: meetingUuid(),
      id: meetingNumber(),
      host_id: user.id,
      host_email: user.email,
      topic: String(body.topic ?? 'Zoom Meeting'),
      type,
      status: 'waiting',
      start_time: zoomTime(start),
      duration: typeof body.duration === 'number' ? body.duration : 60,
      timezone,
      agenda: String(body.agenda ?? ''),
      created_at: zoomTime(now()),
      password,
      h323_password: digits,
      pstn_password: digits,
      encrypted_password: `${randomString(32)}.1`,
      settings: { waiting_room: false, join_before_host: false, auto_recording: 'none', approval_type: 2, ...settings },
      pre_schedule: false,
      creation_source: 'open_api',
    };
    meetings.set(meeting.id, meeting);
    return c.json(withLinks(meeting), 201);
  });

  app.get('/v2/users/:userId/meetings', (c) => {
    const user = hostUser(c.req.param('userId'));
    if (!user) return c.json(zoomError(1001, `User does not exist: ${c.req.param('userId')}.`), 404);
    const pageSize = Math.min(300, Number(c.req.query('page_size') ?? 30));
    const mine = [...meetings.values()].filter((m) => m.host_id === user.id);
    return c.json({
      page_size: pageSize,
      total_records: mine.length,
      next_page_token: '',
      meetings: mine.slice(0, pageSize).map((m) => {
        const { uuid, id, host_id, topic, type, start_time, duration, timezone, agenda, created_at } = m;
        return { uuid, id, host_id, topic, type, start_time, duration, timezone, agenda, created_at, join_url: withLinks(m).join_url };
      }),
    });
  });

  const meetingOr404 = (c: Context) => {
    const id = Number(c.req.param('id'));
    const meeting = meetings.get(id);
    return meeting ? meeting : c.json(zoomError(3001, `Meeting does not exist: ${c.req.param('id')}.`), 404);
  };

  app.get('/v2/meetings/:id', (c) => {
    const m = meetingOr404(c);
    return m instanceof Response ? m : c.json({ ...withLinks(m), assistant_id: '' });
  });

  app.patch('/v2/meetings/:id', async (c) => {
    const m = meetingOr404(c);
    if (m instanceof Response) return m;
    const body = await readJson(c);
    if (!body) return c.json(zoomError(300, 'Request Body should be a valid JSON object.'), 400);
    const timezone = typeof body.timezone === 'string' ? body.timezone : m.timezone;
    const start = typeof body.start_time === 'string' ? parseStartTime(body.start_time, timezone) : Date.parse(m.start_time);
    if (start === null) return c.json(zoomError(300, 'Validation Failed.', { errors: [{ field: 'start_time', message: 'Invalid field.' }] }), 400);
    if (!spendDaily(m.host_id)) return dailyCapped(c);
    Object.assign(m, {
      start_time: zoomTime(start),
      timezone,
      ...(typeof body.duration === 'number' ? { duration: body.duration } : {}),
      ...(typeof body.topic === 'string' ? { topic: body.topic } : {}),
      ...(typeof body.agenda === 'string' ? { agenda: body.agenda } : {}),
      ...(body.settings ? { settings: { ...m.settings, ...(body.settings as object) } } : {}),
    });
    return c.body(null, 204);
  });

  app.delete('/v2/meetings/:id', (c) => {
    const m = meetingOr404(c);
    if (m instanceof Response) return m;
    if (m.status === 'started') return c.json(zoomError(3002, "Sorry, you cannot delete this meeting since it's in progress."), 400);
    meetings.delete(m.id);
    return c.body(null, 204);
  });

  // The sandbox's own controls: not Zoom, not logged.
  app.get('/__sandbox/calls', (c) => c.json(calls));
  app.delete('/__sandbox/calls', (c) => {
    calls.length = 0;
    return c.body(null, 204);
  });
  app.get('/__sandbox/meetings', (c) => c.json([...meetings.values()].map(withLinks)));
  app.post('/__sandbox/faults', async (c) => {
    const body = (await readJson(c)) as { faults?: Fault[] } | Fault | null;
    const added = body && 'faults' in body ? (body.faults ?? []) : body ? [body as Fault] : [];
    faults.push(...added);
    return c.json({ faults });
  });
  app.delete('/__sandbox/faults', (c) => {
    faults = [];
    return c.body(null, 204);
  });
  app.post('/__sandbox/tokens/invalidate', (c) => {
    tokens.clear();
    return c.body(null, 204);
  });
  app.notFound((c) => c.json(zoomError(404, `No such Zoom API: ${c.req.method} ${new URL(c.req.url).pathname}.`), 404));

  return {
    app,
    /** Use as a `fetch`: tests hand it to the Worker so its Zoom calls land here without a socket. */
    fetch: (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const answer = Promise.resolve(app.fetch(new Request(input, init)));
      const signal = init?.signal;
      if (!signal) return answer;
      // Honour the caller's timeout as a socket would, even though no socket is involved.
      return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        answer.then(resolve, reject);
      });
    },
    calls: () => [...calls],
    clearCalls: () => void (calls.length = 0),
    meetings: () => [...meetings.values()].map(withLinks),
    meeting: (id: number | string) => meetings.get(Number(id)),
    /** Deletes a meeting inside Zoom, as a tutor would in the Zoom app. */
    deleteMeeting: (id: number | string) => meetings.delete(Number(id)),
    addFault: (...f: Fault[]) => void faults.push(...f),
    clearFaults: () => void (faults = []),
    invalidateTokens: () => tokens.clear(),
    nextUtcMidnight: () => nextUtcMidnight(now()),
  };
}

export type ZoomSandbox = ReturnType<typeof createZoomSandbox>;
