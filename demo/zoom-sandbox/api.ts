/** Zoom's own API as the sandbox serves it: the token endpoint, the meetings and recordings endpoints, downloads. */
import { Hono, type Context } from 'hono';
import type { SandboxMeeting } from './index';
import { meetingList } from './meeting-list';
import { readJson, zoomError, type SandboxState } from './state';
import type { UserOAuth } from './user-oauth';
import { jwtLike, meetingNumber, meetingUuid, parseStartTime, randomString, trackingId, zoomTime } from './zoom-ids';

export function zoomApi(state: SandboxState, oauth: UserOAuth) {
  const {
    options,
    now,
    accounts,
    tokens,
    meetings,
    calls,
    faults,
    recordings,
    hostUser,
    spendDaily,
    dailyCapped,
    joinUrl,
    withLinks,
    removeMeeting,
    meetingOr404,
  } = state;
  const app = new Hono<{ Variables: { tokenUser?: string } }>();
  const listMeetings = meetingList({ now, meetings, joinUrl });

  /** The user a path names. User-level tokens may only say `me` (or their own id); S2S tokens name anyone. */
  function pathUser(c: Context<{ Variables: { tokenUser?: string } }>) {
    const named = c.req.param('userId')!;
    const own = c.get('tokenUser');
    if (own) {
      const mine = hostUser(own)!;
      if (named !== 'me' && named.toLowerCase() !== mine.id.toLowerCase() && named.toLowerCase() !== mine.email)
        return c.json(zoomError(124, 'Invalid access token.'), 401);
      return mine;
    }
    return hostUser(named) ?? c.json(zoomError(1001, `User does not exist: ${named}.`), 404);
  }

  // Zoom's own API and its recording downloads: logged, and subject to the scripted faults.
  app.use('/oauth/*', logAndFault);
  app.use('/v2/*', logAndFault);
  app.use('/rec/*', logAndFault);
  function logAndFault(c: Context, next: () => Promise<void>) {
    const url = new URL(c.req.url);
    return faults.apply(c, next, () => {
      c.res.headers.set('x-zm-trackingid', trackingId());
      calls.push({
        at: new Date(now()).toISOString(),
        method: c.req.method,
        path: url.pathname,
        status: c.res.status,
        ...(url.search ? { query: url.search.slice(1) } : {}),
        ...(c.req.raw.signal.aborted ? { abandoned: true } : {}),
      });
    });
  }

  app.route('/', recordings.downloads);

  app.post('/oauth/token', async (c) => {
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    const [clientId, clientSecret] = basic ? atob(basic[1]!).split(':') : [];
    const form = c.req.header('content-type')?.includes('application/x-www-form-urlencoded')
      ? new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()))
      : new URLSearchParams();
    const param = (name: string) => c.req.query(name) ?? form.get(name) ?? undefined;
    const grant = param('grant_type');
    if (grant === 'authorization_code' || grant === 'refresh_token')
      return oauth.token(c, clientId, clientSecret, param);
    const account = accounts.find((a) => a.clientId === clientId && a.clientSecret === clientSecret);
    if (!account) return c.json({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' }, 400);
    if (grant !== 'account_credentials')
      return c.json({ reason: 'Unsupported grant type', error: 'unsupported_grant_type' }, 400);
    if (param('account_id') !== account.accountId)
      return c.json({ reason: 'Account does not exist', error: 'invalid_request' }, 400);
    if (options.legacySingleToken) for (const [t, v] of tokens) if (v.accountId === account.accountId) tokens.delete(t);
    const ttl = options.tokenTtlSeconds ?? 3599;
    const iat = Math.floor(now() / 1000);
    const token = jwtLike({
      aud: 'https://oauth.zoom.us',
      uid: account.accountId,
      ver: 10,
      nbf: iat,
      iat,
      exp: iat + ttl,
    });
    tokens.set(token, { accountId: account.accountId, expiresAt: now() + ttl * 1000 });
    return c.json({
      access_token: token,
      token_type: 'bearer',
      expires_in: ttl,
      scope:
        'meeting:write:meeting:admin meeting:read:meeting:admin meeting:update:meeting:admin meeting:delete:meeting:admin',
      api_url: 'https://api.zoom.us',
    });
  });

  app.get('/oauth/authorize', (c) => oauth.authorizePage(c));
  app.post('/oauth/authorize', (c) => oauth.authorize(c));
  app.post('/oauth/revoke', (c) => oauth.revoke(c));

  app.use('/v2/*', async (c, next) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const known = bearer ? tokens.get(bearer[1]!) : undefined;
    if (!known) return c.json(zoomError(124, 'Invalid access token.'), 401);
    if (known.expiresAt <= now()) return c.json(zoomError(124, 'Access token is expired.'), 401);
    c.set('tokenUser', known.userId);
    await next();
  });

  app.get('/v2/users/me', (c) => {
    const own = c.get('tokenUser');
    if (!own) return c.json(zoomError(1001, 'User does not exist: me.'), 404);
    const user = hostUser(own)!;
    const [first, ...rest] = user.email.split('@')[0]!.split('.');
    return c.json({
      id: user.id,
      first_name: first,
      last_name: rest.join(' '),
      email: user.email,
      type: 2,
      account_id: 'sandbox_user_account',
      status: 'active',
    });
  });

  app.post('/v2/users/:userId/meetings', async (c) => {
    const user = pathUser(c);
    if (user instanceof Response) return user;
    const body = await readJson(c);
    if (!body) return c.json(zoomError(300, 'Request Body should be a valid JSON object.'), 400);
    const password = body.password === undefined ? randomString(6) : String(body.password);
    const timezone = typeof body.timezone === 'string' ? body.timezone : 'UTC';
    let type = typeof body.type === 'number' ? body.type : 2;
    const start = typeof body.start_time === 'string' ? parseStartTime(body.start_time, timezone) : now();
    if (body.start_time === undefined && type === 2) type = 1;
    if (start === null)
      return c.json(
        zoomError(300, 'Validation Failed.', { errors: [{ field: 'start_time', message: 'Invalid field.' }] }),
        400,
      );
    if (!/^[A-Za-z0-9@_*-]{1,10}$/.test(password))
      return c.json(
        zoomError(300, 'Validation Failed.', { errors: [{ field: 'password', message: 'Invalid field.' }] }),
        400,
      );
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
    if (c.get('tokenUser')) state.userAppMeetings.add(meeting.id);
    return c.json(withLinks(meeting), 201);
  });

  app.get('/v2/users/:userId/meetings', (c) => {
    const user = pathUser(c);
    return user instanceof Response ? user : listMeetings(c, user);
  });

  app.get('/v2/meetings/:id/recordings', (c) => recordings.apiRecordings(c));

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
    const start =
      typeof body.start_time === 'string' ? parseStartTime(body.start_time, timezone) : Date.parse(m.start_time);
    if (start === null)
      return c.json(
        zoomError(300, 'Validation Failed.', { errors: [{ field: 'start_time', message: 'Invalid field.' }] }),
        400,
      );
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
    if (m.status === 'started')
      return c.json(zoomError(3002, "Sorry, you cannot delete this meeting since it's in progress."), 400);
    removeMeeting(m.id, m.host_email);
    return c.body(null, 204);
  });

  return app;
}
