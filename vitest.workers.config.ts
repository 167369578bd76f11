import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [
    cloudflareTest(async () => ({
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
          ZOOM_WEBHOOK_SECRET_TOKEN: 'test_zoom_webhook_secret',
          DATA_ENCRYPTION_KEY: 'test-data-encryption-key',
          ZOOM_OAUTH_CLIENT_ID: 'dev_oauth_client',
          ZOOM_OAUTH_CLIENT_SECRET: 'dev_oauth_client_secret',
        },
      },
    })),
  ],
  test: {
    name: 'workers',
    include: ['test/worker/**/*.test.ts'],
    setupFiles: ['./test/worker/apply-migrations.ts'],
  },
});
