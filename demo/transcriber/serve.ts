/** Runs the transcription stand-in as an HTTP server in Node (what `npm start` uses). */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createTranscriber } from './index';

export async function serveTranscriber(port: number) {
  const transcriber = createTranscriber();
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: (request: Request) => transcriber.fetch(request), port, hostname: '127.0.0.1' }, () =>
      resolve(s as Server),
    );
  });
  return {
    transcriber,
    url: `http://localhost:${port}/transcribe`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
