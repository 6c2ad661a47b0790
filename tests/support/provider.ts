/**
 * The provider a test file runs on: SQLite, or PostgreSQL when
 * TIFA_TEST_PROVIDER=postgresql (`npm run test:unit:postgresql` runs the
 * provider-aware tests that way). A test asks for a fresh database here
 * instead of naming a SQLite file, and gets a file path or a postgresql:// URL
 * (both are what openDb({ file }) takes).
 */
import path from 'node:path';
import { createDatabase, POSTGRES_URL } from './postgres';

export const TEST_PROVIDER: 'sqlite' | 'postgresql' = process.env.TIFA_TEST_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';

if (TEST_PROVIDER === 'postgresql' && !POSTGRES_URL) {
  throw new Error('TIFA_TEST_PROVIDER=postgresql, but no PostgreSQL could be started for the tests (see the [postgres] message above)');
}

/** A fresh, empty database: `dir/name.db` on SQLite, a new database on PostgreSQL. */
export async function freshDatabase(dir: string, name: string): Promise<string> {
  return TEST_PROVIDER === 'postgresql' ? createDatabase(name) : path.join(dir, `${name}.db`);
}

/** The DATABASE_URL naming a database from freshDatabase. */
export function urlOf(location: string): string {
  return TEST_PROVIDER === 'postgresql' ? location : `file:${location}`;
}
