/**
 * The Worker's front page: what this is, and where to go from here. Under `npm start` it also
 * points to the demo and the development mailbox; a deployed Worker links nothing of those.
 */
import { html } from 'hono/html';
import { type Html, page } from './layout';
import { type Language, pageStrings } from './strings';

export interface HomeLinks {
  /** The demo site, when `npm start` runs one. */
  demo?: string;
}

/** The development tools the Worker serves while DEV_TOOLS is on (worker/routes/dev.ts). */
const MAILBOX = '/__dev/mailbox';

export function homePage(lang: Language, dev: HomeLinks | null): Html {
  const t = pageStrings[lang];
  return page(
    lang,
    t.homeTitle,
    html`<h1>${t.homeTitle}</h1>
      <p>${t.homeIntro}</p>
      <ul>
        <li><a href="/openapi.json">${t.homeApi}</a></li>
      </ul>
      ${
        dev
          ? html`<h2>${t.homeDev}</h2>
            <ul>
              ${dev.demo ? html`<li><a href="${dev.demo}">${t.homeDemo}</a></li>` : ''}
              <li><a href="${MAILBOX}">${t.homeMailbox}</a></li>
            </ul>`
          : ''
      }`,
  );
}
