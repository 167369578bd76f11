import { createClient } from '@libsql/client/web';
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import { drizzle as drizzleD1 } from 'drizzle-orm/d1';
import { drizzle as drizzleLibsql } from 'drizzle-orm/libsql/web';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import * as schema from './schema';

/**
 * The database every query is written against: drizzle's async SQLite base, which both the D1
 * driver and the libSQL (Turso) driver implement, plus the `batch` both offer for atomic writes.
 */
export type Db = BaseSQLiteDatabase<'async', unknown, typeof schema> & {
  batch<U extends BatchItem<'sqlite'>, T extends Readonly<[U, ...U[]]>>(batch: T): Promise<BatchResponse<T>>;
};

export interface DatabaseBindings {
  DB?: D1Database;
  TURSO_DATABASE_URL?: string;
  TURSO_AUTH_TOKEN?: string;
}

const tursoClients = new Map<string, Db>();

/**
 * Turso when `TURSO_DATABASE_URL` is set, the `DB` D1 binding otherwise.
 * @example const db = openDatabase(c.env)
 */
export function openDatabase(env: DatabaseBindings): Db {
  if (env.TURSO_DATABASE_URL) {
    const key = `${env.TURSO_DATABASE_URL}#${env.TURSO_AUTH_TOKEN ?? ''}`;
    let db = tursoClients.get(key);
    if (!db) {
      const client = createClient({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN });
      db = drizzleLibsql(client, { schema }) as unknown as Db;
      tursoClients.set(key, db);
    }
    return db;
  }
  if (env.DB) return drizzleD1(env.DB, { schema }) as unknown as Db;
  throw new Error('No database configured: bind a D1 database as DB or set TURSO_DATABASE_URL and TURSO_AUTH_TOKEN.');
}

export { schema };
