/**
 * `npm run bench`: prints what we promise to keep small or few, beside its target.
 * Numbers come from real runs (the Zoom sandbox's call log, wrangler's own build), never from tests.
 */
import { webhookLatency } from './webhooks';
import { widgetBundle } from './widget';
import { workerBundle, zoomCalls, type Row } from './worker';

const rows: Row[] = [
  ...(await zoomCalls(100)),
  ...(await webhookLatency()),
  ...workerBundle(),
  ...(await widgetBundle()),
];

const widths = [0, 1, 2].map((i) =>
  Math.max(
    ...rows.map((r) => [r.metric, r.measured, r.target][i]!.length),
    ['metric', 'measured', 'target'][i]!.length,
  ),
);
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(['metric', 'measured', 'target']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line([r.metric, r.measured, r.target]) + (r.ok ? '' : '  <- over target'));
process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
