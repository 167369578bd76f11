import { defineConfig } from 'vitest/config';

// Two projects: tests that run inside workerd (the Worker's real runtime) and plain Node tests.
export default defineConfig({
  test: {
    projects: ['./vitest.workers.config.ts', './vitest.node.config.ts'],
    // Expected failures log warnings by design; show logs only for tests that fail.
    silent: 'passed-only',
  },
});
