/**
 * A local Zoom: the S2S token endpoint and the meetings API, speaking Zoom's formats and errors
 * (see the Zoom reference facts), with a log of every call and switches for Zoom's failures.
 * It runs in Node for `npm start` and inside workerd for tests; it is never part of the Worker.
 */
import { Hono } from 'hono';
import { zoomApi } from './api';
import { sandboxControls } from './controls';
import { playLesson, type LessonScript } from './lesson-player';
import { createSandboxState, zoomError } from './state';
import { userOAuth } from './user-oauth';
import type { WebhookTarget } from './webhooks';
import { nextUtcMidnight } from './zoom-ids';

export { DEV_ACCOUNT, DEV_OAUTH_APP } from './state';

export interface SandboxAccount {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

export interface SandboxOptions {
  /** The S2S apps the token endpoint accepts. Defaults to the development app in `.dev.vars.example`. */
  accounts?: SandboxAccount[];
  /** User-level OAuth apps (tutors connecting their own account). Defaults to the development one. */
  oauthApps?: { clientId: string; clientSecret: string }[];
  /** How long a refresh token lives (Zoom: about 90 days, or longer). */
  refreshTokenTtlSeconds?: number;
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
  /** Where Zoom's webhooks go: the Worker's /api/zoom/webhook and its secret token. */
  webhook?: WebhookTarget;
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

export interface HostUser {
  id: string;
  email: string;
}

export function createZoomSandbox(options: SandboxOptions = {}) {
  const state = createSandboxState(options);
  const { meetings, calls, faults, tokens, webhooks, accountId, now, withLinks, removeMeeting } = state;
  const oauth = userOAuth(state);
  const controls = sandboxControls(state, oauth);
  const validateEndpoint = controls.validateEndpoint;

  const app = new Hono();
  app.route('/', zoomApi(state, oauth));
  app.route('/', controls.app);
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
    /** Deletes a meeting inside Zoom, as a tutor would in the Zoom app (Zoom then sends meeting.deleted). */
    deleteMeeting: (id: number | string) => removeMeeting(Number(id), 'tutor@zoom.app'),
    /** Plays a whole lesson on the meeting and delivers each event as Zoom would. */
    playLesson: (id: number | string, script: LessonScript = {}) => {
      const m = meetings.get(Number(id));
      if (!m || !webhooks) throw new Error(m ? 'No webhook target is configured.' : `No meeting ${id}.`);
      return playLesson(m, script, webhooks, accountId, state.appOf(m.id));
    },
    validateEndpoint: () => validateEndpoint(),
    /** The user removes the app from their Zoom account (tokens die; app_deauthorized is sent). */
    deauthorizeUser: (idOrEmail: string) => controls.deauthorize(idOrEmail),
    deliveries: () => webhooks?.deliveries() ?? [],
    /** Waits for webhooks Zoom sends on its own (meeting.deleted after a DELETE). */
    settled: () => webhooks?.settled() ?? Promise.resolve(),
    addFault: (...f: Fault[]) => void faults.push(...f),
    clearFaults: () => void (faults.length = 0),
    invalidateTokens: () => tokens.clear(),
    nextUtcMidnight: () => nextUtcMidnight(now()),
  };
}

export type ZoomSandbox = ReturnType<typeof createZoomSandbox>;
