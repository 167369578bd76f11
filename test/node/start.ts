/** Starts `npm start`'s script on free ports with its own state, for tests that go over real HTTP. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

export interface Running {
  api: string;
  zoom: string;
  /** The <lesson-join> demo page. */
  demo: string;
  operatorKey: string;
  stripeSecret: string;
  /**
   * Kills the Worker's process (and its workerd) at once, as a crash would; `npm start` starts it
   * again on the same data. Resolves once the new one answers.
   */
  crashWorker(): Promise<void>;
  stop(): Promise<void>;
}

export async function startProduct(): Promise<Running> {
  const root = resolve(import.meta.dirname, '../..');
  const [port, sandboxPort, demoPort, transcriberPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const state = mkdtempSync(join(tmpdir(), 'lesson-join-e2e-'));
  const child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['scripts/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      ZOOM_SANDBOX_PORT: String(sandboxPort),
      DEMO_PORT: String(demoPort),
      TRANSCRIBER_PORT: String(transcriberPort),
      LESSON_JOIN_STATE: state,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm start did not get ready in 100 s:\n${out}`)), 100_000);
    child.stdout.on('data', () => {
      if (!out.includes('Ready.')) return;
      clearTimeout(timer);
      ok();
    });
    child.on('exit', (code) => fail(new Error(`npm start exited with ${code}:\n${out}`)));
  });
  return {
    api: `http://localhost:${port}`,
    zoom: `http://localhost:${sandboxPort}`,
    demo: `http://localhost:${demoPort}/`,
    operatorKey: 'dev-operator-key',
    stripeSecret: 'whsec_dev_only',
    async crashWorker() {
      const pidFile = join(state, 'worker.pid');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      process.kill(-pid, 'SIGKILL');
      const deadline = Date.now() + 100_000;
      for (;;) {
        const restarted = Number(readFileSync(pidFile, 'utf8')) !== pid;
        const up =
          restarted &&
          (await fetch(`http://localhost:${port}/health`).then(
            (r) => r.ok,
            () => false,
          ));
        if (up) return;
        if (Date.now() > deadline) throw new Error(`The Worker did not come back within 100 s:\n${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
      rmSync(state, { recursive: true, force: true });
    },
  };
}
