/**
 * What viewers reach with a lesson token: the lesson view (readable from any site, no credentials)
 * and the stable link that redirects to the meeting. The operator mints the tokens (operator.ts).
 */
import { Hono } from 'hono/tiny';
import type { AppEnv } from '../app';

export const requestOrigin = (url: string) => new URL(url).origin;

/**
 * Any site may read a lesson view, without credentials: a plain `*` and no preflight needed for a
 * simple GET; the OPTIONS answer is for clients that send one anyway.
 */
export const lessonRoutes = new Hono<AppEnv>()
  .use('/api/lessons/*', async (c, next) => {
    c.header('Access-Control-Allow-Origin', '*');
    if (c.req.method !== 'OPTIONS') return next();
    c.header('Access-Control-Allow-Methods', 'GET');
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  })
  .get('/api/lessons/:token', async (c) => {
    const view = await c.var.access.view(c.req.param('token'), requestOrigin(c.req.url));
    c.header('Cache-Control', 'no-store');
    return c.json(view);
  })
  /** A redirect that is never cached: the tutor's target is a host link fetched just now. */
  .get('/l/:token', async (c) => {
    const target = await c.var.access.destination(c.req.param('token'));
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.redirect(target, 302);
  });
