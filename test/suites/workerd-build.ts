import type { BuildOptions } from 'esbuild';

/** esbuild options that resolve packages as workerd does (its export conditions), for measuring and reading the Worker's graph. */
export const WORKERD_BUILD = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['module', 'main'],
  write: false,
  logLevel: 'silent',
} satisfies BuildOptions;
