/**
 * A tutor's public page, `/t/{slug}`, for link-in-bio use: who the tutor is, what they teach and
 * how lessons happen, and where to book. Only tutors who opted in (a `public_slug`) have one. It is
 * built from the tutor and their services alone: no lesson, link or student is ever read for it.
 */
import { html } from 'hono/html';
import type { ServiceRow, TutorRow } from '../db/schema';
import { type Html, page } from './layout';
import { type Language, pageStrings } from './strings';

export function tutorPage(profile: { tutor: TutorRow; services: ServiceRow[] }, lang: Language): Html {
  const t = pageStrings[lang];
  const { tutor, services } = profile;
  const subjects = [...new Set(services.map((s) => s.name))];
  // A waiting room is Zoom's: it is worth saying only where lessons happen on Zoom.
  const zoom = tutor.defaultProvider === 'zoom';
  const waitingRoom = zoom && services.some((s) => s.waitingRoom);
  return page(
    lang,
    tutor.name,
    html`<h1>${tutor.name}</h1>
      ${subjects.length ? html`<p>${t.lessonsIn(new Intl.ListFormat(t.locale, { type: 'conjunction' }).format(subjects))}</p>` : ''}
      ${
        services.length
          ? html`<ul class="services">
            ${services.map(
              (s) =>
                html`<li><strong>${s.name}</strong> · ${t.minutes(s.durationMinutes)}${zoom && s.waitingRoom ? html` · ${t.withWaitingRoom}` : ''}</li>`,
            )}
          </ul>`
          : ''
      }
      <section>
        <h2>${t.howLessons}</h2>
        <ul>
          <li>${t.online(tutor.defaultProvider)}</li>
          <li>${t.privateLinks}</li>
          ${waitingRoom ? html`<li>${t.waitingRoom(tutor.name)}</li>` : ''}
        </ul>
      </section>
      ${tutor.bookingUrl ? html`<p><a class="button" href="${tutor.bookingUrl}" rel="noopener">${t.book}</a></p>` : ''}`,
    { listed: true },
  );
}

/** An unknown slug, or a tutor who has no public page: the same answer, so neither can be told apart. */
export function noTutorPage(lang: Language): Html {
  const t = pageStrings[lang];
  return page(lang, t.noTutorTitle, html`<h1>${t.noTutorTitle}</h1><p>${t.noTutorText}</p>`);
}
