/**
 * Builds `<lesson-join>`.
 *
 * `npm run build:widget` (also run by `npm start`, `npm test` and wrangler's `[build]` before
 * `wrangler dev` and `wrangler deploy`): the script tutors paste, in `dist/assets/widget/`, served
 * by the Worker as static assets. One module defines the element; the QR code (`qr-code.ts` with
 * `qrcode`) is a chunk of its own that loads only when a QR code is shown. `dist/assets/_headers`
 * lets any site load it.
 *
 * `npm run build:lib`: `dist/lib/` for dashboards that import the class or the define entry
 * (package.json `exports`), with type declarations and the Custom Elements Manifest.
 */
import { build, transform, type Metafile, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { minify, type MinifyOptions } from 'terser';
import en from '../widget/lesson-join/strings.en';
import { minifyHtmlTemplates } from './minify-html-templates';

const root = resolve(import.meta.dirname, '..');
const DEFINE_ENTRY = 'widget/lesson-join/define.ts';
const CLASS_ENTRY = 'widget/lesson-join/lesson-join.ts';

/** Any site may load the script and its chunks as modules; the chunks never change under their name. */
const HEADERS = `/widget/*
  Access-Control-Allow-Origin: *
  Cross-Origin-Resource-Policy: cross-origin
  X-Content-Type-Options: nosniff

/widget/lesson-join.js
  Cache-Control: public, max-age=300

/widget/chunks/*
  Cache-Control: public, max-age=31536000, immutable
`;

/**
 * Minifies what esbuild keeps as written inside Lit's template literals: the CSS in css`…` of the
 * style modules (a tenth of the first paint), and the indentation in html`…` (66 bytes gzip, see
 * minify-html-templates.ts).
 *
 * The minified CSS goes to Lit's `unsafeCSS` rather than back into css`…`: for one literal without
 * interpolations the two make the same CSSResult, and with `css` unused esbuild drops Lit's tag
 * function and its long error message (164 bytes gzip). Only our own literal reaches `unsafeCSS`.
 */
const minifyLitTemplates: Plugin = {
  name: 'minify-lit-templates',
  setup(b) {
    b.onLoad({ filter: /\.styles\.ts$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      const literal = /css`([^`$]*)`/.exec(source);
      const imported = /import \{ css \} from 'lit';/.exec(source);
      if (!literal || !imported)
        throw new Error(`${args.path}: expected import { css } from 'lit' and one css\`…\` without interpolations.`);
      const { code } = await transform(literal[1]!, { loader: 'css', minify: true });
      // esbuild keeps custom properties' values as written, spaces and all: `--_accent: var(--a, b)`.
      // Outside quotes, none of ours needs a space after a comma or such a colon (9 bytes gzip).
      const css = code
        .trim()
        .split(/("[^"]*"|'[^']*')/)
        .map((part, i) => (i % 2 ? part : part.replace(/(,|--[\w-]+:)\s+/g, '$1')))
        .join('');
      const contents = source
        .replace(imported[0], "import { unsafeCSS } from 'lit';")
        .replace(literal[0], `unsafeCSS(${JSON.stringify(css)})`);
      return { contents, loader: 'ts' };
    });
    b.onLoad({ filter: /[\\/]widget[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      return source.includes('html`') ? { contents: minifyHtmlTemplates(source), loader: 'ts' } : undefined;
    });
  },
};

/**
 * The keys of the component's strings that esbuild shortens to a letter or two (`t.copyStudentLink`
 * → `t.a`), in the main chunk and every language's chunk alike: 97 bytes gzip. Only keys of more
 * than one word: a one-word key (`join`, `loading`, `passcode`) may also be a name of the DOM or the
 * lesson API, which must keep theirs. Nothing outside the widget's own modules may use a shortened
 * name (`checkShortened` fails the build), so Lit and qrcode keep all of theirs.
 */
const SHORTENED = Object.keys(en).filter((key) => /[A-Z]/.test(key));
const shortened = new RegExp(`^(${SHORTENED.join('|')})$`);

function checkShortened(code: string, where: string): void {
  const used = new RegExp(`\\b(${SHORTENED.join('|')})\\b`).exec(code);
  if (used) throw new Error(`${where} uses "${used[1]}", a key of the strings the build shortens: rename the key.`);
}

/**
 * Serves `qrcode` (CommonJS) to the bundle as an ES module pre-bundled on its own, as
 * web-test-runner.config.mjs does. Bundled as CommonJS, it makes esbuild emit its CJS interop
 * helpers; with splitting those land in a shared chunk that the main chunk imports though it never
 * uses them: one more request and 130 bytes gzip on the first paint.
 */
const qrcodeAsEsm: Plugin = {
  name: 'qrcode-as-esm',
  setup(b) {
    b.onResolve({ filter: /^qrcode$/ }, () => ({ path: 'qrcode', namespace: 'qrcode-esm' }));
    b.onLoad({ filter: /.*/, namespace: 'qrcode-esm' }, async () => {
      const out = await build({
        stdin: { contents: "import qrcode from 'qrcode'; export default qrcode;", resolveDir: root },
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        // Minified here too: unminified, each CommonJS module is keyed by its path.
        minify: true,
        write: false,
        metafile: true,
      });
      checkShortened(out.outputFiles[0]!.text, 'qrcode');
      return {
        contents: out.outputFiles[0]!.text,
        loader: 'js',
        watchFiles: Object.keys(out.metafile.inputs).map((f) => resolve(root, f)),
      };
    });
  },
};

export interface WidgetAssets {
  /** The module tutors paste, e.g. `dist/assets/widget/lesson-join.js`. */
  main: string;
  /** The chunk that holds `qrcode`. */
  qrChunk: string;
  /** Every file the main module imports statically (needed for the first paint). */
  firstPaint: string[];
}

/** ES modules for browsers, split so that `import()` makes chunks of their own. */
const ESM = {
  absWorkingDir: root,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  logLevel: 'warning',
} as const;

/**
 * terser after esbuild: its second compress pass and its choice of short names take a further
 * 119 bytes gzip off the main chunk. ES2022 like the esbuild target, as ES modules.
 */
const TERSER: MinifyOptions = { module: true, ecma: 2022, compress: { passes: 2 }, format: { ecma: 2022 } };

export async function buildWidgetAssets(outdir = join(root, 'dist/assets')): Promise<WidgetAssets> {
  const result = await build({
    ...ESM,
    entryPoints: { 'widget/lesson-join': DEFINE_ENTRY },
    outdir,
    minify: true,
    legalComments: 'none',
    chunkNames: 'widget/chunks/[name]-[hash]',
    plugins: [minifyLitTemplates, qrcodeAsEsm],
    metafile: true,
    mangleProps: shortened,
    write: false,
  });
  for (const input of Object.keys(result.metafile.inputs)) {
    if (!input.startsWith('widget/lesson-join/') && !input.startsWith('qrcode-esm:'))
      checkShortened(readFileSync(join(root, input), 'utf8'), input);
  }
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.path.endsWith('.js') ? (await minify(file.text, TERSER)).code! : file.contents);
  }
  writeFileSync(join(outdir, '_headers'), HEADERS);
  // Old chunks go after the new ones are written: the directory never disappears under a running
  // `wrangler dev` or test pool.
  const built = new Set(Object.keys(result.metafile.outputs).map((f) => resolve(root, f)));
  const chunks = join(outdir, 'widget/chunks');
  for (const file of readdirSync(chunks)) if (!built.has(join(chunks, file))) rmSync(join(chunks, file));
  return describe(result.metafile);
}

function describe(metafile: Metafile): WidgetAssets {
  const outputs = Object.entries(metafile.outputs);
  const path = (file: string) => resolve(root, file);
  const [mainFile, main] = outputs.find(([, o]) => o.entryPoint === DEFINE_ENTRY)!;
  const qr = outputs.find(([, o]) => Object.keys(o.inputs).some((i) => i.startsWith('qrcode-esm:')));
  if (!qr) throw new Error('qrcode did not end up in a chunk of its own: is it still imported with import()?');
  const firstPaint = [
    path(mainFile),
    ...main.imports.filter((i) => i.kind === 'import-statement').map((i) => path(i.path)),
  ];
  if (firstPaint.includes(path(qr[0]))) throw new Error('qrcode is part of the first paint: import it lazily.');
  return { main: path(mainFile), qrChunk: path(qr[0]), firstPaint };
}

export async function buildWidgetLibrary(outdir = join(root, 'dist/lib')): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    ...ESM,
    entryPoints: { 'lesson-join': CLASS_ENTRY, define: DEFINE_ENTRY },
    outdir,
    external: ['lit', 'lit/*', 'qrcode'],
    chunkNames: 'chunks/[name]-[hash]',
  });
  const bin = (name: string) => join(root, 'node_modules/.bin', name);
  execFileSync(bin('tsc'), ['-p', 'tsconfig.widget-lib.json', '--outDir', join(outdir, 'types')], {
    cwd: root,
    stdio: 'inherit',
  });
  // The analyzer writes `custom-elements.json` into a directory relative to the working directory.
  mkdirSync(outdir, { recursive: true });
  execFileSync(
    bin('cem'),
    ['analyze', '--litelement', '--quiet', '--globs', CLASS_ENTRY, DEFINE_ENTRY, '--outdir', relative(root, outdir)],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

if (resolve(process.argv[1] ?? '') === import.meta.filename) {
  const want = new Set(process.argv.slice(2));
  const all = want.size === 0;
  if (all || want.has('--assets')) {
    const assets = await buildWidgetAssets();
    console.log(`Built ${relative(root, assets.main)} (QR code in ${relative(root, assets.qrChunk)}).`);
  }
  if (all || want.has('--lib')) {
    await buildWidgetLibrary();
    console.log('Built dist/lib (ES modules, type declarations, custom-elements.json).');
  }
}
