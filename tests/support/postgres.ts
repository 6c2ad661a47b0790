/**
 * PostgreSQL in tests: the throwaway server started by postgres-setup.ts, and
 * a fresh database per test that needs one (C.UTF-8, as Tifa requires).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export const POSTGRES_URL: string | null = inject('postgresUrl');
/** Why the PostgreSQL tests skip, in the suite's title. */
export const POSTGRES_TITLE = POSTGRES_URL ? 'on PostgreSQL' : `on PostgreSQL (SKIPPED: ${inject('postgresSkipReason')})`;

/** Creates an empty database and returns its URL. */
export async function createDatabase(label: string): Promise<string> {
  if (!POSTGRES_URL) throw new Error('no PostgreSQL');
  const name = `tifa_${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_${randomUUID().slice(0, 8)}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
  } finally {
    await client.end();
  }
  const u = new URL(POSTGRES_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one query on a database (checks from outside the code under test). */
export async function queryOn<T = Record<string, unknown>>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}
