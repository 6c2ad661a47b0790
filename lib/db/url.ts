import path from 'node:path';

/** The default database: a SQLite file under data/ in the project. */
export const DEFAULT_DATABASE_URL = 'file:./data/tifa.db';

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
  if (!raw.startsWith('file:')) {
    throw new Error(`DATABASE_URL must be a SQLite file URL (file:...), got ${raw}`);
  }
  const p = raw.slice('file:'.length).replace(/^\/\/(?=\/)/, '').split('?')[0];
  // (turbopackIgnore: a runtime path, not a module the bundler should trace)
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), p);
}
