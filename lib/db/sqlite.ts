import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { databaseLocation, databasePath, databaseUrl, isPostgresUrl } from './url';
import { PgSyncDb } from './postgres';
import { ensurePostgresMigrated, LOCK_INGEST } from './postgres-migrate';
import { providerOf } from './dialect';
import { isBusy } from './busy';

/**
 * The connection: pragmas, locking, the migration check, and the raw
 * connection the bulk writer (lib/ingest), the search index (lib/search) and
 * the app's reads (lib/data) use. SQLite by default; a postgresql:// location
 * gives a PostgreSQL connection with the same synchronous interface
 * (lib/db/postgres.ts), which runs the same SQL translated. What differs
 * between the two is asked of lib/db/dialect.ts.
 */

/** An open connection: better-sqlite3's, or lib/db/postgres.ts's with the same methods. */
export type Db = Database.Database;

const MIGRATIONS_DIR = path.join(process.cwd(), 'prisma', 'migrations');

function applyPragmas(db: Db, mode: 'read' | 'write'): void {
  db.pragma('journal_mode = WAL');
  // Writers take the lock up front (BEGIN IMMEDIATE, see .immediate() calls) and wait
  // for each other here: a deferred transaction upgrading to a write would fail at once.
  db.pragma('busy_timeout = 60000');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  // Each document is one transaction; NORMAL keeps WAL commits atomic (a power
  // loss can lose the last commits, never corrupt) at a fraction of FULL's cost.
  db.pragma('synchronous = NORMAL');
  if (mode === 'write') {
    // Ingest runs up to three connections at once (writer, index builder): a
    // modest page cache each keeps peak memory down; inserts are sequential.
    db.pragma('cache_size = -16384'); // 16 MiB
    // Bulk ingest: checkpoint (and fsync) every ~40 MB of WAL rather than every 4 MB.
    db.pragma('wal_autocheckpoint = 10000');
  } else {
    // Readers read through the operating system's page cache (no mmap: mapped
    // pages of the file count in the server's resident memory, up to the whole
    // database per connection), with a modest page cache of their own each.
    db.pragma('cache_size = -8192'); // 8 MiB
    db.pragma('mmap_size = 0');
  }
}

/** Names of the migrations shipped in prisma/migrations. */
export function shippedMigrations(): string[] {
  if (!fs.existsSync(MIGRATIONS_DIR)) return [];
  return fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(MIGRATIONS_DIR, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();
}

function appliedMigrations(file: string): Set<string> {
  if (!fs.existsSync(file)) return new Set();
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const has = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'")
      .get();
    if (!has) return new Set();
    const rows = db
      .prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
      .all() as Array<{ migration_name: string }>;
    return new Set(rows.map((r) => r.migration_name));
  } finally {
    db.close();
  }
}

/**
 * The text encoding of a new database file (fixed once its first page is
 * written; an older file keeps UTF-8 and works the same). The stored text is
 * Chinese: three bytes a character in UTF-8, two in UTF-16. On the 1 GB rung
 * the sentences took 1,193 MB in UTF-8, most of the database; in UTF-16, a
 * quarter less. Big-endian, so that SQLite's BINARY order (memcmp) is the
 * order of UTF-16 code units, JavaScript's own (little-endian would put
 * 国 U+56FD after 在 U+5728, comparing their low bytes first). better-sqlite3 binds and
 * reads UTF-8; SQLite converts.
 */
export const NEW_DATABASE_ENCODING = 'UTF-16be';

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/**
 * Creates the database file if needed and applies pending migrations from
 * prisma/migrations, recording them in _prisma_migrations exactly as
 * `prisma migrate deploy` does (same table, sha256 checksum of migration.sql),
 * so the Prisma CLI and this function agree on what is applied. Done in
 * process because spawning the CLI costs most of a second on every fresh
 * database (each test, each benchmark) and needs the CLI at run time.
 * Cheap when the database is current: it only reads _prisma_migrations.
 */
export function ensureMigrated(file = databaseLocation()): void {
  if (isPostgresUrl(file)) return ensurePostgresMigrated(file);
  const pending = shippedMigrations().filter((m) => !appliedMigrations(file).has(m));
  if (pending.length === 0) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    // Before anything writes the file's first page; ignored for a file that has one.
    db.pragma(`encoding = '${NEW_DATABASE_ENCODING}'`);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 60000');
    db.exec(MIGRATIONS_TABLE);
    for (const name of pending) {
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, name, 'migration.sql'));
      const checksum = createHash('sha256').update(sql).digest('hex');
      const startedAt = new Date().toISOString();
      const record = () =>
        db
          .prepare(
            `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
          )
          .run(randomUUID(), checksum, new Date().toISOString(), name, startedAt);
      const script = sql.toString('utf8');
      // A migration that redefines tables switches foreign keys off, which
      // SQLite ignores inside a transaction: run it as Prisma does, as a script.
      if (/PRAGMA\s+foreign_keys/i.test(script)) {
        db.exec(script);
        record();
      } else {
        db.transaction(() => {
          db.exec(script);
          record();
        }).immediate();
      }
    }
  } catch (e) {
    throw new Error(`could not migrate ${file}: ${(e as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * Opens the database for the bulk writer (ingest) or for reads (app, search).
 * `file` is a SQLite file or a postgresql:// URL (default: DATABASE_URL).
 */
export function openDb(options: { file?: string; readonly?: boolean; migrate?: boolean } = {}): Db {
  const file = options.file ?? databaseLocation();
  if (options.migrate !== false && !options.readonly) ensureMigrated(file);
  if (isPostgresUrl(file)) return new PgSyncDb(file) as unknown as Db;
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  applyPragmas(db, options.readonly ? 'read' : 'write');
  return db;
}

/**
 * A second, read-only connection to the same SQLite file, with a page cache of its own;
 * null on PostgreSQL or for an in-memory database. It sees what is committed, not the
 * opener's open transaction.
 */
export function openReaderBeside(db: Db): Db | null {
  if (providerOf(db) !== 'sqlite') return null;
  const file = db as unknown as Database.Database;
  if (file.memory || !file.name) return null;
  return openDb({ file: file.name, readonly: true });
}

export { databaseUrl, providerOf };

/**
 * A statement whose text depends on a count (rows of a VALUES list, values of
 * an IN list), prepared once per count: the few counts a caller uses are
 * reused for the whole run.
 */
function preparedPerCount(db: Db, sqlFor: (count: number) => string): (count: number) => Database.Statement {
  const prepared = new Map<number, Database.Statement>();
  return (count) => {
    let s = prepared.get(count);
    if (!s) prepared.set(count, (s = db.prepare(sqlFor(count))));
    return s;
  };
}

/**
 * Inserts rows many at a time: one multi-row INSERT per `batch` rows instead
 * of one statement per row (each call into SQLite costs about as much as the
 * insert itself). Rowids of one statement are consecutive, so the first id of
 * every row can be returned. On PostgreSQL the rows go as one JSON parameter
 * (see postgresChunks).
 */
export class BatchInsert {
  /** PostgreSQL: the one statement, and the column names its JSON rows carry. */
  private jsonStatement: Database.Statement | null = null;
  private names: string[] = [];

  constructor(
    private readonly db: Db,
    /** "INSERT INTO Table (a, b, c)" */
    private readonly into: string,
    private readonly columns: number,
    private readonly batch = 64,
  ) {
    const tuple = `(${new Array(columns).fill('?').join(', ')})`;
    this.statement = preparedPerCount(db, (rows) => `${into} VALUES ${new Array(rows).fill(tuple).join(', ')}`);
  }

  /** The multi-row INSERT for a number of rows, prepared once. */
  private readonly statement: (rows: number) => Database.Statement;

  /** Inserts the rows (flat: `columns` values per row) and returns each row's rowid. */
  run(values: unknown[]): number[] {
    if (providerOf(this.db) === 'postgresql') return this.runReturning(values);
    const rows = values.length / this.columns;
    const ids: number[] = new Array(rows);
    for (let at = 0; at < rows; at += this.batch) {
      const n = Math.min(this.batch, rows - at);
      const last = Number(this.statement(n).run(...values.slice(at * this.columns, (at + n) * this.columns)).lastInsertRowid);
      for (let i = 0; i < n; i++) ids[at + i] = last - n + 1 + i;
    }
    return ids;
  }

  /**
   * Inserts the rows when their ids are not needed: on PostgreSQL, inside a
   * transaction, the statements wait in the connection's queue and go with
   * the next batch (lib/db/postgres.ts) instead of a round trip each.
   */
  write(values: unknown[]): void {
    if (providerOf(this.db) === 'postgresql') {
      for (const [statement, json] of this.postgresChunks(values)) statement.run(json);
      return;
    }
    const rows = values.length / this.columns;
    for (let at = 0; at < rows; at += this.batch) {
      const n = Math.min(this.batch, rows - at);
      this.statement(n).run(...values.slice(at * this.columns, (at + n) * this.columns));
    }
  }

  /**
   * PostgreSQL: `INSERT … SELECT … FROM json_populate_recordset(NULL::Table, $1)`,
   * one statement for every row count, typed by the table's own columns. A
   * multi-row VALUES had a shape per row count and thousands of parameters:
   * the server parsed and planned each one anew (a few percent of an ingest's
   * server time), and the client encoded every value separately. This one is
   * prepared once per connection.
   */
  private *postgresChunks(values: unknown[]): Generator<[Database.Statement, string]> {
    if (!this.jsonStatement) {
      const m = /^\s*INSERT\s+(OR\s+IGNORE\s+)?INTO\s+(\S+)\s*\(([^)]*)\)\s*$/i.exec(this.into);
      if (!m) throw new Error(`BatchInsert: cannot read the table and columns of "${this.into}"`);
      this.jsonStatement = this.db.prepare(`${this.into} SELECT ${m[3]} FROM json_populate_recordset(NULL::${m[2]}, ?)`);
      this.names = m[3].split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
      if (this.names.length !== this.columns) throw new Error(`BatchInsert: "${this.into}" names ${this.names.length} columns, not ${this.columns}`);
    }
    const rows = values.length / this.columns;
    for (let at = 0; at < rows; at += POSTGRES_JSON_ROWS) {
      const n = Math.min(POSTGRES_JSON_ROWS, rows - at);
      yield [this.jsonStatement, jsonRows(this.names, values, at, n)];
    }
  }

  /**
   * PostgreSQL: ids come back with RETURNING, in the order of the rows
   * (concurrent writers may interleave a sequence).
   */
  private runReturning(values: unknown[]): number[] {
    const ids: number[] = [];
    for (const [statement, json] of this.postgresChunks(values)) {
      for (const r of statement.all(json) as Array<{ id: number }>) ids.push(Number(r.id));
    }
    return ids;
  }
}

/** Rows per statement of a PostgreSQL BatchInsert or BatchUpdate (a few hundred kB of JSON). */
const POSTGRES_JSON_ROWS = 5000;

/** Rows `at`…`at + n` of flat values (`names.length` per row) as a JSON array of objects keyed by column. */
function jsonRows(names: string[], values: unknown[], at: number, n: number): string {
  const width = names.length;
  const rows: Array<Record<string, unknown>> = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < width; c++) row[names[c]] = jsonValue(values[(at + i) * width + c], names[c]);
    rows[i] = row;
  }
  return JSON.stringify(rows);
}

/** A value as JSON carries it to PostgreSQL's column input: JSON has no NaN, Infinity or bytes. */
function jsonValue(v: unknown, column: string): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`column ${column}: ${v} cannot be stored in bulk`);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) throw new Error(`column ${column}: a blob cannot be stored in bulk on PostgreSQL`);
  return v === undefined ? null : v;
}

/**
 * `UPDATE table SET column = value, … WHERE id = row's id [AND condition]`
 * for many rows in one transaction: a prepared statement per row on SQLite
 * (cheap in process), one set-based statement per few thousand rows on
 * PostgreSQL (`UPDATE … FROM json_populate_recordset(…)`), where each
 * statement is a message the server parses, binds and runs: the ingest's
 * per-phrase updates of readings and scores were over ten thousand of them.
 * For thousands of rows at once: the server joins the rows to the table as it
 * would for a hundred (its estimate for the JSON), which for a few rows of a
 * large table is a scan of the table where a statement per row is a lookup
 * each (a document's section parents stay a statement per row).
 */
export class BatchUpdate {
  private readonly statement: Database.Statement;
  private readonly postgres: boolean;

  constructor(
    private readonly db: Db,
    table: string,
    /** Columns set from each row's values, in the order of the values. */
    private readonly columns: string[],
    options: {
      /** More assignments, the same for every row ("scored = 1"). */
      also?: string;
      /** A further condition; its columns qualified with the table's name ("Phrase.pinyin = ''"): on PostgreSQL the JSON rows have the same columns. */
      where?: string;
    } = {},
  ) {
    this.postgres = providerOf(db) === 'postgresql';
    const also = options.also ? `, ${options.also}` : '';
    const where = options.where ? ` AND ${options.where}` : '';
    this.statement = this.postgres
      ? db.prepare(
          `UPDATE ${table} SET ${columns.map((c) => `${c} = v.${c}`).join(', ')}${also} FROM json_populate_recordset(NULL::${table}, ?) AS v WHERE ${table}.id = v.id${where}`,
        )
      : db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')}${also} WHERE id = ?${where}`);
  }

  /** Each row: the columns' values, then the id. */
  run(rows: unknown[][]): void {
    if (!this.postgres) {
      for (const r of rows) this.statement.run(...r);
      return;
    }
    const names = [...this.columns, 'id'];
    const flat = rows.flat();
    for (let at = 0; at < rows.length; at += POSTGRES_JSON_ROWS) {
      this.statement.run(jsonRows(names, flat, at, Math.min(POSTGRES_JSON_ROWS, rows.length - at)));
    }
  }
}

/**
 * A statement ending in `IN (…)`, run over any number of values a few hundred
 * at a time: one statement per chunk instead of one per value (on PostgreSQL
 * each is a statement the server parses and runs). The list's length is
 * rounded up to a power of two, padded with its first value, so that a few
 * prepared statements serve every length.
 */
export class InList {
  constructor(
    db: Db,
    /** "UPDATE Phrase SET … WHERE id IN", its `?` before the list bound first */
    sql: string,
    private readonly batch = 256,
    /** What follows the list (" FOR UPDATE"). */
    suffix = '',
  ) {
    this.statement = preparedPerCount(db, (size) => `${sql} (${new Array(size).fill('?').join(', ')})${suffix}`);
  }

  /** The statement for a list of `size` values, prepared once. */
  private readonly statement: (size: number) => Database.Statement;

  private *chunks(values: readonly unknown[], leading: unknown[]): Generator<[Database.Statement, unknown[]]> {
    for (let at = 0; at < values.length; at += this.batch) {
      const chunk = values.slice(at, at + this.batch);
      let size = 1;
      while (size < chunk.length) size *= 2;
      yield [this.statement(size), [...leading, ...chunk, ...new Array(size - chunk.length).fill(chunk[0])]];
    }
  }

  /** The rows for all the values (a row matching several padded copies comes once). */
  all<T>(values: readonly unknown[], ...leading: unknown[]): T[] {
    const rows: T[] = [];
    for (const [statement, params] of this.chunks(values, leading)) rows.push(...(statement.all(params) as T[]));
    return rows;
  }

  /** Runs the statement for all the values (a write: on PostgreSQL it waits in the transaction's queue). */
  run(values: readonly unknown[], ...leading: unknown[]): void {
    for (const [statement, params] of this.chunks(values, leading)) statement.run(params);
  }
}

/**
 * Runs `fn` in a write transaction without blocking the event loop while
 * another writer (an ingest) holds the lock: the connection does not wait
 * inside SQLite (busy_timeout 0); a busy attempt is retried after a pause,
 * up to `limitMs`, so requests keep being served meanwhile.
 */
export async function writeWhenFree<T>(db: Db, fn: () => T, limitMs = 30_000): Promise<T> {
  // PostgreSQL locks rows, not the database: an ingest does not hold writes back.
  if (providerOf(db) === 'postgresql') return db.transaction(fn)();
  db.pragma('busy_timeout = 0');
  const until = Date.now() + limitMs;
  for (let pause = 10; ; pause = Math.min(250, pause * 2)) {
    try {
      return db.transaction(fn).immediate();
    } catch (e) {
      if (!isBusy(e) || Date.now() + pause > until) {
        if (isBusy(e)) throw new Error(`the database stayed busy for ${Math.round(limitMs / 1000)} s (an ingest is running); try again later`);
        throw e;
      }
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

/**
 * Gives back the pages a connection has cached, after a pass that read much
 * and will not soon read again (loading the search index). SQLite frees its
 * page cache; PostgreSQL's connections cache nothing on this side.
 */
export function releaseCachedPages(db: Db): void {
  if (providerOf(db) === 'sqlite') db.pragma('shrink_memory');
}

/**
 * Copies what the WAL holds back into the database file, waiting for no one
 * (SQLite; nothing to do on PostgreSQL). Once every frame is copied back, the
 * next write starts the WAL file over instead of growing it. SQLite's own
 * checkpoint runs as a write commits, which during an index build is just when
 * the builder reads its next segment, so it never caught up.
 */
export function checkpointWal(db: Db): void {
  if (providerOf(db) === 'sqlite') db.pragma('wal_checkpoint(PASSIVE)');
}

/**
 * Serialises ingests across processes and machines. On PostgreSQL, an
 * advisory lock held by the ingest's connection for the whole run (a second
 * ingest, from any server, waits for it; a killed ingest's lock goes with its
 * connection). On SQLite the writer's transactions already take turns on the
 * one file, as before. Returns the release.
 */
export function lockIngest(db: Db, onWait?: () => void): () => void {
  if (providerOf(db) !== 'postgresql') return () => {};
  const pg = db as unknown as PgSyncDb;
  if (pg.query('SELECT pg_try_advisory_lock($1) AS ok', [LOCK_INGEST]).rows[0]?.ok !== 1) {
    onWait?.();
    pg.query('SELECT pg_advisory_lock($1)', [LOCK_INGEST]);
  }
  return () => {
    if (pg.open) pg.query('SELECT pg_advisory_unlock($1)', [LOCK_INGEST]);
  };
}
