/**
 * What viewers reach with a lesson token: the lesson view (readable from any site, no credentials)
 * and the stable link that redirects to the meeting. The operator mints the tokens (operator.ts).
 */
import { Hono } from 'hono/tiny';
import { cors } from 'hono/cors';
import type { AppEnv } from '../app';
import { LessonError } from '../errors';
import { htmlPage } from '../http';

export const requestOrigin = (url: string) => new URL(url).origin;

/** Any site may read a lesson view, without credentials. */
export const lessonRoutes = new Hono<AppEnv>()
  .use('/api/lessons/*', cors({ origin: '*', allowMethods: ['GET'], maxAge: 86400 }))
  .get('/api/lessons/:token', async (c) => {
    const view = await c.var.access.view(c.req.param('token'), requestOrigin(c.req.url));
    c.header('Cache-Control', 'no-store');
    return c.json(view);
  })
  /**
   * A redirect that is never cached: the tutor's target is a host link fetched just now. People
   * arrive here from QR codes and emails, so a browser is told what went wrong on a page, not in JSON.
   */
  .get('/l/:token', async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    try {
      return c.redirect(await c.var.access.destination(c.req.param('token')), 302);
    } catch (e) {
      if (!(e instanceof LessonError) || !c.req.header('accept')?.includes('text/html')) throw e;
      return c.html(htmlPage(PAGE_TITLES[e.code] ?? 'This lesson link does not work', e.message), e.status);
    }
  });

const PAGE_TITLES: Record<string, string> = {
  lesson_cancelled: 'This lesson was cancelled',
  lesson_not_confirmed: 'This lesson is not confirmed yet',
  meeting_not_ready: 'The meeting link is almost ready',
  start_link_unavailable: 'Zoom is not answering just now',
};
