import { createApp, lifecycleFor, type Env } from './app';

const app = createApp();

export default {
  fetch: app.fetch,
  /** Every minute: retry meetings the provider refused or timed out, delete retired ones. */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      lifecycleFor(env)
        .sweep()
        .then((r) => (r.provisioned || r.cleaned) && console.log(JSON.stringify({ event: 'sweep', ...r }))),
    );
  },
} satisfies ExportedHandler<Env>;
