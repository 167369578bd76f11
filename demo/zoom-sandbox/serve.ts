/** Runs the Zoom sandbox as an HTTP server in Node (what `npm start` and the end-to-end tests use). */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { DROP_HEADER } from './faults';
import { createZoomSandbox, type SandboxOptions, type ZoomSandbox } from './index';

export async function serveZoomSandbox(port: number, options: SandboxOptions = {}) {
  let sandbox: ZoomSandbox | undefined;
  const server = await new Promise<Server>((resolve) => {
    const s = serve(
      {
        fetch: async (request: Request, env: HttpBindings | Http2Bindings) => {
          const res = await sandbox!.app.fetch(request, env);
          if (!res.headers.has(DROP_HEADER)) return res;
          // A fault dropped the answer: the connection breaks, as a lost response would.
          env.incoming.socket.destroy();
          return RESPONSE_ALREADY_SENT;
        },
        port,
        hostname: '127.0.0.1',
      },
      () => resolve(s as Server),
    );
  });
  // Node closes a keep-alive connection after 5 s idle by default; workerd keeps its pooled ones
  // longer and may send the next request on a socket Node is closing ("Network connection lost",
  // 16 of 200 creates in a burst on a busy machine). Zoom's servers keep them open longer than that.
  server.keepAliveTimeout = 75_000;
  server.headersTimeout = 76_000;
  const { port: bound } = server.address() as AddressInfo;
  const url = `http://localhost:${bound}`;
  // Recordings are downloaded from the sandbox itself, so their links name the address it listens on.
  sandbox = createZoomSandbox({ recordingBase: url, ...options });
  return {
    sandbox,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
