import { createApp, scheduledSweep, type Env } from './app';

const app = createApp();

export default {
  fetch: app.fetch,
  /** Every minute: retry meetings the provider refused or timed out, delete retired ones, send due messages. */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      scheduledSweep(env).then(
        (r) =>
          (r.provisioned || r.cleaned || r.messages.sent || r.messages.failed) &&
          console.log(JSON.stringify({ event: 'sweep', ...r })),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
