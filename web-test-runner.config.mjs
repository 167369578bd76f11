// Browser tests of <lesson-join> in Debian's Chromium (@web/test-runner 0.20, no browser download).
//
// The component is driven by what the real Worker answers (test/browser/fixture-api.mjs serves its
// recorded answers); test/browser/built-bundle.test.ts checks the bundle as built for pages, and
// test/browser/delivery.test.ts runs against `npm start` itself.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtWidget } from './test/browser/built-widget.mjs';
import { cjsPrebundle } from './test/browser/cjs-prebundle.mjs';
import { lessonFixtureApi } from './test/browser/fixture-api.mjs';
import { realProduct } from './test/browser/product.mjs';
import { touchScreen } from './test/browser/touch-screen.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const profile = mkdtempSync(join(tmpdir(), 'wtr-chromium-'));
process.on('exit', () => rmSync(profile, { recursive: true, force: true }));

export default {
  files: ['widget/**/*.test.ts', 'test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  concurrency: 1,
  browserStartTimeout: 60_000,
  // A bound, not a speed check: delivery.test.ts starts `npm start` itself, which on a loaded
  // 2-core machine took most of three minutes before its tests began.
  testsFinishTimeout: 300_000,
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
    cjsPrebundle(['qrcode', 'jsqr', 'axe-core']),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.widget.json' }),
    builtWidget(),
    realProduct(),
    touchScreen(),
  ],
};
