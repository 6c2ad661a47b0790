import path from 'node:path';

/** The default database: a SQLite file under data/ in the project. */
export const DEFAULT_DATABASE_URL = 'file:./data/tifa.db';

/** The database providers Tifa runs on: SQLite (the default) and PostgreSQL. */
export type Provider = 'sqlite' | 'postgresql';

/** True for a postgresql:// (or postgres://) URL: the one way to choose PostgreSQL. */
export function isPostgresUrl(raw: string | undefined): boolean {
  return raw !== undefined && /^postgres(ql)?:\/\//i.test(raw.trim());
}

/** The provider DATABASE_URL selects: PostgreSQL for a postgresql:// URL, SQLite for anything else. */
export function databaseProvider(raw = process.env.DATABASE_URL): Provider {
  return isPostgresUrl(raw) ? 'postgresql' : 'sqlite';
}

/** Where the database is: a postgresql:// URL as given, or the SQLite file's absolute path. */
export function databaseLocation(raw = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): string {
  return isPostgresUrl(raw) ? raw.trim() : databasePath(raw);
}

/**
 * DATABASE_URL as an absolute `file:` URL. Relative paths are taken from the
 * current directory (the project root for every npm script), not from
 * prisma/, so the CLI, the scripts and the app all open the same file.
 */
export function databaseUrl(raw = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): string {
  return 'file:' + databasePath(raw);
}

/** The filesystem path of a `file:` DATABASE_URL. */
export function databasePath(raw = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): string {
  if (isPostgresUrl(raw)) {
    throw new Error('this command works on a SQLite database (DATABASE_URL file:...); DATABASE_URL names a PostgreSQL database');
  }
  if (!raw.startsWith('file:')) {
    throw new Error(`DATABASE_URL must be a SQLite file URL (file:...) or a postgresql:// URL, got ${raw}`);
  }
  const p = raw.slice('file:'.length).replace(/^\/\/(?=\/)/, '').split('?')[0];
  // (turbopackIgnore: a runtime path, not a module the bundler should trace)
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), p);
}

/** The location to show in messages: a PostgreSQL URL without its password. */
export function describeLocation(location = databaseLocation()): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const u = new URL(location);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgresql://…';
  }
}
