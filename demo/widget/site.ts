/**
 * Ms Rivera's own site, as a tutor builds it around lesson-join: her dashboard, her student's
 * portal, the parent's page and her link-in-bio page. Each lesson is pasted as the README says:
 * the script once, then `<lesson-join link="…">` with the same link inside as plain HTML.
 */
import { html } from 'hono/html';
import type { Role } from '../../shared/api';
import { demoPage, type Html } from './layout';
import type { Cast, Lesson } from './story';

/** A card as the README says to paste it: the lesson link, with the same link inside for where no script runs. */
export const card = (url: string, label = 'Join the lesson') =>
  html`<lesson-join link="${url}"><a href="${url}">${label}</a></lesson-join>`;

/** The lessons still to come (soonest first), then the past ones (latest first): the story's once it ended. */
function inOrder(c: Cast, lessons: Lesson[]) {
  const over = (l: Lesson) => Date.parse(l.booking.end_at) <= Date.now() || (l === c.current && c.step === 'ended');
  return { ahead: lessons.filter((l) => !over(l)), past: lessons.filter(over).reverse() };
}

function cards(lessons: Lesson[], role: Role, title: (l: Lesson) => string) {
  const label = role === 'tutor' ? 'Start the lesson' : 'Join the lesson';
  return html`<div class="cards">
    ${lessons.map((l) => html`<section><h3>${title(l)}</h3>${card(l.links[role].url ?? '', label)}</section>`)}
  </div>`;
}

const when = (l: Lesson) =>
  new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: l.booking.timezone,
  }).format(new Date(l.booking.start_at));

const studentOf = (l: Lesson, c: Cast) => (l.family === 'lucia' ? c.student.name : 'Max');

/** Her dashboard: every lesson, with Start and the links to send (her own site, which her private links allow). */
export function dashboardPage(c: Cast, script: string): Html {
  const { ahead, past } = inOrder(c, c.lessons);
  const title = (l: Lesson) => `${when(l)} · ${studentOf(l, c)}`;
  return demoPage(
    { title: `${c.tutor.name} · Dashboard`, path: '/dashboard', script },
    html`<h1>${c.tutor.name}: your lessons</h1>
      <p class="muted">Your own site. Each card is your private link to one lesson: Start opens it as host, and Copy gives you the student's and the parent's links to send.</p>
      <h2>Coming up</h2>
      ${cards(ahead, 'tutor', title)}
      ${past.length ? html`<h2>Past lessons</h2>${cards(past, 'tutor', title)}` : ''}
      <p>All your lessons on one page, from lesson-join: <a href="${c.people.tutor.url}">your dashboard link</a> (keep it to yourself).</p>`,
  );
}

/** Lucía's portal on the tutor's site: her lessons, Join when it is time. */
export function portalPage(c: Cast, script: string): Html {
  const mine = c.lessons.filter((l) => l.family === 'lucia');
  const { ahead, past } = inOrder(c, mine);
  return demoPage(
    { title: `${c.student.name}'s lessons`, path: '/portal', script },
    html`<h1>Hello ${c.student.name}</h1>
      <p class="muted">Your lessons with ${c.tutor.name}. Join opens shortly before each lesson; to join on a phone, scan its QR code from this screen.</p>
      <h2>Your lessons</h2>
      ${cards(ahead, 'student', when)}
      ${past.length ? html`<h2>Past lessons</h2>${cards(past, 'student', when)}` : ''}
      <p>Bookmark <a href="${c.people.student.url}">your lessons page</a>: it always shows the next one.</p>`,
  );
}

/** The parent's page: plain words first, then the family's lessons; never a Start. */
export function familyPage(c: Cast, script: string): Html {
  const ours = c.lessons.filter((l) => l.family === 'lucia');
  const { ahead, past } = inOrder(c, ours);
  return demoPage(
    { title: 'Your family’s lessons', path: '/family', script },
    html`<h1>${c.student.name}’s lessons with ${c.tutor.name}</h1>
      <p class="note">Lessons happen on a private link made for each lesson: only ${c.student.name}, your family and ${c.tutor.name} have it. Only ${c.tutor.name} can start a lesson.</p>
      <h2>Coming up</h2>
      ${cards(ahead, 'parent', when)}
      ${past.length ? html`<h2>Past lessons</h2>${cards(past, 'parent', when)}` : ''}
      <p><a href="${c.people.parent.url}">All of your family’s lessons</a> on one page.</p>`,
  );
}

/** The page behind her social profiles: public, so it carries no lesson link at all. */
export function bioPage(c: Cast, api: string): Html {
  const subjects = new Intl.ListFormat('en', { type: 'conjunction' }).format(c.services.map((s) => s.name));
  return demoPage(
    { title: c.tutor.name, path: '/bio', narrow: true },
    html`<h1>${c.tutor.name}</h1>
      <p>Online ${subjects} lessons on Zoom.</p>
      <ul class="links">
        <li><a class="button" href="${c.tutor.booking_url ?? '/'}">Book a lesson</a></li>
        <li><a class="button" href="${api}/t/${c.tutor.public_slug}">How my lessons work</a></li>
      </ul>
      <p class="muted">A public page: it links to the booking and to lesson-join's public page of the tutor, never to a lesson. Lesson links are private, each made for one lesson and sent to its family.</p>`,
  );
}
