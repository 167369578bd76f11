/** The widget build's html`…` minifier: indentation goes, words and bindings stay apart, nothing else changes. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minifyHtmlTemplates } from '../../scripts/minify-html-templates';

const widget = resolve(import.meta.dirname, '../../widget/lesson-join');

describe('minifyHtmlTemplates', () => {
  it('drops line breaks and indentation next to tags and template ends', () => {
    expect(minifyHtmlTemplates('html`\n  <div>\n    <p>${a}</p>\n  </div>\n`')).toBe('html`<div><p>${a}</p></div>`');
    expect(minifyHtmlTemplates('html`<p>\n  ${a}\n</p>`')).toBe('html`<p>${a}</p>`');
  });

  it('keeps one space where a line break separates attributes, words or bindings', () => {
    expect(minifyHtmlTemplates('html`<button\n  part="copy"\n  @click=${go}\n>\n  Copy\n  link\n</button>`')).toBe(
      'html`<button part="copy" @click=${go} >Copy link</button>`',
    );
    expect(minifyHtmlTemplates('html`${a}\n  ${b}`')).toBe('html`${a} ${b}`');
  });

  it('leaves whitespace within a line, other templates, strings and comments as written', () => {
    const untouched = [
      'html`${t.passcode}: <strong>${code}</strong>`',
      'css`\n  p {\n    margin: 0;\n  }\n`',
      '`\n  ${a}\n`',
      "const s = 'html`\\n  <p>';",
      '// html`\n/* html`\n  <p> */',
      'const r = /`html[`]\\/`/;',
      'x = a / b / html;',
    ];
    for (const source of untouched) expect(minifyHtmlTemplates(source)).toBe(source);
  });

  it('reaches html`…` nested in the bindings of any template', () => {
    expect(minifyHtmlTemplates('html`<ul>\n  ${items.map((i) => html`\n    <li>${i}</li>\n  `)}\n</ul>`')).toBe(
      'html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`',
    );
    expect(minifyHtmlTemplates('`${a ? html`\n  <b>x</b>\n` : `\n`}`')).toBe('`${a ? html`<b>x</b>` : `\n`}`');
  });

  it('keeps every binding of every widget module', () => {
    for (const file of readdirSync(widget).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(widget, file), 'utf8');
      const minified = minifyHtmlTemplates(source);
      expect(minified.split('${').length, file).toBe(source.split('${').length);
      expect(minified.replace(/\s+/g, ''), file).toBe(source.replace(/\s+/g, ''));
    }
  });

  it('says where a template never closes', () => {
    expect(() => minifyHtmlTemplates('html`<p>${a}')).toThrow(/unclosed/);
  });
});
