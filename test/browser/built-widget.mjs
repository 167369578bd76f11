/**
 * Serves `<lesson-join>` as `npm run build:widget` builds it, under `/__built__/widget/lesson-join.js`
 * (chunks beside it), so browser tests can check the shipped bundle and not only the source. It is
 * built once per run, on first request, into a directory of its own: never a stale `dist/`.
 * @example plugins: [builtWidget()]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const PREFIX = '/__built__/';

export function builtWidget() {
  const dir = mkdtempSync(join(tmpdir(), 'wtr-built-widget-'));
  let built;
  return {
    name: 'built-widget',
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return;
      built ??= tsImport('../../scripts/build-widget.ts', import.meta.url).then((m) => m.buildWidgetAssets(dir));
      await built;
      const file = resolve(dir, context.path.slice(PREFIX.length));
      if (relative(dir, file).startsWith('..') || !existsSync(file)) return;
      return { body: readFileSync(file, 'utf8'), type: 'js' };
    },
    serverStop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
