/**
 * The Worker's front page: what this is, and where to go from here. Under `npm start` it also
 * points to the demo and the development tools; a deployed Worker links nothing of those.
 */
import { html } from 'hono/html';
import { type Html, page } from './layout';
import { type Language, pageStrings } from './strings';

export interface HomeLinks {
  /** The demo site, when `npm start` runs one. */
  demo?: string;
}

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
        dev?.demo
          ? html`<h2>${t.homeDev}</h2>
            <ul>
              <li><a href="${dev.demo}">${t.homeDemo}</a></li>
            </ul>`
          : ''
      }`,
  );
}
