/**
 * The sandbox's own controls (not Zoom's API, not logged): the call log, faults and held requests,
 * playing a lesson, recordings, and what the hosts carry (daily usage, overlaps).
 */
import { type Context, Hono } from 'hono';
import type { Fault } from './faults';
import type { SandboxMeeting } from './index';
import { type LessonScript, LessonScriptError, playLesson, resumeLesson } from './lesson-player';
import { readJson, type SandboxState } from './state';
import type { UserOAuth } from './user-oauth';
import { hmacHex, webhookSender } from './webhooks';
import { randomString } from './zoom-ids';

/** What the user chose when removing the app: keep the data the app holds (`true`) or not. */
export interface DeauthorizeOptions {
  user_data_retention?: boolean;
}

export function sandboxControls(state: SandboxState, oauth: UserOAuth) {
  const { options, now, meetings, calls, faults, tokens, webhooks, accountId, withLinks, removeMeeting, meetingOr404 } =
    state;
  const app = new Hono();

  const paused = new Map<number, object[]>();
  const stage = (m: SandboxMeeting) => {
    if (!webhooks) throw new Error('No webhook target is configured for the sandbox.');
    const { recordings, capacity } = state;
    return { webhooks, accountId, app: state.appOf(m.id), recordings, capacity, paused };
  };

  /** Plays a lesson on a meeting; Zoom's events go to the webhook target, signed by the meeting's app. */
  const play = (m: SandboxMeeting, script: LessonScript) => playLesson(m, script, stage(m));
  /** The rest of a lesson played with `pause_when_live`. */
  const resume = (m: SandboxMeeting) => resumeLesson(m, stage(m));

  /** Zoom's endpoint.url_validation: send a plain token, expect its HMAC back. */
  async function validateEndpoint() {
    const plainToken = randomString(22);
    let answer: unknown = null;
    const target = options.webhook!;
    const [delivery] = await webhookSender(
      {
        ...target,
        retryDelaysMs: [],
        fetch: async (input, init) => {
          const res = await (target.fetch ?? fetch)(input, init);
          answer = await res
            .clone()
            .json()
            .catch(() => null);
          return res;
        },
      },
      now,
    ).deliver({ payload: { plainToken }, event_ts: now(), event: 'endpoint.url_validation' });
    const expected = await hmacHex(target.secretToken, plainToken);
    const got = answer as { plainToken?: string; encryptedToken?: string } | null;
    return {
      ok: delivery!.status === 200 && got?.plainToken === plainToken && got?.encryptedToken === expected,
      status: delivery!.status,
      answer,
    };
  }

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
    faults.faults.push(...added);
    return c.json({ faults: faults.faults });
  });
  app.delete('/__sandbox/faults', (c) => {
    faults.faults.length = 0;
    return c.body(null, 204);
  });
  app.get('/__sandbox/held', (c) => c.json(faults.held()));
  /** Zoom applies the held requests now (all of them, or `{ "id": … }`) and answers whoever still waits. */
  app.post('/__sandbox/held/release', async (c) => {
    const body = (await readJson(c)) as { id?: string } | null;
    return c.json({ released: await faults.release(body?.id) });
  });
  app.get('/__sandbox/recordings', (c) => c.json(state.recordings.list()));
  app.get('/__sandbox/daily-usage', (c) => c.json({ daily_cap: state.dailyCap, hosts: state.capacity.dailyUsage() }));
  app.get('/__sandbox/host-overlaps', (c) => c.json(state.capacity.overlaps(meetings.values())));
  app.post('/__sandbox/meetings/:id/delete', (c) => {
    const m = meetingOr404(c);
    if (m instanceof Response) return m;
    removeMeeting(m.id, m.host_email);
    return c.body(null, 204);
  });
  const playing = (run: (m: SandboxMeeting, body: unknown) => Promise<unknown>) => async (c: Context) => {
    const m = meetingOr404(c);
    if (m instanceof Response) return m;
    if (!webhooks) return c.json({ message: 'No webhook target is configured for the sandbox.' }, 409);
    try {
      return c.json(await run(m, await readJson(c)));
    } catch (e) {
      if (e instanceof LessonScriptError) return c.json({ message: e.message }, 400);
      throw e;
    }
  };
  app.post(
    '/__sandbox/meetings/:id/play',
    playing((m, body) => play(m, (body ?? {}) as LessonScript)),
  );
  app.post(
    '/__sandbox/meetings/:id/resume',
    playing((m) => resume(m)),
  );
  app.post('/__sandbox/webhooks/validate', async (c) => {
    if (!webhooks) return c.json({ message: 'No webhook target is configured for the sandbox.' }, 409);
    return c.json(await validateEndpoint());
  });
  /** The user removes the app in Zoom: their tokens die and Zoom sends app_deauthorized (`{ "user_data_retention": false }`: and asks for their data to go). */
  app.post('/__sandbox/users/:user/deauthorize', async (c) => {
    const body = (await readJson(c)) as DeauthorizeOptions | null;
    return deauthorize(c.req.param('user'), body ?? {}) ? c.body(null, 204) : c.json({ message: 'No such user.' }, 404);
  });
  app.get('/__sandbox/deliveries', (c) => c.json(webhooks?.deliveries() ?? []));
  app.post('/__sandbox/tokens/invalidate', (c) => {
    tokens.clear();
    return c.body(null, 204);
  });
  function deauthorize(idOrEmail: string, options: DeauthorizeOptions = {}): boolean {
    const user = state.users.get(idOrEmail.toLowerCase());
    if (!user) return false;
    oauth.revokeUser(user.id);
    const at = now();
    webhooks?.emit(
      {
        event: 'app_deauthorized',
        event_ts: at,
        payload: {
          account_id: 'sandbox_user_account',
          user_id: user.id,
          signature: randomString(64).toLowerCase(),
          deauthorization_time: new Date(at).toISOString(),
          client_id: state.options.oauthApps?.[0]?.clientId ?? 'dev_oauth_client',
          // Zoom sends it as a string; older payloads leave it out.
          ...(options.user_data_retention === undefined
            ? {}
            : { user_data_retention: String(options.user_data_retention) }),
        },
      },
      'user',
    );
    return true;
  }

  return { app, play, resume, validateEndpoint, deauthorize };
}
