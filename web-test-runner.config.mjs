// Browser tests of <lesson-join> in Debian's Chromium (@web/test-runner 0.20, no browser download).
//
// The component is driven by what the real Worker answers: `test/fixtures/lesson-views.json` is
// recorded from the Worker inside workerd (test/worker/lesson-fixtures.test.ts fails when it drifts)
// and served here over HTTP; `test/browser/delivery.test.ts` runs against `npm start` itself.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const profile = mkdtempSync(join(tmpdir(), 'wtr-chromium-'));
process.on('exit', () => rmSync(profile, { recursive: true, force: true }));

/**
 * qrcode and jsqr are CommonJS. @web/dev-server serves files unbundled, so each is pre-bundled
 * once with esbuild into a single ES module with a default export.
 */
function esbuildCjsPackages(packages) {
  const cache = new Map();
  return {
    name: 'esbuild-cjs-packages',
    resolveImport({ source }) {
      if (packages.includes(source)) return `/__cjs__/${source}.js`;
    },
    async serve(context) {
      const name = /^\/__cjs__\/(.+)\.js$/.exec(context.path)?.[1];
      if (!name) return;
      if (!cache.has(name)) {
        const out = await build({
          stdin: { contents: `import m from '${name}'; export default m;`, resolveDir: process.cwd() },
          bundle: true,
          format: 'esm',
          platform: 'browser',
          target: 'es2022',
          write: false,
          logLevel: 'silent',
        });
        cache.set(name, out.outputFiles[0].text);
      }
      return { body: cache.get(name), type: 'js' };
    },
  };
}

/**
 * `/fixture-api/api/lessons/{scenario}.{role}` answers with the recorded view, like the Worker's
 * `/api/lessons/{token}`; unknown tokens get the Worker's recorded 401. Tests may add views of
 * their own (POST /fixture-api/__lessons, a list served in turn, the last one repeating) and ask
 * how often a token was read (GET /fixture-api/__reads/{token}).
 */
function lessonFixtureApi() {
  const recorded = () => JSON.parse(readFileSync('test/fixtures/lesson-views.json', 'utf8'));
  const added = new Map();
  const reads = new Map();
  let next = 0;
  const json = (ctx, status, body) => {
    ctx.status = status;
    ctx.type = 'application/json';
    ctx.set('cache-control', 'no-store');
    ctx.body = JSON.stringify(body);
  };
  return async (ctx, next_) => {
    if (!ctx.path.startsWith('/fixture-api/')) return next_();
    if (ctx.method === 'POST' && ctx.path === '/fixture-api/__lessons') {
      const chunks = [];
      for await (const chunk of ctx.req) chunks.push(chunk);
      const { views } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const token = `added-${++next}`;
      added.set(token, views);
      return json(ctx, 201, { token });
    }
    const readsOf = /^\/fixture-api\/__reads\/(.+)$/.exec(ctx.path);
    if (readsOf) return json(ctx, 200, { reads: reads.get(decodeURIComponent(readsOf[1])) ?? 0 });
    const lesson = /^\/fixture-api\/api\/lessons\/(.+)$/.exec(ctx.path);
    if (!lesson) return json(ctx, 404, { error: { code: 'not_found', message: 'No such fixture route.' } });
    const token = decodeURIComponent(lesson[1]);
    reads.set(token, (reads.get(token) ?? 0) + 1);
    if (added.has(token)) {
      const views = added.get(token);
      const answer = views.length > 1 ? views.shift() : views[0];
      // An error is written { status, body }, as recorded; anything else is a lesson view.
      return typeof answer.status === 'number' ? json(ctx, answer.status, answer.body) : json(ctx, 200, answer);
    }
    const [scenario, role] = token.split('.');
    const all = recorded();
    const view = all[scenario]?.[role];
    if (view) return json(ctx, 200, view);
    const error = all.errors.invalid;
    return json(ctx, error.status, error.body);
  };
}

/**
 * The product as `npm start` runs it, started on first use by test/browser/delivery.test.ts:
 * `lesson-join:seed` books a lesson through the operator API and returns its links.
 */
function realProduct() {
  let product;
  const operator = async (method, path, body) => {
    const res = await fetch(`${product.api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${product.operatorKey}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body && JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    name: 'lesson-join-product',
    async executeCommand({ command, payload }) {
      if (command !== 'lesson-join:seed') return undefined;
      if (!product) {
        const { startProduct } = await tsImport('./test/node/start.ts', import.meta.url);
        product = await startProduct();
      }
      const n = `${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
      const tutor = await operator('POST', '/api/tutors', {
        name: 'Ms Rivera',
        email: `rivera.${n}@example.com`,
        timezone: 'Europe/Madrid',
        zoom_user_id: `rivera.${n}@example.com`,
      });
      const service = await operator('POST', '/api/services', {
        tutor_id: tutor.id,
        name: 'Chemistry',
        duration_minutes: 50,
      });
      const booking = await operator('POST', '/api/bookings', {
        tutor_id: tutor.id,
        service_id: service.id,
        student_name: 'Lucía',
        student_email: 'lucia@example.com',
        start_at: new Date(Date.now() + (payload?.startsInMinutes ?? 5) * 60_000).toISOString(),
      });
      await operator('POST', `/api/bookings/${booking.id}/confirm`);
      const links = await operator('POST', `/api/bookings/${booking.id}/links`);
      return { api: product.api, links };
    },
    async serverStop() {
      await product?.stop();
    },
  };
}

export default {
  files: ['widget/**/*.test.ts', 'test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 20_000 } },
  middleware: [lessonFixtureApi()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM,
        headless: true,
        userDataDir: profile,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
      // Copy and its tests need the clipboard, as a user who clicked would have it.
      async createPage({ config, context }) {
        await context.overridePermissions(`${config.protocol}//${config.hostname}:${config.port}`, [
          'clipboard-read',
          'clipboard-write',
          'clipboard-sanitized-write',
        ]);
        return context.newPage();
      },
    }),
  ],
  plugins: [
    esbuildCjsPackages(['qrcode', 'jsqr']),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.widget.json' }),
    realProduct(),
  ],
};
