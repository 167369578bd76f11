/**
 * Real Chromium for tests in Node: Debian's browser driven by playwright-core (no browser download),
 * axe-core run inside the page, screenshots kept as test artifacts, and QR codes read back with jsQR.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { type Browser, type Locator, type Page, chromium } from 'playwright-core';
import { waitFor } from '../suites/wait-for';

// The functions given to page.evaluate run in the browser, with its globals (this project has no DOM types).
declare const document: any;
declare const createImageBitmap: (blob: unknown) => Promise<{ width: number; height: number }>;
declare const OffscreenCanvas: any;

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '../..');
/** Where screenshots go (git ignores it). */
export const SCREENSHOTS = resolve(root, 'test-results/screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-sync'],
  });
}

let axeSource: string | undefined;

/**
 * axe's violations on the page as it is now, shadow roots included; each as `rule: target (…)`.
 * All of axe's rules, or only `rules`. axe is evaluated through the DevTools protocol, which the
 * pages' Content-Security-Policy does not govern, so the page is checked with its policy in force.
 */
export async function axeViolations(page: Page, rules?: string[]): Promise<string[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(`${axeSource};0`);
  const violations = await page.evaluate(async (only) => {
    const axe = (globalThis as unknown as { axe: { run: (c: unknown, o: object) => Promise<any> } }).axe;
    const { violations } = await axe.run(document, {
      resultTypes: ['violations'],
      ...(only ? { runOnly: { type: 'rule', values: only } } : {}),
    });
    return violations.map(
      (v: { id: string; nodes: { target: unknown; failureSummary?: string }[] }) =>
        `${v.id}: ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`,
    );
  }, rules);
  return violations;
}

/** The one rule whose outcome depends on the colour scheme. */
const SCHEME_RULES = ['color-contrast'];

/** Phone and desktop, light and dark: every page is seen in all four. */
export const LOOKS = [
  { width: 1280, height: 800, scheme: 'light' },
  { width: 1280, height: 800, scheme: 'dark' },
  { width: 390, height: 844, scheme: 'light' },
  { width: 390, height: 844, scheme: 'dark' },
] as const;

/**
 * Screenshots of the page in every look, written under test-results/screenshots/ (`name-1280x800-dark.png`…),
 * and axe's violations: every rule in the light scheme, contrast in the dark one.
 */
export async function everyLook(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const found: string[] = [];
  for (const look of LOOKS) {
    await page.setViewportSize({ width: look.width, height: look.height });
    await page.emulateMedia({ colorScheme: look.scheme });
    const file = `${name}-${look.width}x${look.height}-${look.scheme}.png`;
    await page.screenshot({ path: resolve(SCREENSHOTS, file), fullPage: true });
    if (look.width === 1280)
      found.push(
        ...(await axeViolations(page, look.scheme === 'light' ? undefined : SCHEME_RULES)).map(
          (v) => `${name} (${look.scheme}) ${v}`,
        ),
      );
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** axe's violations on the page in the light colour scheme, and its contrast in the dark one. */
export async function bothSchemes(page: Page, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const rules = scheme === 'light' ? undefined : SCHEME_RULES;
    found.push(...(await axeViolations(page, rules)).map((v) => `${name} (${scheme}) ${v}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/**
 * Waits until `check` holds on a page that is not reloaded, as someone who switches back to its tab
 * would see it: every 3 s the page is told it became visible again (what a tab switch
 * does; headless tabs never change visibility by themselves), and it may also change on its own.
 */
export async function follow(page: Page, what: string, check: () => Promise<boolean>, timeout = 90_000) {
  let told = 0;
  await waitFor(
    async () => {
      if (await check()) return true;
      if (Date.now() - told > 3_000) {
        told = Date.now();
        await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      }
      return false;
    },
    { what, timeout, every: 250 },
  );
}

/** Whether a locator is on screen now (no waiting). */
export const shows = (l: Locator) => l.isVisible();

let jsqrSource: string | undefined;

/** The text of the QR code in a PNG (as a screen shows it), read by jsQR in the browser; null when none is found. */
export async function readQrPng(page: Page, png: Buffer): Promise<string | null> {
  jsqrSource ??= readFileSync(require.resolve('jsqr/dist/jsQR.js'), 'utf8');
  await page.evaluate(`${jsqrSource};0`);
  return page.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d')!;
    g.drawImage(bitmap, 0, 0);
    const { data } = g.getImageData(0, 0, bitmap.width, bitmap.height);
    const jsQR = (
      globalThis as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }
    ).jsQR;
    return jsQR(data, bitmap.width, bitmap.height)?.data ?? null;
  }, png.toString('base64'));
}
