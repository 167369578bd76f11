/** Tutors connect their own Zoom account: the operator gets the link, Zoom sends the tutor back here. */
import { Hono } from 'hono/tiny';
import type { Context } from 'hono';
import type { AppEnv } from '../app';
import { LessonError } from '../errors';
import { oauthApp } from '../providers';
import { disconnectZoom, finishZoomConnection, startZoomConnection, type ConnectDeps } from '../providers/zoom/connect';
import { getTutor } from '../catalog';
import { htmlPage, operatorAuth } from '../http';

const CALLBACK_PATH = '/zoom/oauth/callback';

const deps = (c: Context<AppEnv>, fetcher?: typeof fetch): ConnectDeps => ({
  db: c.var.db,
  kv: c.env.TOKENS,
  oauth: oauthApp(c.env, { fetch: fetcher }),
  dataKey: c.env.DATA_ENCRYPTION_KEY,
  apiBase: c.env.ZOOM_API_BASE || 'https://api.zoom.us/v2',
  now: c.var.now,
});

export function zoomConnectRoutes(fetcher?: typeof fetch) {
  const operator = new Hono<AppEnv>()
    .use('*', operatorAuth)
    .post('/:id/zoom/connect', async (c) => {
      const redirect = c.env.ZOOM_OAUTH_REDIRECT_URL || new URL(CALLBACK_PATH, c.req.url).toString();
      const link = await startZoomConnection(deps(c, fetcher), c.req.param('id'), redirect);
      return c.json({ authorize_url: link.authorizeUrl, expires_at: link.expiresAt.toISOString() });
    })
    .delete('/:id/zoom', async (c) => {
      const tutorId = c.req.param('id');
      await c.var.lifecycle.tutorAccount(tutorId, await disconnectZoom(deps(c, fetcher), tutorId));
      return c.body(null, 204);
    });

  const callback = new Hono<AppEnv>().get(CALLBACK_PATH, async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      const { tutorId, change, zoomEmail } = await finishZoomConnection(deps(c, fetcher), c.req.query());
      await c.var.lifecycle.tutorAccount(tutorId, change);
      const tutor = await getTutor(c.var.db, tutorId);
      return c.html(
        htmlPage(
          'Zoom is connected',
          `Thank you, ${tutor.name}. Your lessons will now be hosted in your own Zoom account${zoomEmail ? ` (${zoomEmail})` : ''}. You can close this tab.`,
        ),
      );
    } catch (e) {
      if (!(e instanceof LessonError)) throw e;
      return c.html(htmlPage('Zoom is not connected', e.message), e.status);
    }
  });
  return { operator, callback };
}
