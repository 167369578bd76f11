/** Runs the Zoom sandbox as an HTTP server in Node (what `npm start` and the end-to-end tests use). */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createZoomSandbox, type SandboxOptions } from './index';

export async function serveZoomSandbox(port: number, options: SandboxOptions = {}) {
  const sandbox = createZoomSandbox(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: sandbox.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    sandbox,
    url: `http://localhost:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
