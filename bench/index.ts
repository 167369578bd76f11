/**
 * `npm run bench`: prints what we promise to keep small or few, beside its target.
 * Numbers come from real runs (the Zoom sandbox's call log, wrangler's own build), never from tests.
 * `npm run bench -- widget` (or any of the section names below) runs only those sections.
 */
import { emailFigures } from './emails';
import { linkFigures } from './links';
import { scaleSimulation } from './scale';
import { stopProduct } from './product';
import { webhookLatency } from './webhooks';
import { widgetBundle } from './widget';
import { widgetRender } from './widget-render';
import { confirmationRoundTrips, workerBundle, zoomCalls, type Row } from './worker';

const SECTIONS: Record<string, () => Row[] | Promise<Row[]>> = {
  zoom: () => zoomCalls(100),
  db: confirmationRoundTrips,
  webhooks: webhookLatency,
  links: linkFigures,
  emails: emailFigures,
  worker: workerBundle,
  widget: async () => [...(await widgetBundle()), ...(await widgetRender())],
  scale: scaleSimulation,
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !Object.hasOwn(SECTIONS, name));
if (unknown.length)
  throw new Error(`No bench section ${unknown.join(', ')}: choose from ${Object.keys(SECTIONS).join(', ')}.`);
const rows: Row[] = [];
try {
  for (const name of asked.length ? asked : Object.keys(SECTIONS)) rows.push(...(await SECTIONS[name]!()));
} finally {
  await stopProduct();
}

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
