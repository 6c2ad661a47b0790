/**
 * PostgreSQL behind the same synchronous connection the SQLite code uses
 * (better-sqlite3's prepare/run/get/all, exec, transaction): ingest, the
 * search index, promotion and the editorial transfer are synchronous code,
 * and stay one code path for both providers. Queries run in a worker thread
 * (synckit) that owns the pg client, while the caller waits; SQL is translated
 * once per text (lib/db/postgres-sql.ts). Reads of the app (lib/data) use an
 * asynchronous pool instead (see postgresRows).
 */
import path from 'node:path';
import pg from 'pg';
import { createSyncFn } from 'synckit';
import { translateSql, type Catalog, type Translated } from './postgres-sql';
import { postgresTypes } from './pg-types.mjs';

type WorkerAnswer = { ok?: true; rows?: Record<string, unknown>[]; rowCount?: number; error?: { message: string; code?: string; detail?: string } };
type WorkerCall = (message: Record<string, unknown>) => WorkerAnswer;

let call: WorkerCall | null = null;
function worker(): WorkerCall {
  // (turbopackIgnore: a file loaded at run time, not a module to bundle)
  call ??= createSyncFn(path.join(/*turbopackIgnore: true*/ process.cwd(), 'lib', 'db', 'pg-worker.mjs'), { timeout: 10 * 60_000 }) as unknown as WorkerCall;
  return call;
}

/** A PostgreSQL error with its SQLSTATE code (23505 unique violation, 55P03 lock not available, …). */
export class PostgresError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PostgresError';
  }
}

function answer(a: WorkerAnswer, sql?: string): WorkerAnswer {
  if (a.error) {
    const e = new PostgresError(`${a.error.message}${a.error.detail ? ` (${a.error.detail})` : ''}`, a.error.code);
    if (process.env.TIFA_DEBUG && sql) e.message += `\n  in: ${sql}`;
    throw e;
  }
  return a;
}

/** Row values as SQLite gives them: Buffers for blobs (the worker hands back Uint8Arrays). */
function fixRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const k in row) {
    const v = row[k];
    if (v instanceof Uint8Array && !Buffer.isBuffer(v)) row[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }
  return row;
}

const CATALOG_SQL = `SELECT table_name AS t, column_name AS c, data_type AS d FROM information_schema.columns WHERE table_schema = current_schema()`;

export function catalogOf(rows: Array<{ t: string; c: string; d: string }>): Catalog {
  const booleans = new Set<string>();
  const withId = new Set<string>();
  for (const r of rows) {
    if (r.d === 'boolean') booleans.add(r.c);
    if (r.c === 'id' && r.d === 'integer') withId.add(r.t);
  }
  return { booleans, withId };
}

let nextId = 1;

export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

/** A prepared statement: better-sqlite3's shape (positional or named parameters). */
export class PgStatement {
  private plucked = false;
  private asArrays = false;

  constructor(
    private readonly db: PgSyncDb,
    private readonly sql: string,
  ) {}

  /** better-sqlite3's pluck(): rows are their first column's value. */
  pluck(on = true): this {
    this.plucked = on;
    return this;
  }

  /** better-sqlite3's raw(): rows as arrays of their values, in column order. */
  raw(on = true): this {
    this.asArrays = on;
    return this;
  }

  private shape(row: Record<string, unknown> | undefined): unknown {
    if (row === undefined) return row;
    if (this.asArrays) return Object.values(row);
    if (!this.plucked) return row;
    for (const k in row) return row[k];
    return undefined;
  }

  private params(args: unknown[]): unknown[] {
    const t = this.db.translated(this.sql);
    if (t.names) {
      const named = (args[0] ?? {}) as Record<string, unknown>;
      return t.names.map((n) => {
        if (!(n in named)) throw new PostgresError(`missing named parameter "${n}"`);
        return named[n];
      });
    }
    return args.flat();
  }

  private query(args: unknown[]) {
    return this.db.query(this.db.translated(this.sql).text, this.params(args));
  }

  run(...args: unknown[]): RunResult {
    const t = this.db.translated(this.sql);
    const r = this.query(args);
    const last = t.returnsId && r.rows.length ? Number(r.rows[r.rows.length - 1].id) : 0;
    return { changes: r.rowCount, lastInsertRowid: last };
  }

  get(...args: unknown[]): unknown {
    return this.shape(this.query(args).rows[0]);
  }

  all(...args: unknown[]): unknown[] {
    const rows = this.query(args).rows;
    return this.plucked || this.asArrays ? rows.map((r) => this.shape(r)) : rows;
  }

  iterate(...args: unknown[]): IterableIterator<unknown> {
    return this.all(...args)[Symbol.iterator]();
  }
}

type TransactionFn<T> = {
  (...args: unknown[]): T;
  deferred: (...args: unknown[]) => T;
  immediate: (...args: unknown[]) => T;
  exclusive: (...args: unknown[]) => T;
};

export class PgSyncDb {
  readonly provider = 'postgresql' as const;
  private readonly id = nextId++;
  private readonly cache = new Map<string, Translated>();
  private catalog: Catalog;
  private depth = 0;
  open = true;

  constructor(readonly url: string) {
    answer(worker()({ op: 'open', id: this.id, url, name: 'tifa' }));
    this.catalog = this.loadCatalog();
  }

  private loadCatalog(): Catalog {
    return catalogOf(this.query(CATALOG_SQL, []).rows as Array<{ t: string; c: string; d: string }>);
  }

  /** After migrations: the tables and boolean columns may have changed. */
  refreshCatalog(): void {
    this.catalog = this.loadCatalog();
    this.cache.clear();
  }

  translated(sql: string): Translated {
    let t = this.cache.get(sql);
    if (!t) {
      t = translateSql(sql, this.catalog);
      if (this.cache.size > 2000) this.cache.clear();
      this.cache.set(sql, t);
    }
    return t;
  }

  /** One already-translated query. */
  query(text: string, params: unknown[]): { rows: Record<string, unknown>[]; rowCount: number } {
    const a = answer(worker()({ op: 'query', id: this.id, sql: text, params }), text);
    return { rows: (a.rows ?? []).map(fixRow), rowCount: a.rowCount ?? 0 };
  }

  prepare(sql: string): PgStatement {
    return new PgStatement(this, sql);
  }

  /**
   * Runs a script of several statements (no parameters). A transaction is
   * REPEATABLE READ: one snapshot for all its statements, as SQLite's WAL
   * gives a reader (the search index is loaded across many statements).
   */
  exec(sql: string): this {
    const text = /^\s*BEGIN\s*;?\s*$/i.test(sql) ? 'BEGIN ISOLATION LEVEL REPEATABLE READ' : this.translated(sql).text.replace(/ RETURNING id$/, '');
    answer(worker()({ op: 'exec', id: this.id, sql: text }), text);
    return this;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /** better-sqlite3's transaction(): BEGIN…COMMIT, or a savepoint when nested; ROLLBACK on a throw. */
  transaction<T>(fn: (...args: unknown[]) => T): TransactionFn<T> {
    const run = (...args: unknown[]): T => {
      const nested = this.depth > 0;
      const sp = `tifa_sp_${this.depth}`;
      this.exec(nested ? `SAVEPOINT ${sp}` : 'BEGIN');
      this.depth++;
      try {
        const result = fn(...args);
        this.depth--;
        this.exec(nested ? `RELEASE SAVEPOINT ${sp}` : 'COMMIT');
        return result;
      } catch (e) {
        this.depth--;
        try {
          this.exec(nested ? `ROLLBACK TO SAVEPOINT ${sp}; RELEASE SAVEPOINT ${sp}` : 'ROLLBACK');
        } catch {
          // the connection is gone; the error that matters is e
        }
        throw e;
      }
    };
    return Object.assign(run, { deferred: run, immediate: run, exclusive: run });
  }

  /** SQLite's pragmas have no PostgreSQL counterpart here. */
  pragma(): unknown[] {
    return [];
  }

  /** SQLite's application-defined functions: none of Tifa's SQL needs one on PostgreSQL. */
  function(): this {
    return this;
  }

  close(): this {
    if (this.open) {
      this.open = false;
      try {
        answer(worker()({ op: 'close', id: this.id }));
      } catch {
        // already gone
      }
    }
    return this;
  }
}

/** The app's asynchronous reads on PostgreSQL: one pool per process, the same translation and value types. */
type ReadPool = { pool: pg.Pool; catalog: Promise<Catalog>; cache: Map<string, Translated> };
const globalPool = globalThis as unknown as { tifaPgRead?: Map<string, ReadPool> };

function readPool(url: string): ReadPool {
  const pools = (globalPool.tifaPgRead ??= new Map());
  let p = pools.get(url);
  if (!p) {
    const pool = new pg.Pool({ connectionString: url, types: postgresTypes, max: 8, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
    pool.on('error', () => {});
    p = { pool, catalog: pool.query(CATALOG_SQL).then((r) => catalogOf(r.rows)), cache: new Map() };
    pools.set(url, p);
  }
  return p;
}

export async function postgresRows<T>(url: string, sql: string, values: readonly unknown[]): Promise<T[]> {
  const p = readPool(url);
  let t = p.cache.get(sql);
  if (!t) {
    t = translateSql(sql, await p.catalog);
    if (p.cache.size > 2000) p.cache.clear();
    p.cache.set(sql, t);
  }
  const r = await p.pool.query({ text: t.text, values: values as unknown[] });
  return r.rows as T[];
}

/** Closes the read pools (scripts and tests, so that the process can exit at once). */
export async function closePostgresPools(): Promise<void> {
  const pools = globalPool.tifaPgRead;
  if (!pools) return;
  globalPool.tifaPgRead = new Map();
  await Promise.all([...pools.values()].map((p) => p.pool.end().catch(() => {})));
}
