/**
 * Builds `<lesson-join>`.
 *
 * `npm run build:widget` (also run by `npm start`, `npm test` and wrangler's `[build]` before
 * `wrangler dev` and `wrangler deploy`): the script tutors paste, in `dist/assets/widget/`, served
 * by the Worker as static assets. One module defines the element; the QR code (`qr-code.ts` with
 * `qrcode`), the calendar links (`calendar-links.ts` with `ts-ics`), each language's strings,
 * English too, and a person's list are chunks of their own, loaded only when a QR code or the
 * calendar links are asked for, the page speaks that language or a link is a person's; the page's
 * link store (`lesson-store.ts`, the one read of all its links) and the drawing of a lesson
 * (`lesson-card.ts`) are chunks that the first element asks for while its words load. `dist/assets/_headers` lets any site load them.
 * It is esbuild's minified output and nothing more: templates, CSS and property names ship as
 * written. `test/browser/built-bundle.test.ts` runs the element from this build, as pages get it.
 *
 * `npm run build:lib`: `dist/lib/` for dashboards that import the class or the define entry
 * (package.json `exports`), with type declarations and the Custom Elements Manifest.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

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

/pages.css
  Cache-Control: public, max-age=300
  X-Content-Type-Options: nosniff

/openapi.json
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=300
  X-Content-Type-Options: nosniff
`;

/**
 * Serves `qrcode` (CommonJS) to the bundle as an ES module pre-bundled on its own, as
 * test/browser/cjs-prebundle.mjs does for the browser tests. Bundled as CommonJS, it makes esbuild
 * emit its CJS interop helpers; with splitting those land in a shared chunk that the main chunk
 * imports though it never uses them: one more request and 0.4 KB gzip on the first paint.
 * qrcode's code is bundled by esbuild either way.
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
  /** The page's link store: every element waits for it before its lesson shows (not before its first words). */
  storeChunk: string;
  /** The drawing of a lesson on the card, asked for with the store. */
  cardChunk: string;
  /** "Add to calendar": the calendar links and the iCalendar parser, loaded when asked for. */
  calendarChunk: string;
  /** A person's list, asked for with the store; for a person's link that language's words follow (`personWords`). */
  personChunk: string;
  personWords: Record<string, string>;
  /**
   * Per language (`en`, `es`, …), every file the first paint waits for: the main module and what
   * it imports statically, plus the chunk of that language's strings, which the element awaits
   * before it renders any text.
   */
  firstPaint: Record<string, string[]>;
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

export async function buildWidgetAssets(outdir = join(root, 'dist/assets')): Promise<WidgetAssets> {
  const result = await build({
    ...ESM,
    entryPoints: { 'widget/lesson-join': DEFINE_ENTRY },
    outdir,
    minify: true,
    legalComments: 'none',
    chunkNames: 'widget/chunks/[name]-[hash]',
    plugins: [qrcodeAsEsm],
    metafile: true,
  });
  writeFileSync(join(outdir, '_headers'), HEADERS);
  // The stylesheet of the Worker's own pages (behind /l/ links): a file, so their CSP needs no inline style.
  copyFileSync(join(root, 'worker/pages/pages.css'), join(outdir, 'pages.css'));
  // The API's description, served as a file rather than from the Worker's code.
  copyFileSync(join(root, 'shared/openapi.json'), join(outdir, 'openapi.json'));
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
  /** A chunk and, transitively, every chunk it imports statically: what loading it waits for. */
  const withStaticImports = (file: string): string[] => [
    path(file),
    ...metafile.outputs[file]!.imports.filter((i) => i.kind === 'import-statement').flatMap((i) =>
      withStaticImports(i.path),
    ),
  ];
  const [mainFile] = outputs.find(([, o]) => o.entryPoint === DEFINE_ENTRY)!;
  const qr = outputs.find(([, o]) => Object.keys(o.inputs).some((i) => i.startsWith('qrcode-esm:')));
  if (!qr) throw new Error('qrcode did not end up in a chunk of its own: is it still imported with import()?');
  const main = withStaticImports(mainFile);
  if (main.includes(path(qr[0]))) throw new Error('qrcode is part of the first paint: import it lazily.');
  /** The chunk made of `module`, which no first paint may wait for. */
  const lazy = (module: string) => {
    const found = outputs.find(([, o]) => Object.keys(o.inputs).includes(module));
    if (!found) throw new Error(`${module} did not end up in the build.`);
    if (main.includes(path(found[0]))) throw new Error(`${module} is part of the first paint: import it lazily.`);
    return path(found[0]);
  };
  const personWords: Record<string, string> = {};
  const firstPaint: Record<string, string[]> = {};
  for (const [file, output] of outputs) {
    const inputs = Object.keys(output.inputs);
    const words = inputs.map((i) => /^widget\/lesson-join\/person\.([a-z]+)\.ts$/.exec(i)?.[1]).find(Boolean);
    if (words) personWords[words] = lazy(`widget/lesson-join/person.${words}.ts`);
    const lang = inputs.map((i) => /^widget\/lesson-join\/strings\.([a-z]+)\.ts$/.exec(i)?.[1]).find(Boolean);
    if (!lang) continue;
    if (main.includes(path(file)))
      throw new Error(`The ${lang} strings are part of every first paint: import them lazily.`);
    firstPaint[lang] = [...new Set([...main, ...withStaticImports(file)])];
  }
  return {
    main: path(mainFile),
    qrChunk: path(qr[0]),
    storeChunk: lazy('widget/lesson-join/lesson-store.ts'),
    cardChunk: lazy('widget/lesson-join/lesson-card.ts'),
    calendarChunk: lazy('widget/lesson-join/calendar-links.ts'),
    personChunk: lazy('widget/lesson-join/person-list.ts'),
    personWords,
    firstPaint,
  };
}

export async function buildWidgetLibrary(outdir = join(root, 'dist/lib')): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    ...ESM,
    entryPoints: { 'lesson-join': CLASS_ENTRY, define: DEFINE_ENTRY },
    outdir,
    external: ['lit', 'lit/*', 'qrcode', 'ts-ics'],
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
