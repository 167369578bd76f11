/** The demo's front page: one lesson's story, a step at a time, and where to watch it. */
import { html } from 'hono/html';
import { demoPage, type Html } from './layout';
import type { Cast, Step } from './story';

const ORDER: Step[] = ['ready', 'booked', 'paid', 'live', 'ended'];

/** One step: what it does, and its button (enabled only when it is the next step). */
const step = (c: Cast, action: string, button: string, after: Step, text: Html) => {
  const done = ORDER.indexOf(c.step) > ORDER.indexOf(after);
  const next = c.step === after;
  return html`<li>
    ${text}
    <form method="post" action="/${action}"><button type="submit"${next ? '' : ' disabled'}>${done ? `${button} ✓` : button}</button></form>
  </li>`;
};

export function storyPage(c: Cast, api: string): Html {
  const l = c.current;
  return demoPage(
    { title: 'lesson-join demo', path: '/' },
    html`<h1>One lesson, from booking to recording</h1>
      <p>This site stands for a tutor's own: ${c.tutor.name} teaches ${c.student.name}, whose parent follows her lessons. The pages below embed <code>&lt;lesson-join&gt;</code> as a tutor would, from another origin than lesson-join (<a href="${api}/">${api}</a>). Open each in a tab of its own, take a step here, and switch back to a page: it has followed, without a reload.</p>
      <ul>
        <li><a href="/dashboard" target="_blank">${c.tutor.name}'s dashboard</a>: Start, and the links to send</li>
        <li><a href="/portal" target="_blank">${c.student.name}'s student portal</a>: Join, the QR code</li>
        <li><a href="/family" target="_blank">The parent's page</a>: the lessons, never a Start</li>
        <li><a href="/bio" target="_blank">The link-in-bio page</a>: public, with no lesson link</li>
      </ul>
      <h2>The story</h2>
      <ol class="steps">
        ${step(c, 'book', 'Book a lesson', 'ready', html`Book a Chemistry lesson for ${c.student.name}, starting now (a real one would be days away). It is unpaid: the pages say so.`)}
        ${step(c, 'pay', 'Pay for it', 'booked', html`Pay: the demo sends the Worker Stripe's <code>checkout.session.completed</code>, signed with the <code>stripe</code> package as Stripe signs it. The Worker confirms the lesson and makes its Zoom meeting; every page shows the link.`)}
        ${step(c, 'start', 'Start the lesson in Zoom', 'paid', html`The Zoom sandbox plays the lesson as Zoom reports it: ${c.tutor.name} starts the meeting, ${c.student.name} joins two minutes late. The pages say it is live.`)}
        ${step(c, 'end', 'End the lesson', 'live', html`${c.student.name} leaves, the meeting ends, Zoom's recording is ready. The pages say it has ended; the tutor's says the recording is ready.`)}
      </ol>
      ${c.problem ? html`<p class="note" role="alert">${c.problem}</p>` : ''}
      ${
        l
          ? html`<h2>The lesson's own links</h2>
            <p>Made when it was booked; each works for one role, for as long as the lesson lasts.</p>
            <ul>
              <li>Student: <a href="${l.links.student.url}">${l.links.student.url}</a></li>
              <li>Parent: <a href="${l.links.parent.url}">${l.links.parent.url}</a></li>
              <li>Tutor (a host key: keep it private): <a href="${l.links.tutor.url}">${l.links.tutor.url}</a></li>
            </ul>`
          : ''
      }
      <h2>The same lessons on lesson-join's own pages</h2>
      <ul>
        <li><a href="${c.people.tutor.url}">The tutor's dashboard</a> (her person link)</li>
        <li><a href="${c.people.student.url}">${c.student.name}'s lessons</a> (her person link)</li>
        <li><a href="${c.people.parent.url}">The family's lessons</a> (the parent's person link)</li>
        <li><a href="${api}/t/${c.tutor.public_slug}">${c.tutor.name}'s public page</a></li>
      </ul>
      <form method="post" action="/start-over"><button type="submit">Start over with a new tutor and family</button></form>`,
  );
}
