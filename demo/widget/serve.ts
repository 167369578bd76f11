/**
 * The demo site for `npm start`, on a port of its own, so the script and the lesson API are read
 * cross-origin exactly as on a tutor's site. Its front page tells one lesson's story (book, pay,
 * play in the Zoom sandbox) while the tutor's dashboard, the student's portal, the parent's page
 * and the link-in-bio page, each embedding `<lesson-join>` as a tutor would, follow it. `/cards`
 * shows the element in every state. Nothing is booked until someone looks.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { cardsPage } from './cards';
import type { Html } from './layout';
import { bioPage, dashboardPage, familyPage, portalPage } from './site';
import { type Cast, createStory, type Story } from './story';
import { storyPage } from './story-page';

export interface DemoOptions {
  /** The Worker, e.g. http://localhost:8787. */
  api: string;
  operatorKey: string;
  port: number;
  /** The Worker's STRIPE_WEBHOOK_SECRET, to pay as Stripe would. */
  stripeSecret?: string;
  /** The Zoom sandbox, which plays the lesson. */
  zoom?: string;
}

export async function serveWidgetDemo(options: DemoOptions) {
  const app = new Hono();
  // Both need this site's origin, known once it listens.
  let origin = '';
  let story: Story;
  let cards: Promise<Html> | undefined;
  const script = `${options.api}/widget/lesson-join.js`;

  /** A page of the story; booking it on the first visit can fail (the Worker is not up yet): say so. */
  const show = (page: (c: Cast) => Html) => async (c: Context) => {
    c.header('Cache-Control', 'no-store');
    try {
      return c.html(await page(await story.get()));
    } catch (e) {
      return c.text(`Could not book the demo lessons: ${(e as Error).message}`, 502);
    }
  };
  const step = (action: (s: Story) => Promise<void>) => async (c: Context) => {
    await action(story);
    return c.redirect('/', 303);
  };

  app.get(
    '/',
    show((cast) => storyPage(cast, options.api)),
  );
  app.get(
    '/dashboard',
    show((cast) => dashboardPage(cast, script)),
  );
  app.get(
    '/portal',
    show((cast) => portalPage(cast, script)),
  );
  app.get(
    '/family',
    show((cast) => familyPage(cast, script)),
  );
  app.get(
    '/bio',
    show((cast) => bioPage(cast, options.api)),
  );
  app.post(
    '/book',
    step((s) => s.book()),
  );
  app.post(
    '/pay',
    step((s) => s.pay()),
  );
  app.post(
    '/start',
    step((s) => s.start()),
  );
  app.post(
    '/end',
    step((s) => s.end()),
  );
  app.post(
    '/start-over',
    step((s) => s.startOver()),
  );
  app.get('/cards', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      return c.html(await (cards ??= cardsPage({ ...options, origin })));
    } catch (e) {
      cards = undefined;
      return c.text(`Could not book the demo lessons: ${(e as Error).message}`, 502);
    }
  });
  app.notFound((c) => c.text('Not found', 404));

  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://localhost:${port}`;
  story = createStory({ ...options, origin });
  return {
    url: `${origin}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
