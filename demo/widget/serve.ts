/**
 * The widget demo for `npm start`: a page on its own port, so the script and the lesson API are
 * read cross-origin exactly as on a tutor's site. The first visit books a few lessons through the
 * operator API (one per state worth seeing); nothing is booked until someone looks.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LessonLinks } from '../../shared/api';
import { operatorApi } from '../operator-api';

export interface DemoOptions {
  /** The Worker, e.g. http://localhost:8787. */
  api: string;
  operatorKey: string;
  port: number;
}

interface Shown {
  title: string;
  role: keyof Omit<LessonLinks, 'expires_at'>;
  links: LessonLinks;
  lang?: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A card as the README says to paste it: the lesson link, with the same link inside for where no script runs. */
const card = (url: string) =>
  `<lesson-join link="${escapeHtml(url)}"><a href="${escapeHtml(url)}">Join the lesson</a></lesson-join>`;

export async function serveWidgetDemo(options: DemoOptions) {
  let page: Promise<string> | undefined;
  const server = createServer((req, res) => {
    if (req.url !== '/' && req.url !== '/index.html') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    (page ??= demoPage(options, `http://localhost:${(server.address() as AddressInfo).port}`)).then(
      (html) =>
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html),
      (e: Error) => {
        page = undefined;
        res.writeHead(502, { 'content-type': 'text/plain' }).end(`Could not book the demo lessons: ${e.message}`);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function demoPage(options: DemoOptions, origin: string): Promise<string> {
  const api = operatorApi(options.api, options.operatorKey);
  const { call } = api;
  // The tutor's card is shown here, so the tutor allows this site's origin for their private link.
  const { tutor, service } = await api.tutorWithService({ allowed_origins: [origin] });
  const lesson = async (minutesFromNow: number, extra: Record<string, unknown> = {}, then?: 'confirm' | 'cancel') => {
    const booking = await api.book(tutor.id, service.id, {
      start_at: new Date(Date.now() + minutesFromNow * 60_000).toISOString(),
      ...extra,
    });
    if (then) await call('POST', `/api/bookings/${booking.id}/confirm`);
    const links = await call<LessonLinks>('POST', `/api/bookings/${booking.id}/links`);
    if (then === 'cancel') await call('POST', `/api/bookings/${booking.id}/cancel`);
    return links;
  };

  const soon = await lesson(5, {}, 'confirm');
  const later = await lesson(2 * 24 * 60, {}, 'confirm');
  const meet = await lesson(
    -10,
    { provider: 'google_meet', meeting_url: 'https://meet.google.com/abc-defg-hij' },
    'confirm',
  );
  const unpaid = await lesson(3 * 24 * 60);
  const cancelled = await lesson(24 * 60, {}, 'cancel');
  const shown: Shown[] = [
    { title: 'Student, Zoom lesson in 5 minutes: Join is open', role: 'student', links: soon },
    { title: 'Parent, same lesson', role: 'parent', links: soon },
    { title: 'Tutor, same lesson: Start and the student link', role: 'tutor', links: soon },
    { title: 'Student, lesson in two days: countdown', role: 'student', links: later },
    { title: 'Alumna (lang="es"), la misma clase', role: 'student', links: later, lang: 'es' },
    { title: 'Student, Google Meet lesson under way', role: 'student', links: meet },
    { title: 'Student, not paid yet', role: 'student', links: unpaid },
    { title: 'Student, cancelled lesson', role: 'student', links: cancelled },
  ];

  const script = `${options.api}/widget/lesson-join.js`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lesson-join widget demo</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
  main { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: 1.5rem; }
  h2 { font-size: 0.9rem; font-weight: 600; }
  pre { overflow-x: auto; padding: 1rem; border: 1px solid #8884; border-radius: 0.5rem; }
</style>
<script type="module" src="${escapeHtml(script)}"></script>
</head>
<body>
<h1>&lt;lesson-join&gt; on a tutor's page</h1>
<p>This page is served from another origin than the Worker, like any tutor's site. Each card reads a real lesson booked just now through the operator API.</p>
<p>Paste the script once, and each card with its link inside as plain HTML: where scripts are blocked or the lesson service is down, people still get the link.</p>
<pre>&lt;script type="module" src="${escapeHtml(script)}"&gt;&lt;/script&gt;
${escapeHtml(card(soon.student.url ?? ''))}</pre>
<main>
${shown
  .map(
    (s) =>
      `<section${s.lang ? ` lang="${s.lang}"` : ''}><h2>${escapeHtml(s.title)}</h2>${card(s.links[s.role].url ?? '')}</section>`,
  )
  .join('\n')}
</main>
</body>
</html>`;
}
