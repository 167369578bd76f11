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
import { createLifecycle, type Lifecycle } from './lifecycle';
import { providerRegistry, type ProviderEnv, type ProviderOptions } from './providers';
import { devRoutes } from './routes/dev';
import { lessonRoutes } from './routes/lessons';
import { metaRoutes } from './routes/meta';
import { operatorRoutes } from './routes/operator';
import { recordingRoutes } from './routes/recordings';
import { stripeRoutes } from './routes/stripe';
import { zoomRoutes } from './routes/zoom';
import { zoomConnectRoutes } from './routes/zoom-connect';

export type Env = DatabaseBindings &
  ProviderEnv &
  OperatorKeyEnv &
  RateLimitEnv &
  LinkSecretEnv &
  RecordingSecretEnv & {
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
  };

export type AppEnv = {
  Bindings: Env;
  Variables: {
    db: Db;
    lifecycle: Lifecycle;
    links: Links;
    access: LessonAccess;
    now: () => number;
    /** What the scheduled handler does, on demand. */
    sweep: () => ReturnType<typeof sweepFor>;
  };
};

export interface AppOptions extends ProviderOptions {
  now?: () => number;
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
    const db = openDatabase(c.env);
    const providers = providerRegistry(c.env, { ...options, db, now });
    const lifecycle = createLifecycle({ db, providers, now, later: (work) => afterResponse(c, work) });
    c.set('db', db);
    c.set('now', now);
    c.set('lifecycle', lifecycle);
    const links = createLinks({ db, secret: c.env.LESSON_LINK_SECRET, now });
    c.set('links', links);
    const joinWindowMinutes = Number(c.env.JOIN_WINDOW_MINUTES) || undefined;
    c.set(
      'access',
      createLessonAccess({
        db,
        providers,
        lifecycle,
        links,
        now,
        joinWindowMinutes,
        recordingSecret: c.env.RECORDING_URL_SECRET,
      }),
    );
    c.set('sweep', () => sweepFor(c.env, { ...options, now }));
    await next();
  };
  app.use('/api/*', services);
  app.use('/l/*', services);
  app.use('/zoom/*', services);
  app.use('/__dev/*', services);
  app.use('/recordings/*', services);
  app.route('/', metaRoutes);
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

/** The lifecycle for code outside a request (the scheduled sweep). */
export function lifecycleFor(env: Env, options: AppOptions = {}): Lifecycle {
  const db = openDatabase(env);
  return createLifecycle({ db, providers: providerRegistry(env, { ...options, db }), now: options.now });
}

/**
 * The scheduled sweep: the lifecycle's (meetings, missed lessons) and what comes after the lesson
 * (recordings, retention, transcripts, forgetting).
 */
export async function sweepFor(env: Env, options: AppOptions = {}) {
  const now = options.now ?? Date.now;
  const db = openDatabase(env);
  const providers = providerRegistry(env, { ...options, db, now });
  const lifecycle = createLifecycle({ db, providers, now });
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
    now,
  });
  return { ...lessons, ...after };
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
