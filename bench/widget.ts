/** Benchmarks of `<lesson-join>`: what a page downloads, built exactly as the Worker serves it. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWidgetAssets } from '../scripts/build-widget';
import type { Row } from './worker';

/** Everything a page waits for before `<lesson-join>` shows its first words, in either language. */
const FIRST_PAINT_TARGET_KB = 12;

/** Bytes as a server would send them with `gzip -9`. */
const gzipKb = (files: string[]) =>
  files.reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0) / 1000;

export async function widgetBundle(): Promise<Row[]> {
  const out = mkdtempSync(join(tmpdir(), 'lesson-join-widget-'));
  try {
    const { firstPaint, qrChunk } = await buildWidgetAssets(out);
    const firstPaintRow = (lang: string): Row => {
      const files = firstPaint[lang];
      if (!files) throw new Error(`The build has no strings chunk for lang="${lang}".`);
      const kb = gzipKb(files);
      return {
        metric: `<lesson-join> first paint, lang="${lang}" (gzip)`,
        // Two decimals, so a figure just over the target never reads as the target itself.
        measured: `${kb.toFixed(2)} KB in ${files.length} file${files.length > 1 ? 's' : ''}`,
        target: `${FIRST_PAINT_TARGET_KB} KB`,
        ok: kb <= FIRST_PAINT_TARGET_KB,
      };
    };
    return [
      firstPaintRow('en'),
      firstPaintRow('es'),
      {
        metric: '<lesson-join> QR chunk, loaded on "Show QR code" (gzip)',
        measured: `${gzipKb([qrChunk]).toFixed(1)} KB`,
        target: 'info',
        ok: true,
      },
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
