/**
 * `npm start`: the whole product offline. `.dev.vars` in place, the Worker and the widget built as
 * `wrangler deploy` builds them, local D1 migrated, the Zoom sandbox on :8788 and the Worker (workerd
 * through Miniflare, see serve-worker.ts) on :8787, with the every-minute retry sweep ticking, and
 * the demo site (demo/widget/serve.ts) on :8789.
 *
 * The transcription stand-in answers on :8790 when `.dev.vars` points TRANSCRIPTION_URL at localhost.
 *
 * PORT, ZOOM_SANDBOX_PORT, DEMO_PORT, TRANSCRIBER_PORT and LESSON_JOIN_STATE (where local D1/KV live)
 * override the defaults.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveTranscriber } from '../demo/transcriber/serve';
import { serveWidgetDemo } from '../demo/widget/serve';
import { serveZoomSandbox } from '../demo/zoom-sandbox/serve';
import { prepareWorker } from './serve-worker';

const root = resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 8787);
const sandboxPort = Number(process.env.ZOOM_SANDBOX_PORT ?? 8788);
const demoPort = Number(process.env.DEMO_PORT ?? 8789);
const transcriberPort = Number(process.env.TRANSCRIBER_PORT ?? 8790);
const state = resolve(root, process.env.LESSON_JOIN_STATE ?? '.wrangler/state');
const wrangler = resolve(root, 'node_modules/.bin/wrangler');
const quiet = { ...process.env, WRANGLER_SEND_METRICS: 'false' };

function parseVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) vars[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
  }
  return vars;
}

/** `.dev.vars`, created from the example when missing and given any setting the example gained since. */
function devVars(): Record<string, string> {
  const file = resolve(root, '.dev.vars');
  const example = readFileSync(resolve(root, '.dev.vars.example'), 'utf8');
  if (!existsSync(file)) {
    copyFileSync(resolve(root, '.dev.vars.example'), file);
    console.log('Created .dev.vars from .dev.vars.example (development values only).');
  }
  const vars = parseVars(readFileSync(file, 'utf8'));
  const missing = Object.entries(parseVars(example)).filter(([k]) => !(k in vars));
  if (missing.length) {
    appendFileSync(file, `\n${missing.map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
    console.log(`Added ${missing.map(([k]) => k).join(', ')} to .dev.vars from .dev.vars.example.`);
    for (const [k, v] of missing) vars[k] = v;
  }
  return vars;
}

async function main() {
  const vars = devVars();

  const migrate = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'lessons', '--local', '--persist-to', state], {
    cwd: root,
    env: { ...quiet, CI: '1' },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) {
    console.error(migrate.stdout, migrate.stderr);
    throw new Error('Applying migrations to the local D1 failed (output above).');
  }
  console.log('Local D1 migrated.');
  const bundle = prepareWorker();
  console.log('Worker and <lesson-join> built.');

  const base = `http://localhost:${port}`;
  const usesSandbox = !vars.ZOOM_API_BASE || /localhost|127\.0\.0\.1/.test(vars.ZOOM_API_BASE);
  // The sandbox sends Zoom's webhooks to the Worker, signed with the Worker's secret token.
  const zoom = usesSandbox
    ? await serveZoomSandbox(sandboxPort, {
        webhook: vars.ZOOM_WEBHOOK_SECRET_TOKEN
          ? {
              url: `${base}/api/zoom/webhook`,
              secretToken: vars.ZOOM_WEBHOOK_SECRET_TOKEN,
              userAppSecretToken: vars.ZOOM_OAUTH_WEBHOOK_SECRET_TOKEN,
            }
          : undefined,
      })
    : null;

  // The transcription stand-in, when `.dev.vars` points the Worker at one on this machine.
  const transcriber = /^http:\/\/localhost[:/]/.test(vars.TRANSCRIPTION_URL ?? '')
    ? await serveTranscriber(transcriberPort)
    : null;

  const overrides = {
    DEV_TOOLS: 'on',
    ...(vars.OPERATOR_API_KEY ? { DEMO_URL: `http://localhost:${demoPort}/` } : {}),
    // Messages go to the development mailbox, with links on this address.
    EMAIL_TRANSPORT: 'mailbox',
    PUBLIC_URL: base,
    ...(zoom ? { ZOOM_API_BASE: `${zoom.url}/v2`, ZOOM_OAUTH_BASE: zoom.url } : {}),
    ...(transcriber ? { TRANSCRIPTION_URL: transcriber.url } : {}),
  };
  const hostEnv = {
    ...quiet,
    PORT: String(port),
    LESSON_JOIN_STATE: state,
    WORKER_BUNDLE: bundle,
    WORKER_VARS: JSON.stringify(overrides),
  };
  let log = '';
  let ready = false;
  let stopping = false;
  let worker: ChildProcess;
  let exited: Promise<void>;
  const restarts: number[] = [];
  let demo: Awaited<ReturnType<typeof serveWidgetDemo>> | null = null;

  /** The Worker's host, in its own process group (stopping it stops the workerd it runs too). */
  function startHost() {
    worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve-worker.ts'], {
      cwd: root,
      env: hostEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    // Where a test that crashes the Worker on purpose finds it.
    writeFileSync(resolve(state, 'worker.pid'), String(worker.pid));
    worker.stdout!.on('data', (d) => (ready ? process.stdout.write(d) : (log += d)));
    worker.stderr!.on('data', (d) => (ready ? process.stderr.write(d) : (log += d)));
    exited = new Promise<void>((ok) => worker.once('exit', () => ok()));
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      if (!ready) {
        console.error(`The Worker stopped (exit ${code ?? signal}).\n${log}`);
        return void stop(1);
      }
      // A Worker that ran and died (killed, out of memory) comes back on the same data, as a
      // deployed one would; one that keeps dying is a problem to show, not to hide.
      const now = Date.now();
      restarts.push(now);
      if (restarts.filter((t) => t > now - 60_000).length > 5) {
        console.error('The Worker stopped more than five times in a minute; stopping.');
        return void stop(1);
      }
      console.warn(`The Worker stopped (${signal ?? `exit ${code}`}); starting it again on the same data.`);
      startHost();
    });
  }

  const stop = async (code = 0) => {
    stopping = true;
    if (worker.pid && worker.exitCode === null && worker.signalCode === null) {
      // The host stops its workerd; whatever is left of its process group goes after a grace period.
      worker.kill('SIGTERM');
      const late = setTimeout(() => {
        try {
          process.kill(-worker.pid!, 'SIGKILL');
        } catch {}
      }, 6_000);
      await exited;
      clearTimeout(late);
    }
    await zoom?.close();
    await transcriber?.close();
    await demo?.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  startHost();

  const deadline = Date.now() + 90_000;
  for (;;) {
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      console.error(log);
      throw new Error('The Worker did not answer /health within 90 s (output above).');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  ready = true;
  log = '';

  if (vars.OPERATOR_API_KEY) {
    demo = await serveWidgetDemo({
      api: base,
      operatorKey: vars.OPERATOR_API_KEY,
      port: demoPort,
      stripeSecret: vars.STRIPE_WEBHOOK_SECRET,
      zoom: zoom?.url,
    }).catch((e: Error) => {
      console.warn(`The <lesson-join> demo did not start: ${e.message}`);
      return null;
    });
  }

  console.log(`
lesson-join is running offline.

  Worker (API, webhooks)   ${base}
  Demo: one lesson's story ${demo ? demo.url : 'off: set OPERATOR_API_KEY in .dev.vars'}
  Zoom sandbox             ${zoom ? zoom.url : `off: .dev.vars points Zoom at ${vars.ZOOM_API_BASE}`}
  API description          ${base}/openapi.json
  Mailbox (every email)    ${base}/__dev/mailbox
  Zoom calls so far        ${zoom ? `${zoom.url}/__sandbox/calls` : '-'}
  Play a lesson            ${zoom ? `curl -X POST ${zoom.url}/__sandbox/meetings/<meeting id>/play -d '{"student_name":"Lucía","late_minutes":5}'` : '-'}
  Transcription stand-in   ${transcriber ? transcriber.url : 'off: TRANSCRIPTION_URL in .dev.vars is not on localhost'}
  <lesson-join> states     ${demo ? `${demo.url}cards` : '-'}
  <lesson-join> script     ${base}/widget/lesson-join.js

  Operator key             ${vars.OPERATOR_API_KEY ? 'OPERATOR_API_KEY in .dev.vars' : 'set OPERATOR_API_KEY in .dev.vars'}
  Try:  curl -s ${base}/health

Ready.`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
