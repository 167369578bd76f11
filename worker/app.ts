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
import { createLifecycle, type Lifecycle, type LifecycleDeps } from './lifecycle';
import { createSender, type Sender } from './outbox/sender';
import { type EmailEnv, transportFor } from './outbox/transports';
import { providerRegistry, type ProviderEnv, type ProviderOptions, type ProviderRegistry } from './providers';
import { devRoutes } from './routes/dev';
import { lessonRoutes } from './routes/lessons';
import { metaRoutes } from './routes/meta';
import { operatorRoutes } from './routes/operator';
import { pageRoutes } from './routes/pages';
import { stripeRoutes } from './routes/stripe';
import { zoomRoutes } from './routes/zoom';
import { zoomConnectRoutes } from './routes/zoom-connect';

export type Env = DatabaseBindings &
  ProviderEnv &
  OperatorKeyEnv &
  RateLimitEnv &
  LinkSecretEnv &
  EmailEnv & {
    /** The Worker's public URL (`https://lessons.school.example`): links in emails are built on it. */
    PUBLIC_URL?: string;
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
    await next();
  };
  app.use('/api/*', services);
  app.use('/l/*', services);
  app.use('/zoom/*', services);
  app.use('/__dev/*', services);
  app.use('/t/*', services);
  app.route('/', metaRoutes);
  app.route('/', pageRoutes);
  app.route('/', lessonRoutes);
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
  const access = createLessonAccess({ db, providers, lifecycle, links, now, joinWindowMinutes });
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

/** The scheduled sweep: provider work that is due, then the messages that are due (reminders among them). */
export async function scheduledSweep(env: Env, options: AppOptions = {}) {
  const world = worldFor(env, options, env.PUBLIC_URL);
  const swept = await world.lifecycle.sweep();
  const messages = await world.outbox.drain({ limit: 100 });
  return { ...swept, messages };
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
