/**
 * Pages that need no link: the Worker's front page and tutors' public pages (`/t/{slug}`), in the
 * viewer's language. The pages behind links are in lessons.ts.
 */
import { Hono } from 'hono/tiny';
import { languageDetector } from 'hono/language';
import type { AppEnv } from '../app';
import { publicTutor } from '../catalog';
import { homePage } from '../pages/home';
import { noTutorPage, tutorPage } from '../pages/tutor';
import { LANGUAGES, type Language } from '../pages/strings';

type PagesEnv = AppEnv & { Variables: { language: string } };

const inLanguage = languageDetector({
  order: ['header'],
  supportedLanguages: [...LANGUAGES],
  fallbackLanguage: 'en',
  caches: false,
});

export const pageRoutes = new Hono<PagesEnv>()
  .get('/', inLanguage, (c) => {
    // The demo and the development tools are linked only where npm start turned them on.
    const dev = c.env.DEV_TOOLS === 'on' ? { demo: c.env.DEMO_URL || undefined } : null;
    c.header('Vary', 'Accept-Language');
    return c.html(homePage(c.var.language as Language, dev));
  })
  .get('/t/:slug', inLanguage, async (c) => {
    const lang = c.var.language as Language;
    const profile = await publicTutor(c.var.db, c.req.param('slug'));
    c.header('Vary', 'Accept-Language');
    if (!profile) return c.html(noTutorPage(lang), 404);
    // Public, and changed only by the operator: a short cache, so a page taken down goes soon.
    c.header('Cache-Control', 'public, max-age=60');
    return c.html(tutorPage(profile, lang));
  })
  .get('/t/*', inLanguage, (c) => c.html(noTutorPage(c.var.language as Language), 404));
