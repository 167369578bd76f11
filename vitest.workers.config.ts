import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { existsSync } from 'node:fs';
import { defineProject } from 'vitest/config';
import { buildWidgetAssets } from './scripts/build-widget';

export default defineProject({
  plugins: [
    cloudflareTest(async () => {
      // wrangler.toml serves the widget as static assets; the pool refuses to start without them.
      if (!existsSync('dist/assets/widget/lesson-join.js')) await buildWidgetAssets();
      return {
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: await readD1Migrations('./drizzle'),
            OPERATOR_API_KEY: 'test-operator-key',
            STRIPE_WEBHOOK_SECRET: 'whsec_test_only',
            ZOOM_ACCOUNT_ID: 'dev_account',
            ZOOM_CLIENT_ID: 'dev_client',
            ZOOM_CLIENT_SECRET: 'dev_client_secret',
            ZOOM_API_BASE: 'https://zoom.sandbox/v2',
            ZOOM_OAUTH_BASE: 'https://zoom.sandbox',
            LESSON_LINK_SECRET: 'test-lesson-link-secret-0123456789abcdef',
            ZOOM_WEBHOOK_SECRET_TOKEN: 'test_zoom_webhook_secret',
            ZOOM_OAUTH_WEBHOOK_SECRET_TOKEN: 'test_zoom_oauth_app_webhook_secret',
            DATA_ENCRYPTION_KEY: 'test-data-encryption-key',
            RECORDING_URL_SECRET: 'test-recording-url-secret-0123456789abcdef',
            ZOOM_OAUTH_CLIENT_ID: 'dev_oauth_client',
            ZOOM_OAUTH_CLIENT_SECRET: 'dev_oauth_client_secret',
            PUBLIC_URL: 'https://lessons.test',
            EMAIL_FROM: 'Lessons <lessons@lessons.test>',
            EMAIL_TRANSPORT: 'mailbox',
          },
        },
      };
    }),
  ],
  test: {
    name: 'workers',
    // Deadlines, not speed checks: a busy 2-core machine runs a thousand bookings slowly.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ['test/worker/**/*.test.ts'],
    setupFiles: ['./test/worker/apply-migrations.ts'],
  },
});
