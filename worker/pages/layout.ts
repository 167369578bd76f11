/**
 * The shell of every page behind a link: readable on a phone, one same-origin stylesheet (no inline
 * style or script, for a strict Content-Security-Policy), and `<lesson-join>` to enhance it where
 * JavaScript runs. Everything interpolated is escaped by `hono/html`.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Language } from './strings';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export const page = (
  lang: Language,
  title: string,
  body: Html,
  options: {
    /** Loads `<lesson-join>` to enhance the lessons on the page. */
    widget?: boolean;
    /** A dashboard: more room on wide screens. */
    wide?: boolean;
    /** A public page search engines may list (the pages behind links never are). */
    listed?: boolean;
  } = {},
) => html`<!doctype html>
<html lang="${lang}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    ${options.listed ? '' : html`<meta name="robots" content="noindex" />`}
    <title>${title}</title>
    <link rel="stylesheet" href="/pages.css" />
    ${options.widget ? html`<script type="module" src="/widget/lesson-join.js"></script>` : ''}
  </head>
  <body>
    <main${options.wide ? html` class="wide"` : ''}>${body}</main>
  </body>
</html>`;
