/** The sandbox's memory: tokens, host users, meetings, recordings, daily counters, the call log, scripted faults. */
import type { Context } from 'hono';
import { hostCapacity } from './capacity';
import { faultSwitches } from './faults';
import type { HostUser, SandboxCall, SandboxMeeting, SandboxOptions } from './index';
import { recordingStore } from './recordings';
import { webhookSender, type ZoomApp } from './webhooks';
import { jwtLike, randomString, zoomError } from './zoom-ids';

export const DEV_ACCOUNT = {
  accountId: 'dev_account',
  clientId: 'dev_client',
  clientSecret: 'dev_client_secret',
};

/** The user-level OAuth app tutors connect their own accounts through, in development. */
export const DEV_OAUTH_APP = { clientId: 'dev_oauth_client', clientSecret: 'dev_oauth_client_secret' };

export { zoomError };

export function createSandboxState(options: SandboxOptions) {
  const now = options.now ?? Date.now;
  const accounts = options.accounts ?? [DEV_ACCOUNT];
  const dailyCap = options.dailyCap ?? 100;
  const webBase = options.webBase ?? 'https://us06web.zoom.us';

  /** Access tokens: an S2S account's, or (with `userId`) a user's who authorised the OAuth app. */
  const tokens = new Map<string, { accountId: string; expiresAt: number; userId?: string; clientId?: string }>();
  const meetings = new Map<number, SandboxMeeting>();
  /** Meetings created with a user's token: their events come from the user-level OAuth app. */
  const userAppMeetings = new Set<number>();
  const appOf = (id: number): ZoomApp => (userAppMeetings.has(id) ? 'user' : 's2s');
  const users = new Map<string, HostUser>();
  const capacity = hostCapacity(now, dailyCap);
  const calls: SandboxCall[] = [];
  const faults = faultSwitches(now);
  const webhooks = options.webhook ? webhookSender(options.webhook, now) : null;
  const accountId = accounts[0]?.accountId ?? 'sandbox_account';
  const recordings = recordingStore({
    now,
    accountId,
    tokens,
    base: () => options.recordingBase ?? webBase,
    redirect: options.recordingRedirect ?? true,
  });

  /** Zoom's meeting.deleted: `object.id` is a number here, unlike in meeting.started. */
  function deleted(m: SandboxMeeting, operator: string) {
    webhooks?.emit(
      {
        event: 'meeting.deleted',
        event_ts: now(),
        payload: {
          account_id: accountId,
          operator,
          operator_id: m.host_id,
          operation: 'single',
          object: {
            uuid: m.uuid,
            id: m.id,
            host_id: m.host_id,
            topic: m.topic,
            type: m.type,
            start_time: m.start_time,
            duration: m.duration,
            timezone: m.timezone,
          },
        },
      },
      appOf(m.id),
    );
  }

  function removeMeeting(id: number, operator: string): boolean {
    const m = meetings.get(id);
    if (!m) return false;
    meetings.delete(id);
    deleted(m, operator);
    return true;
  }

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

  const joinUrl = (m: SandboxMeeting) => `${webBase}/j/${m.id}?pwd=${m.encrypted_password}`;

  const withLinks = (m: SandboxMeeting) => {
    const iat = Math.floor(now() / 1000);
    const zak = jwtLike({
      aud: 'clientsm',
      uid: m.host_id,
      iss: 'web',
      sty: 100,
      wcd: 'us06',
      mnum: String(m.id),
      exp: iat + 7200,
      iat,
    });
    return {
      ...m,
      start_url: `${webBase}/s/${m.id}?zak=${zak}`,
      join_url: joinUrl(m),
    };
  };

  const meetingOr404 = (c: Context) => {
    const id = Number(c.req.param('id'));
    const meeting = meetings.get(id);
    return meeting ? meeting : c.json(zoomError(3001, `Meeting does not exist: ${c.req.param('id')}.`), 404);
  };

  return {
    meetingOr404,
    userAppMeetings,
    appOf,
    options,
    now,
    accounts,
    dailyCap,
    accountId,
    tokens,
    meetings,
    users,
    capacity,
    calls,
    faults,
    webhooks,
    recordings,
    hostUser,
    /** Counts a create or update against the host's daily cap (UTC day, sandbox clock); false when it is reached. */
    spendDaily: capacity.spend,
    dailyCapped,
    joinUrl,
    withLinks,
    removeMeeting,
  };
}

export type SandboxState = ReturnType<typeof createSandboxState>;

export async function readJson(c: Context): Promise<Record<string, unknown> | null> {
  try {
    const body = await c.req.json();
    return body && typeof body === 'object' && !Array.isArray(body) ? body : null;
  } catch {
    return null;
  }
}
