/** Runs the Zoom sandbox as an HTTP server in Node (what `npm start` and the end-to-end tests use). */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createZoomSandbox, type SandboxOptions } from './index';

export async function serveZoomSandbox(port: number, options: SandboxOptions = {}) {
  const sandbox = createZoomSandbox(options);
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: sandbox.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  // Node closes a keep-alive connection after 5 s idle by default; workerd keeps its pooled ones
  // longer and may send the next request on a socket Node is closing ("Network connection lost",
  // 16 of 200 creates in a burst on a busy machine). Zoom's servers keep them open longer than that.
  server.keepAliveTimeout = 75_000;
  server.headersTimeout = 76_000;
  const { port: bound } = server.address() as AddressInfo;
  return {
    sandbox,
    url: `http://localhost:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
