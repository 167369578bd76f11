/** Benchmarks of `<lesson-join>`: what a page downloads, built exactly as the Worker serves it. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { buildWidgetAssets } from '../scripts/build-widget';
import type { Row } from './worker';

const MAIN_TARGET_KB = 10;
const WITH_QR_TARGET_KB = 22;
/** add-to-calendar-button 2.x, the usual embed for a lesson-like event: its npm bundle, gzip. */
const ADD_TO_CALENDAR_BUTTON_KB = 86;

const gzipKb = (files: string[]) =>
  files.reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0) / 1000;
const brotliKb = (files: string[]) =>
  files.reduce((sum, f) => sum + brotliCompressSync(readFileSync(f)).length, 0) / 1000;
const rawKb = (files: string[]) => files.reduce((sum, f) => sum + readFileSync(f).length, 0) / 1000;

export async function widgetBundle(): Promise<Row[]> {
  const out = mkdtempSync(join(tmpdir(), 'lesson-join-widget-'));
  try {
    const assets = await buildWidgetAssets(out);
    const first = assets.firstPaint;
    const withQr = [...first, assets.qrChunk];
    // The first paint is the main chunk plus whatever it imports statically (a shared chunk, if any).
    const main = gzipKb(first);
    const total = gzipKb(withQr);
    const row = (metric: string, kb: number, target: number): Row => ({
      metric,
      measured: `${kb.toFixed(1)} KB`,
      target: `${target} KB`,
      ok: kb <= target,
    });
    return [
      {
        metric: '<lesson-join> first paint (main chunk), minified',
        measured: `${rawKb(first).toFixed(1)} KB`,
        target: 'info',
        ok: true,
      },
      row('<lesson-join> first paint (main chunk), minified + gzip', main, MAIN_TARGET_KB),
      {
        metric: '<lesson-join> first paint, minified + brotli, for comparison',
        measured: `${brotliKb(first).toFixed(1)} KB`,
        target: 'info',
        ok: true,
      },
      {
        metric: '<lesson-join> QR chunk (qrcode), minified + gzip',
        measured: `${(total - main).toFixed(1)} KB`,
        target: 'info',
        ok: true,
      },
      row('<lesson-join> main + QR, minified + gzip', total, WITH_QR_TARGET_KB),
      {
        metric: 'add-to-calendar-button, for scale (gzip)',
        measured: `~${ADD_TO_CALENDAR_BUTTON_KB} KB`,
        target: 'info',
        ok: true,
      },
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
