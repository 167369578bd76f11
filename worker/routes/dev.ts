/**
 * Tools for the offline product only: `npm start` turns them on with `DEV_TOOLS=on`; a deployed
 * Worker (which never has that variable) answers 404 here.
 */
import { Hono } from 'hono/tiny';
import type { AppEnv } from '../app';
import { notFound } from '../http';

export const devRoutes = new Hono<AppEnv>()
  .use('*', async (c, next) => (c.env.DEV_TOOLS === 'on' ? next() : notFound(c)))
  /** What the every-minute cron does, on demand and awaited: the answer says what it did. */
  .post('/sweep', async (c) => c.json(await c.var.sweep()));
