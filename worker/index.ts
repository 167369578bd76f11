import { createApp, sweepFor, type Env } from './app';

const app = createApp();

export default {
  fetch: app.fetch,
  /**
   * Every minute: retry meetings the provider refused or timed out, delete retired ones, settle lessons
   * nobody started, copy recordings, apply retention, transcribe, forget what was asked, send due messages.
   */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      sweepFor(env).then(
        ({ messages, ...work }) =>
          (Object.values(work).some(Boolean) || messages.sent || messages.failed) &&
          console.log(JSON.stringify({ event: 'sweep', ...work, messages })),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
