/**
 * What people reach with a link: the lesson API `<lesson-join>` reads (any site may read it, without
 * credentials; a tutor's link only where the tutor allowed) and the stable link itself, which goes
 * into the meeting or answers a page. The operator makes the links (operator.ts).
 */
import { Hono } from 'hono/tiny';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { languageDetector } from 'hono/language';
import { NoteInput, SharingInput } from '../../shared/api';
import type { AppEnv } from '../app';
import { bodyLimit } from 'hono/body-limit';
import { LinkViewsInput, type LinkViews } from '../../shared/viewer';
import { LessonError } from '../errors';
import { jsonBody, plainJsonBody, tooLarge } from '../http';
import { shareRecording } from '../lesson-record/recordings';
import { moreLessonReads } from '../rate-limits';
import { lessonPage, problemPage } from '../pages/lesson';
import { personPage } from '../pages/person';
import { LANGUAGES, type Language, pageStrings } from '../pages/strings';
import { lessonCalendar, lessonFeed } from '../calendar';

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
    if (view.kind === 'person') return c.html(personPage(view, lang, id, requestOrigin(c.req.url)));
    return c.html(
      lessonPage(view, lang, bookingId ? `${id}/${bookingId}` : id),
      view.phase === 'cancelled' ? 410 : 200,
    );
  });

/**
 * A link's calendar file: its lesson as an invitation to import, or a person's lessons as a feed to
 * subscribe to. Any site may read it, as it may read the lesson API (`<lesson-join>` makes its
 * Google Calendar link from it); a tutor's only where the tutor allowed.
 */
const calendarFile = (c: Context<AppEnv & { Variables: { language: string } }>, id: string, bookingId?: string) =>
  answer(c, async () => {
    const lang = c.var.language as Language;
    const { role, feed, name, lessons } = await c.var.access.calendar(id, viewer(c), bookingId);
    const body = feed
      ? lessonFeed(lessons, role, lang, pageStrings[lang].calendarName(name))
      : lessonCalendar(lessons[0]!, role, lang);
    c.header('Content-Type', 'text/calendar; charset=utf-8');
    if (!feed) c.header('Content-Disposition', 'attachment; filename="lesson.ics"');
    return c.body(body);
  });

/** The tutor's Start: a host link fetched from the provider at the moment of the click, never stored or cached. */
const start = (c: Context<AppEnv & { Variables: { language: string } }>, id: string, bookingId?: string) =>
  answer(c, async () => c.redirect(await c.var.access.start(id, bookingId), 302));

type LinkContext = Context<AppEnv & { Variables: { language: string } }>;

/** The tutor's page posts a form (no script needed) and is sent back to the lesson. */
const tutorForm = (c: LinkContext, action: 'sharing' | 'note', id: string, bookingId?: string) =>
  answer(c, async () => {
    const booking = await c.var.access.tutorLesson(id, viewer(c), bookingId);
    const form = await c.req.parseBody();
    if (action === 'sharing') await shareRecording(c.var.db, booking, form.shared === '1', 'tutor', c.var.now());
    else {
      const input = NoteInput.safeParse({
        ...(typeof form.body === 'string' ? { body: form.body.replace(/\r\n/g, '\n') } : {}),
        ...(form.final === '1' ? { final: true } : {}),
      });
      if (!input.success) throw new LessonError(422, 'invalid_request', 'Write the note (at most 20,000 characters).');
      await c.var.lifecycle.saveNote(booking, input.data);
    }
    return c.redirect(`/l/${bookingId ? `${id}/${bookingId}` : id}`, 303);
  });

const anySite = cors({ origin: '*', allowMethods: ['GET', 'POST', 'PUT'], maxAge: 86400 });
/** Calendar files: a lesson link's, a person's feed, and one lesson of a person's link. */
const LESSON_FILE = '/l/:file{[A-Za-z0-9_-]+\\.ics}';
const FEED_FILE = '/l/:id/calendar.ics';
const PERSON_LESSON_FILE = '/l/:id/:file{bk_[0-9a-z]+\\.ics}';
const calendarReads = cors({ origin: '*', allowMethods: ['GET'], maxAge: 86400 });

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
  .put('/api/lessons/:id/recording-sharing', jsonBody(SharingInput), async (c) => {
    const booking = await c.var.access.tutorLesson(c.req.param('id'), viewer(c));
    return c.json(await shareRecording(c.var.db, booking, c.req.valid('json').shared, 'tutor', c.var.now()));
  })
  .put('/api/lessons/:id/note', jsonBody(NoteInput), async (c) => {
    const booking = await c.var.access.tutorLesson(c.req.param('id'), viewer(c));
    return c.json(await c.var.lifecycle.saveNote(booking, c.req.valid('json')));
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
  .use(LESSON_FILE, calendarReads)
  .use(FEED_FILE, calendarReads)
  .use(PERSON_LESSON_FILE, calendarReads)
  .get(LESSON_FILE, (c) => calendarFile(c, c.req.param('file').slice(0, -4)))
  .get(FEED_FILE, (c) => calendarFile(c, c.req.param('id')))
  .get(PERSON_LESSON_FILE, (c) => calendarFile(c, c.req.param('id'), c.req.param('file').slice(0, -4)))
  .post('/l/:id/recording-sharing', (c) => tutorForm(c, 'sharing', c.req.param('id')))
  .post('/l/:id/note', (c) => tutorForm(c, 'note', c.req.param('id')))
  .post('/l/:id/:bookingId/recording-sharing', (c) =>
    tutorForm(c, 'sharing', c.req.param('id'), c.req.param('bookingId')),
  )
  .post('/l/:id/:bookingId/note', (c) => tutorForm(c, 'note', c.req.param('id'), c.req.param('bookingId')))
  .get('/l/:id/start', (c) => start(c, c.req.param('id')))
  .get('/l/:id/:bookingId/start', (c) => start(c, c.req.param('id'), c.req.param('bookingId')))
  .get('/l/:id', (c) => follow(c, c.req.param('id')))
  .get('/l/:id/:bookingId', (c) => follow(c, c.req.param('id'), c.req.param('bookingId')));
