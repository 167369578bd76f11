/** The shell of the demo's pages: one stylesheet, light and dark, readable on a phone. */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLE = `
  :root { color-scheme: light dark; --text: #1b1f24; --muted: #57606a; --accent: #0b6e4f; --accent-text: #fff;
    --line: #8c959f; --bg: #fff; --panel: #f6f8fa; --link: #0a5c8f; font: 16px/1.5 system-ui, sans-serif; }
  @media (prefers-color-scheme: dark) {
    :root { --text: #e6edf3; --muted: #9da7b3; --accent: #3fb68b; --accent-text: #0d1117; --line: #6e7681;
      --bg: #0d1117; --panel: #161b22; --link: #6cb6ff; }
  }
  body { margin: 0; color: var(--text); background: var(--bg); }
  a { color: var(--link); }
  header { background: var(--panel); border-bottom: 1px solid var(--line); padding: 0.5rem 1rem; font-size: 0.9rem; }
  header nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; margin: 0; padding: 0; }
  header nav a { display: inline-block; padding: 0.4rem 0; }
  header nav a[aria-current] { font-weight: 700; }
  main { max-width: 60rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
  main.narrow { max-width: 30rem; text-align: center; }
  h1 { font-size: 1.6rem; margin: 0.5rem 0; }
  h2 { font-size: 1.15rem; margin: 1.75rem 0 0.5rem; }
  .muted { color: var(--muted); }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: 1rem; }
  .cards > section { margin: 0; }
  .cards h3 { font-size: 0.95rem; margin: 0 0 0.4rem; color: var(--muted); font-weight: 600; }
  .button, button { display: inline-block; box-sizing: border-box; min-height: 44px; padding: 0.6rem 1.2rem;
    border: 0; border-radius: 0.5rem; background: var(--accent); color: var(--accent-text); font: inherit;
    font-weight: 600; text-decoration: none; cursor: pointer; }
  button:disabled { background: var(--panel); color: var(--muted); border: 1px solid var(--line); cursor: default; }
  .links { list-style: none; padding: 0; display: grid; gap: 0.75rem; }
  .links .button { width: 100%; }
  ol.steps { padding-left: 1.5rem; }
  ol.steps li { margin: 0 0 1rem; }
  ol.steps form { margin: 0.4rem 0 0; }
  .note { border-left: 4px solid var(--accent); background: var(--panel); padding: 0.5rem 1rem; }
  code { overflow-wrap: anywhere; }
  pre { overflow-x: auto; padding: 1rem; border: 1px solid var(--line); border-radius: 0.5rem; }
`;

export interface PageOptions {
  title: string;
  /** Where in the demo this page is, for the navigation (`/dashboard`…). */
  path: string;
  /** The `<lesson-join>` script, on the pages that embed the element. */
  script?: string;
  narrow?: boolean;
}

const NAV = [
  ['/', 'The story'],
  ['/dashboard', "Tutor's dashboard"],
  ['/portal', 'Student portal'],
  ['/family', 'Parent page'],
  ['/bio', 'Link in bio'],
  ['/cards', 'Every state'],
] as const;

export const demoPage = (options: PageOptions, body: Html) => html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<style>${STYLE}</style>
${options.script ? html`<script type="module" src="${options.script}"></script>` : ''}
</head>
<body>
<header>
  <nav aria-label="Demo pages">
    <ul>
      ${NAV.map(
        ([path, label]) =>
          html`<li><a href="${path}"${path === options.path ? html` aria-current="page"` : ''}>${label}</a></li>`,
      )}
    </ul>
  </nav>
</header>
<main${options.narrow ? html` class="narrow"` : ''}>${body}</main>
</body>
</html>`;
