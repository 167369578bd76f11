/**
 * Collapses the indentation inside Lit's html`…` templates of a TypeScript module, for the widget
 * build (esbuild keeps template literals exactly as written). Whitespace that holds a line break
 * goes where it touches a tag (a `>` before it, a `<` after it) or an end of the template, and
 * becomes one space anywhere else, so words and bindings on either side stay apart. Whitespace
 * within a line is left as written, and templates with another tag (or none) are not touched.
 *
 * A small scanner, not a parser: it knows strings, comments, regular expression literals and
 * template literals nested through `${…}`, which is all the widget's modules use.
 * @example minifyHtmlTemplates('html`<p>\n  ${a}\n</p>`') // 'html`<p>${a}</p>`'
 */
export function minifyHtmlTemplates(source: string): string {
  let i = 0;
  let out = '';
  const fail = (why: string): never => {
    throw new Error(`minifyHtmlTemplates: ${why} at offset ${i}.`);
  };
  /** Copies source[i, end) to the output. */
  const copyTo = (end: number) => {
    out += source.slice(i, end);
    i = end;
  };
  /** Where a string or regular expression that opens at i closes (after its closing character). */
  const endOf = (close: string): number => {
    let inClass = false;
    for (let j = i + 1; j < source.length; j++) {
      const c = source[j];
      if (c === '\\') j++;
      else if (c === '\n') break;
      else if (close === '/' && (c === '[' || c === ']')) inClass = c === '[';
      else if (c === close && !inClass) return j + 1;
    }
    return fail(`unclosed ${close}`);
  };
  const collapse = (text: string, opens: boolean, closes: boolean) =>
    text.replace(/\s*\n\s*/g, (run: string, at: number) => {
      const before = at === 0 ? (opens ? '>' : '') : text[at - 1];
      const after = at + run.length === text.length ? (closes ? '<' : '') : text[at + run.length];
      return before === '>' || after === '<' ? '' : ' ';
    });

  /** Code up to the `}` that closes the `${` it is in (not copied), or to the end of the source. */
  function code(inTemplate: boolean): void {
    let depth = 0;
    while (i < source.length) {
      const c = source[i]!;
      const next = source[i + 1];
      if (c === '`') {
        const tagged = /\bhtml\s*$/.test(out);
        out += c;
        i++;
        template(tagged);
      } else if (c === "'" || c === '"') copyTo(endOf(c));
      else if (c === '/' && next === '/') copyTo(source.includes('\n', i) ? source.indexOf('\n', i) : source.length);
      else if (c === '/' && next === '*')
        copyTo(source.includes('*/', i) ? source.indexOf('*/', i) + 2 : fail('unclosed comment'));
      else if (c === '/' && /(^|[(,=:[!&|?{};]|\breturn)\s*$/.test(out)) copyTo(endOf('/'));
      else {
        if (c === '}' && depth === 0 && inTemplate) return;
        if (c === '{') depth++;
        if (c === '}') depth--;
        copyTo(i + 1);
      }
    }
    if (inTemplate) fail('unclosed ${');
  }

  /** A template literal's text and `${…}` after its opening backtick, through its closing one. */
  function template(isHtml: boolean): void {
    for (let opens = true; ; opens = false) {
      let j = i;
      while (j < source.length && source[j] !== '`' && !source.startsWith('${', j)) j += source[j] === '\\' ? 2 : 1;
      if (j >= source.length) fail('unclosed template');
      const closes = source[j] === '`';
      const text = source.slice(i, j);
      out += isHtml ? collapse(text, opens, closes) : text;
      i = j;
      if (closes) return copyTo(j + 1);
      copyTo(j + 2);
      code(true);
      copyTo(i + 1);
    }
  }

  code(false);
  return out;
}
