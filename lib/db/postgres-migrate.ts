/**
 * Migrations on PostgreSQL, applied in process as lib/db/sqlite.ts does for
 * SQLite: each prisma/postgresql/migrations/<name>/migration.sql in its own
 * transaction, recorded in _prisma_migrations as `prisma migrate deploy` does
 * (Prisma's table, SHA-256 checksum of the file). Stock `migrate deploy`
 * fails offline on PostgreSQL's catalogue types (../shared/STACK.md). Several
 * app servers starting at once take turns on an advisory lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { PgSyncDb } from './postgres';

const MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), 'prisma', 'postgresql', 'migrations');

/** Advisory lock keys (one 64-bit space per database): migrations, ingest. */
export const LOCK_MIGRATE = 7_305_001;
export const LOCK_INGEST = 7_305_002;

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export function postgresMigrations(): string[] {
  if (!fs.existsSync(MIGRATIONS_DIR)) return [];
  return fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(MIGRATIONS_DIR, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();
}

/** Migrations recorded as applied in the database. */
export function appliedPostgresMigrations(db: PgSyncDb): Set<string> {
  const has = db.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS has`, []).rows[0]?.has;
  if (!has) return new Set();
  const rows = db.query('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL', []).rows;
  return new Set(rows.map((r) => String(r.migration_name)));
}

/**
 * Text is compared and sorted byte by byte, as SQLite does (the search index's
 * keys, the first and last use of a phrase): the database must use the C
 * collation (C.UTF-8 also gives pg_trgm its CJK trigrams).
 */
function checkCollation(db: PgSyncDb): void {
  const row = db.query('SELECT datcollate AS c FROM pg_database WHERE datname = current_database()', []).rows[0];
  const collate = String(row?.c ?? '');
  if (!/^(C|POSIX|C\.UTF-?8|C\.utf-?8)$/.test(collate)) {
    throw new Error(
      `the PostgreSQL database sorts text by "${collate}"; Tifa needs the C collation (byte order, as SQLite): ` +
        `CREATE DATABASE tifa TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`,
    );
  }
}

/** Applies pending migrations; cheap when the database is current. */
export function ensurePostgresMigrated(url: string): void {
  const db = new PgSyncDb(url);
  try {
    const pending = () => postgresMigrations().filter((m) => !appliedPostgresMigrations(db).has(m));
    if (pending().length === 0) return;
    checkCollation(db);
    db.query('SELECT pg_advisory_lock($1)', [LOCK_MIGRATE]);
    try {
      db.exec(MIGRATIONS_TABLE);
      for (const name of pending()) {
        const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, name, 'migration.sql'));
        const checksum = createHash('sha256').update(sql).digest('hex');
        const startedAt = new Date().toISOString();
        db.transaction(() => {
          db.query(sql.toString('utf8'), []);
          db.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
            [randomUUID(), checksum, name, startedAt],
          );
        })();
      }
    } finally {
      db.query('SELECT pg_advisory_unlock($1)', [LOCK_MIGRATE]);
    }
  } catch (e) {
    throw new Error(`could not migrate the PostgreSQL database: ${(e as Error).message}`);
  } finally {
    db.close();
  }
}
