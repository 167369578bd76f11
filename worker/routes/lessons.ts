/**
 * What people reach with a link: the lesson API `<lesson-join>` reads (any site may read it, without
 * credentials; a tutor's link only where the tutor allowed) and the stable link itself, which goes
 * into the meeting or answers a page. The operator makes the links (operator.ts).
 */
import { Hono } from 'hono/tiny';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { languageDetector } from 'hono/language';
import type { AppEnv } from '../app';
import { bodyLimit } from 'hono/body-limit';
import { LinkViewsInput, type LinkViews } from '../../shared/viewer';
import { LessonError } from '../errors';
import { plainJsonBody, tooLarge } from '../http';
import { moreLessonReads } from '../rate-limits';
import { lessonPage, personPage, problemPage } from '../pages/lesson';
import { LANGUAGES, type Language } from '../pages/strings';

export const requestOrigin = (url: string) => new URL(url).origin;

const viewer = (c: Context) => ({ origin: requestOrigin(c.req.url), from: c.req.header('origin') ?? null });

/** Browsers get a page in their language; API clients the JSON envelope. */
async function answer(c: Context<AppEnv & { Variables: { language: string } }>, work: () => Promise<Response>) {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof LessonError) || !c.req.header('accept')?.includes('text/html')) throw e;
    return c.html(problemPage(c.var.language as Language, e.code, e.message), e.status);
  }
}

/** The stable link: into the meeting while joining is open (students, parents), else its page. */
const follow = (c: Context<AppEnv & { Variables: { language: string } }>, id: string, bookingId?: string) =>
  answer(c, async () => {
    const where = await c.var.access.destination(id, requestOrigin(c.req.url), bookingId);
    if ('redirect' in where) return c.redirect(where.redirect, 302);
    const lang = c.var.language as Language;
    const { view } = where;
    if (view.kind === 'person') return c.html(personPage(view, lang, id));
    return c.html(
      lessonPage(view, lang, bookingId ? `${id}/${bookingId}` : id),
      view.phase === 'cancelled' ? 410 : 200,
    );
  });

/** The tutor's Start: a host link fetched from the provider at the moment of the click, never stored or cached. */
const start = (c: Context<AppEnv & { Variables: { language: string } }>, id: string, bookingId?: string) =>
  answer(c, async () => c.redirect(await c.var.access.start(id, bookingId), 302));

const anySite = cors({ origin: '*', allowMethods: ['GET', 'POST'], maxAge: 86400 });

export const lessonRoutes = new Hono<AppEnv & { Variables: { language: string } }>()
  .use('/api/lessons', anySite)
  .use('/api/lessons/*', anySite)
  /** Many links in one request: a page of cards reads them all at once. */
  .post('/api/lessons', bodyLimit({ maxSize: 16 * 1024, onError: tooLarge('16 KB') }), async (c) => {
    const { links } = await plainJsonBody(c, LinkViewsInput);
    // The request was counted as one read on its way in; each further link is one more.
    const refused = await moreLessonReads(c, new Set(links).size - 1);
    if (refused) return refused;
    c.header('Cache-Control', 'no-store');
    return c.json({ views: await c.var.access.views(links, viewer(c)) } satisfies LinkViews);
  })
  .get('/api/lessons/:id', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await c.var.access.view(c.req.param('id'), viewer(c)));
  })
  .get('/api/lessons/:id/:bookingId', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await c.var.access.lessonOf(c.req.param('id'), c.req.param('bookingId'), viewer(c)));
  })
  .use(
    '/l/*',
    languageDetector({ order: ['header'], supportedLanguages: [...LANGUAGES], fallbackLanguage: 'en', caches: false }),
  )
  .get('/l/:id/start', (c) => start(c, c.req.param('id')))
  .get('/l/:id/:bookingId/start', (c) => start(c, c.req.param('id'), c.req.param('bookingId')))
  .get('/l/:id', (c) => follow(c, c.req.param('id')))
  .get('/l/:id/:bookingId', (c) => follow(c, c.req.param('id'), c.req.param('bookingId')));
