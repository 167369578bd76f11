/**
 * Every state worth seeing, one card each: a few lessons booked through the operator API on the
 * first visit (open, upcoming, under way on Google Meet, unpaid, cancelled), shown to the role each
 * card names, from another origin than the Worker as on a tutor's site.
 */
import { html } from 'hono/html';
import type { LessonLinks } from '../../shared/api';
import { operatorApi } from '../operator-api';
import { demoPage, type Html } from './layout';
import { card } from './site';

interface Shown {
  title: string;
  role: keyof LessonLinks;
  links: LessonLinks;
  lang?: string;
}

export async function cardsPage(options: { api: string; operatorKey: string; origin: string }): Promise<Html> {
  const api = operatorApi(options.api, options.operatorKey);
  const { call } = api;
  // The tutor's card is shown here, so the tutor allows this site's origin for their private link.
  const { tutor, service } = await api.tutorWithService({ allowed_origins: [options.origin] });
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
  return demoPage(
    { title: '<lesson-join>: every state', path: '/cards', script },
    html`<h1>&lt;lesson-join&gt; in every state</h1>
      <p>Each card reads a real lesson booked just now through the operator API, on a page served from another origin than the Worker, like any tutor's site.</p>
      <p>Paste the script once, and each card with its link inside as plain HTML: where scripts are blocked or the lesson service is down, people still get the link.</p>
      <pre tabindex="0" aria-label="What to paste">${`<script type="module" src="${script}"></script>\n<lesson-join link="${soon.student.url}"><a href="${soon.student.url}">Join the lesson</a></lesson-join>`}</pre>
      <div class="cards">
        ${shown.map(
          (s) =>
            html`<section${s.lang ? html` lang="${s.lang}"` : ''}><h2>${s.title}</h2>${card(s.links[s.role].url ?? '')}</section>`,
        )}
      </div>`,
  );
}
