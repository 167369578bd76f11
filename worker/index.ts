import { createApp, sweepFor, type Env } from './app';

const app = createApp();

export default {
  fetch: app.fetch,
  /**
   * Every minute: retry meetings the provider refused or timed out, delete retired ones, settle lessons
   * nobody started, copy recordings, apply retention, transcribe, forget what was asked.
   */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      sweepFor(env).then(
        (r) => Object.values(r).some(Boolean) && console.log(JSON.stringify({ event: 'sweep', ...r })),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
