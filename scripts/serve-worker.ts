/**
 * Runs the Worker for `npm start`: the bundle `wrangler deploy --dry-run` makes, in workerd through
 * Miniflare, with the bindings wrangler reads from `wrangler.toml` and `.dev.vars`
 * (`unstable_getMiniflareWorkerOptions`), and local D1, KV and the rest persisted where
 * `wrangler dev --persist-to <state>` keeps them, so `wrangler d1 … --local --persist-to <state>`
 * sees the same data.
 *
 * Why not `wrangler dev` itself: its dev proxy (a second workerd that forwards every request to the
 * Worker) loses connections under bursts on a busy machine. 100 webhooks at once on a loaded 2-core
 * machine got 6 to 34 answers of `503 Your worker restarted mid-request` from the proxy (its message
 * for any lost connection, not only restarts), while the Worker itself, reached directly through
 * Miniflare, answered 100 × 200 in every run. `npm run dev` is still `wrangler dev`, with live reload.
 *
 * Run as a child process by `scripts/start.ts` (so a test can kill and restart it on the same state):
 * `node --import tsx scripts/serve-worker.ts` with PORT, LESSON_JOIN_STATE, WORKER_BUNDLE (what `prepareWorker` made) and
 * WORKER_VARS (JSON of bindings to override) in the environment. It prints `listening <url>` once the Worker answers.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Log, LogLevel, Miniflare, type WorkerOptions } from 'miniflare';

const root = resolve(import.meta.dirname, '..');
const WORKER_NAME = 'lesson-join';

/**
 * Bundles the Worker as `wrangler deploy` would (its `[build]` step builds the widget's assets too)
 * and writes the Miniflare options wrangler derives from its configuration beside the bundle.
 * Runs in a process of its own: wrangler handles SIGTERM and SIGINT itself, which the processes
 * that must stop cleanly (the host, `npm start`) cannot let it do.
 */
export function prepareWorker(outdir = resolve(root, 'dist/worker')): string {
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' };
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  run(resolve(root, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outdir]);
  run(process.execPath, ['--import', 'tsx', '--eval', WRITE_OPTIONS, resolve(root, 'wrangler.toml'), outdir]);
  return outdir;
}

const WRITE_OPTIONS = `
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
const [config, outdir] = process.argv.slice(-2);
const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
writeFileSync(resolve(outdir, 'miniflare.json'), JSON.stringify({ ...workerOptions, scriptPath: resolve(outdir, 'index.js') }));
`;

export interface WorkerHostOptions {
  port: number;
  /** Where local data lives: the directory `wrangler … --persist-to` names. */
  state: string;
  /** Bindings that replace the configured ones (e.g. where the Zoom sandbox listens). */
  vars?: Record<string, string>;
  /** What `prepareWorker` wrote. */
  bundle: string;
}

export async function hostWorker(options: WorkerHostOptions): Promise<{ url: URL; mf: Miniflare }> {
  const workerOptions: WorkerOptions = JSON.parse(readFileSync(resolve(options.bundle, 'miniflare.json'), 'utf8'));
  const mf = new Miniflare({
    ...workerOptions,
    name: WORKER_NAME,
    bindings: { ...workerOptions.bindings, ...options.vars },
    modules: true,
    defaultPersistRoot: resolve(options.state, 'v3'),
    host: '127.0.0.1',
    port: options.port,
    log: new Log(LogLevel.INFO),
    // No network: `request.cf` is a fixed placeholder instead of one fetched from Cloudflare.
    cf: false,
  });
  return { url: await mf.ready, mf };
}

if (resolve(process.argv[1] ?? '') === import.meta.filename) {
  const bundle = process.env.WORKER_BUNDLE ?? prepareWorker();
  const { url, mf } = await hostWorker({
    port: Number(process.env.PORT ?? 8787),
    state: resolve(root, process.env.LESSON_JOIN_STATE ?? '.wrangler/state'),
    vars: JSON.parse(process.env.WORKER_VARS ?? '{}'),
    bundle,
  });
  // Stop workerd with us; if it does not stop in time, exit anyway (our process group goes with us).
  const stop = () => {
    setTimeout(() => process.exit(0), 5_000).unref();
    void mf.dispose().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The platform's cron trigger (`[triggers] crons` in wrangler.toml): every minute, as deployed.
  const worker = await mf.getWorker(WORKER_NAME);
  setInterval(() => void worker.scheduled({ cron: '* * * * *' }).catch(() => {}), 60_000);
  console.log(`listening ${url.href}`);
}
