/**
 * A local Zoom: the S2S token endpoint and the meetings API, speaking Zoom's formats and errors
 * (see the Zoom reference facts), with a log of every call and switches for Zoom's failures.
 * It runs in Node for `npm start` and inside workerd for tests; it is never part of the Worker.
 */
import { Hono } from 'hono';
import { zoomApi } from './api';
import { type DeauthorizeOptions, sandboxControls } from './controls';
import type { Fault } from './faults';
import { inProcessFetch } from './in-process-fetch';
import type { LessonScript } from './lesson-player';
import { createSandboxState, zoomError } from './state';
import { userOAuth } from './user-oauth';
import type { WebhookTarget } from './webhooks';
import { nextUtcMidnight } from './zoom-ids';

export type { DailyUsage, HostOverlap } from './capacity';
export type { Fault, HeldCall } from './faults';
export { type LessonScript, LessonScriptError } from './lesson-player';
export type { RecordingFile, RecordingSet } from './recordings';
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
  /** Where recordings' `download_url` and `play_url` point (the served sandbox's own address); default `webBase`. */
  recordingBase?: string;
  /** A download answers with a 302 to a signed file URL, as Zoom's do (default); false: with the bytes. */
  recordingRedirect?: boolean;
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
  /** The caller had stopped waiting (timed out) before Zoom answered. */
  abandoned?: boolean;
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
  const { meetings, calls, faults, tokens, webhooks, now, withLinks, removeMeeting } = state;
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
    fetch: inProcessFetch((request) => app.fetch(request)),
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
      return controls.play(m, script);
    },
    /** The rest of a lesson played with `pause_when_live`: people leave, the meeting ends, the recording. */
    resumeLesson: (id: number | string) => {
      const m = meetings.get(Number(id));
      if (!m || !webhooks) throw new Error(m ? 'No webhook target is configured.' : `No meeting ${id}.`);
      return controls.resume(m);
    },
    validateEndpoint: () => validateEndpoint(),
    /** The user removes the app from their Zoom account (tokens die; app_deauthorized is sent). */
    deauthorizeUser: (idOrEmail: string, options?: DeauthorizeOptions) => controls.deauthorize(idOrEmail, options),
    deliveries: () => webhooks?.deliveries() ?? [],
    /** Waits for webhooks Zoom sends on its own (meeting.deleted after a DELETE). */
    settled: () => webhooks?.settled() ?? Promise.resolve(),
    addFault: (...f: Fault[]) => void faults.faults.push(...f),
    clearFaults: () => void (faults.faults.length = 0),
    /** Requests a `hold` fault keeps, neither applied nor answered yet. */
    held: () => faults.held(),
    /** Zoom applies the held requests (one by id, or all) now; resolves when they are applied and answered. */
    release: (id?: string) => faults.release(id),
    /** Every meeting instance's cloud recording, with its files. */
    recordings: () => state.recordings.list(),
    /** The exact bytes Zoom serves for a recording file (by file id or download_url). */
    recordingBytes: (idOrUrl: string) => state.recordings.bytes(idOrUrl),
    /** Creates and updates per host per UTC day (sandbox clock), accepted and refused. */
    dailyUsage: () => state.capacity.dailyUsage(),
    /** Meetings of one host scheduled at overlapping times, and sessions of one host live at the same time. */
    hostOverlaps: () => state.capacity.overlaps(meetings.values()),
    invalidateTokens: () => tokens.clear(),
    nextUtcMidnight: () => nextUtcMidnight(now()),
  };
}

export type ZoomSandbox = ReturnType<typeof createZoomSandbox>;
