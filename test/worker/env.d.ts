import type { D1Migration } from 'cloudflare:test';
import type { Env as WorkerEnv } from '../../worker/app';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      DB: D1Database;
      TOKENS: KVNamespace;
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
