import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { Miniflare } from 'miniflare';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../worker/db';
import * as schema from '../../worker/db/schema';
import { lifecycleSuite } from '../suites/lifecycle';
import { capacitySuite } from '../suites/capacity';
import { providerRaceSuite } from '../suites/provider-races';

// KV is Miniflare's real implementation; the SQL is libSQL, as Turso runs it.
let mf: Miniflare;
let kv: KVNamespace;
const dir = mkdtempSync(join(tmpdir(), 'lesson-join-libsql-'));

beforeAll(async () => {
  mf = new Miniflare({ modules: true, script: 'export default {}', kvNamespaces: ['TOKENS'] });
  kv = (await mf.getKVNamespace('TOKENS')) as unknown as KVNamespace;
});
afterAll(async () => {
  await mf.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function libsql(url: string) {
  const db = drizzle(createClient({ url }), { schema });
  await migrate(db, { migrationsFolder: './drizzle' });
  return db as unknown as Db;
}

let memory: Promise<Db> | undefined;
let file: Promise<Db> | undefined;

lifecycleSuite('libSQL :memory:', async () => ({ db: await (memory ??= libsql(':memory:')), kv }));
lifecycleSuite('libSQL file', async () => ({ db: await (file ??= libsql(`file:${join(dir, 'lessons.db')}`)), kv }));
providerRaceSuite('libSQL :memory:', async () => ({ db: await (memory ??= libsql(':memory:')), kv }));
capacitySuite('libSQL :memory:', async () => ({ db: await (memory ??= libsql(':memory:')), kv }));
