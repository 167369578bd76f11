/**
 * The Worker's HTTP app. `createApp()` takes the few things tests and the demo swap (how the
 * providers reach the network, the clock); everything else comes from the Worker's bindings.
 */
import { Hono } from 'hono/tiny';
import type { Context, MiddlewareHandler } from 'hono';
import { openDatabase, type DatabaseBindings, type Db } from './db';
import { notFound, onError, type OperatorKeyEnv } from './http';
import { publicRateLimits, type RateLimitEnv } from './rate-limits';
import { securityHeaders } from './security-headers';
import { createLessonAccess, createLinks, type LessonAccess, type Links, type LinkSecretEnv } from './access';
import type { RecordingSecretEnv } from './access/recording-links';
import { afterLessonSweep } from './lesson-record/sweep';
import { createLifecycle, type Lifecycle, type LifecycleDeps } from './lifecycle';
import { createSender, type Sender } from './outbox/sender';
import { type EmailEnv, transportFor } from './outbox/transports';
import { providerRegistry, type ProviderEnv, type ProviderOptions, type ProviderRegistry } from './providers';
import { devRoutes } from './routes/dev';
import { lessonRoutes } from './routes/lessons';
import { metaRoutes } from './routes/meta';
import { operatorRoutes } from './routes/operator';
import { pageRoutes } from './routes/pages';
import { recordingRoutes } from './routes/recordings';
import { stripeRoutes } from './routes/stripe';
import { zoomRoutes } from './routes/zoom';
import { zoomConnectRoutes } from './routes/zoom-connect';

export type Env = DatabaseBindings &
  ProviderEnv &
  OperatorKeyEnv &
  RateLimitEnv &
  LinkSecretEnv &
  EmailEnv &
  RecordingSecretEnv & {
    /** The Worker's public URL (`https://lessons.school.example`): links in emails are built on it. */
    PUBLIC_URL?: string;
    /** Where recordings are kept (R2). */
    RECORDINGS?: R2Bucket;
    /** The transcription service lessons without Zoom's transcript are sent to: POST audio, answer WebVTT. */
    TRANSCRIPTION_URL?: string;
    /** Sent to it as a bearer token, when set. */
    TRANSCRIPTION_TOKEN?: string;
    STRIPE_WEBHOOK_SECRET?: string;
    ZOOM_WEBHOOK_SECRET_TOKEN?: string;
    /** The secret token of the OAuth app tutors connect through; it signs that app's events. */
    ZOOM_OAUTH_WEBHOOK_SECRET_TOKEN?: string;
    /** Where Zoom sends tutors back after they connect their account (default: this Worker's callback). */
    ZOOM_OAUTH_REDIRECT_URL?: string;
    /** Minutes before the start that joining opens (default 10). */
    JOIN_WINDOW_MINUTES?: string;
    /** `on` only under `npm start`: serves the development tools under `/__dev/`. Never set it in production. */
    DEV_TOOLS?: string;
    /** The demo site `npm start` runs, linked from the front page while DEV_TOOLS is on. */
    DEMO_URL?: string;
  };

export type AppEnv = {
  Bindings: Env;
  Variables: {
    db: Db;
    providers: ProviderRegistry;
    lifecycle: Lifecycle;
    links: Links;
    access: LessonAccess;
    outbox: Sender;
    now: () => number;
    /** What the scheduled handler does, on demand. */
    sweep: () => ReturnType<typeof sweepFor>;
  };
};

export interface AppOptions extends ProviderOptions {
  now?: () => number;
  /** How the HTTP email transport reaches its API (tests: the email sandbox, in-process). */
  emailFetch?: typeof fetch;
}

/**
 * @example
 * export default { fetch: createApp().fetch }
 * // tests: createApp({ fetch: zoomSandbox.fetch })
 */
export function createApp(options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use(securityHeaders, publicRateLimits);
  const now = options.now ?? Date.now;
  const zoomConnect = zoomConnectRoutes(options.fetch);
  const services: MiddlewareHandler<AppEnv> = async (c, next) => {
    const world = worldFor(c.env, { ...options, now }, c.env.PUBLIC_URL ?? new URL(c.req.url).origin, (work) =>
      afterResponse(c, work),
    );
    c.set('db', world.db);
    c.set('providers', world.providers);
    c.set('now', now);
    c.set('lifecycle', world.lifecycle);
    c.set('links', world.links);
    c.set('access', world.access);
    c.set('outbox', world.outbox);
    c.set('sweep', () => sweepFor(c.env, { ...options, now }));
    await next();
  };
  app.use('/api/*', services);
  app.use('/l/*', services);
  app.use('/zoom/*', services);
  app.use('/__dev/*', services);
  app.use('/t/*', services);
  app.use('/recordings/*', services);
  app.route('/', metaRoutes);
  app.route('/', pageRoutes);
  app.route('/', lessonRoutes);
  app.route('/', recordingRoutes);
  app.route('/api/stripe', stripeRoutes);
  app.route('/api/zoom', zoomRoutes);
  app.route('/api/tutors', zoomConnect.operator);
  app.route('/', zoomConnect.callback);
  app.route('/api', operatorRoutes);
  app.route('/__dev', devRoutes);
  return app;
}

/**
 * Everything a request or the scheduled sweep works with: the lifecycle, the links and what they
 * show, and the outbox's sender, which the lifecycle asks to deliver a lesson's messages.
 */
function worldFor(env: Env, options: AppOptions, origin: string | undefined, later?: LifecycleDeps['later']) {
  const db = openDatabase(env);
  const now = options.now ?? Date.now;
  const providers = providerRegistry(env, { ...options, db, now });
  let outbox: Sender | undefined;
  const lifecycle = createLifecycle({
    db,
    providers,
    now,
    later,
    deliver: (subject) => deliverSoon(outbox!, subject),
  });
  const links = createLinks({ db, secret: env.LESSON_LINK_SECRET, now });
  const joinWindowMinutes = Number(env.JOIN_WINDOW_MINUTES) || undefined;
  const access = createLessonAccess({
    db,
    providers,
    lifecycle,
    links,
    now,
    joinWindowMinutes,
    recordingSecret: env.RECORDING_URL_SECRET,
  });
  outbox = createSender({ db, access, links, transport: transportFor(env, db, options.emailFetch), origin, now });
  return { db, providers, lifecycle, links, access, outbox };
}

/**
 * At most a few drains at once per isolate: a burst of payments would otherwise run a hundred
 * drains side by side against one database. A lesson that finds them busy is left to the last
 * of them, which drains whatever is due once more before it ends (and to the sweep after that).
 */
const DRAINS_AT_ONCE = 4;
let draining = 0;
let waiting = false;
async function deliverSoon(outbox: Sender, subject: string) {
  if (draining >= DRAINS_AT_ONCE) {
    waiting = true;
    return;
  }
  draining++;
  try {
    await outbox.drain({ subject });
    while (waiting && draining === 1) {
      waiting = false;
      await outbox.drain({ limit: 50 });
    }
  } finally {
    draining--;
  }
}

/**
 * The scheduled sweep: the lifecycle's (meetings, missed lessons), what comes after the lesson
 * (recordings, retention, transcripts, forgetting), then the messages that are due (reminders among them).
 */
export async function sweepFor(env: Env, options: AppOptions = {}) {
  const { db, lifecycle, providers, outbox } = worldFor(env, options, env.PUBLIC_URL);
  const lessons = await lifecycle.sweep();
  const after = await afterLessonSweep({
    db,
    lifecycle,
    providers,
    bucket: env.RECORDINGS,
    dataKey: env.DATA_ENCRYPTION_KEY,
    transcriber: {
      url: env.TRANSCRIPTION_URL || undefined,
      token: env.TRANSCRIPTION_TOKEN,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    },
    now: options.now ?? Date.now,
  });
  const messages = await outbox.drain({ limit: 100 });
  return { ...lessons, ...after, messages };
}

/**
 * Lets slow follow-up work (meeting creation after a webhook) finish after the response is sent.
 * Without an execution context (plain `app.request()` in tests) the work is awaited instead.
 */
export async function afterResponse(c: Context, work: Promise<unknown>): Promise<void> {
  const logged = work.catch((e) =>
    console.error(JSON.stringify({ event: 'background.failed', error: (e as Error).message })),
  );
  let ctx: ExecutionContext | undefined;
  try {
    ctx = c.executionCtx as ExecutionContext;
  } catch {
    ctx = undefined;
  }
  if (ctx) ctx.waitUntil(logged);
  else await logged;
}
