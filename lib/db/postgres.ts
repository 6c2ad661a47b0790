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

/** One statement of a batch: `rows` when its rows are wanted back, `simple` for a script without parameters. */
type WorkerItem = { sql: string; params?: unknown[]; rows?: boolean; simple?: boolean };
type ItemAnswer = { rowCount: number; lastId: number | null; rows?: Record<string, unknown>[] };
type WorkerAnswer = { ok?: true; results?: ItemAnswer[]; error?: { message: string; code?: string; detail?: string; at?: number } };
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

function answer(a: WorkerAnswer, items?: WorkerItem[]): WorkerAnswer {
  if (a.error) {
    const e = new PostgresError(`${a.error.message}${a.error.detail ? ` (${a.error.detail})` : ''}`, a.error.code);
    const sql = items?.[a.error.at ?? -1]?.sql;
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

/**
 * The result of a write queued inside a transaction: it is sent with the
 * queue, and reading its figures sends the queue at once (most callers never
 * read them). A write that a rollback dropped reads as no change.
 */
class QueuedRun implements RunResult {
  settled: ItemAnswer | null = null;

  constructor(
    private readonly db: PgSyncDb,
    private readonly returnsId: boolean,
  ) {}

  private result(): ItemAnswer {
    if (!this.settled) this.db.flush();
    return this.settled ?? { rowCount: 0, lastId: null };
  }

  get changes(): number {
    return this.result().rowCount;
  }

  get lastInsertRowid(): number {
    const id = this.result().lastId;
    return this.returnsId && id !== null ? id : 0;
  }
}

/** A statement waiting in the connection's queue (see PgSyncDb.flush); `table`: the table an INSERT adds rows to. */
type Queued = WorkerItem & { run?: QueuedRun; savepoint?: string; table?: string | null };

/**
 * Statistics kept current while a connection loads a table (see
 * PgSyncDb.analyzeGrown): a table is analyzed once the rows this connection
 * added since its last analysis reach its size then, and at least this many.
 */
const ANALYZE_MIN_ROWS = 1000;

/**
 * The queue is sent once it holds this many statements, parameters or bytes
 * of text and blobs (the search index's 4 MB chunks go a few at a time: the
 * message to the worker is a copy).
 */
const QUEUE_STATEMENTS = 500;
const QUEUE_PARAMETERS = 100_000;
const QUEUE_BYTES = 16 * 1024 * 1024;

/** About how many bytes the values take in a message (text counted a byte a character). */
function sizeOf(params: unknown[]): number {
  let n = 0;
  for (const p of params) {
    if (typeof p === 'string') n += p.length;
    else if (p instanceof Uint8Array) n += p.byteLength;
    else n += 8;
  }
  return n;
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
    const t = this.db.translated(this.sql);
    return this.db.query(t.text, this.params(args), t.insertInto);
  }

  run(...args: unknown[]): RunResult {
    const t = this.db.translated(this.sql);
    return this.db.write(t.text, this.params(args), t.returnsId, t.insertInto);
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
  /** The tables of the schema (not temporary ones): those whose statistics this connection keeps current. */
  private tables = new Set<string>();
  /** Per table: rows inserted through this connection since its last analysis, and its size then (null: not read yet). */
  private readonly growth = new Map<string, { inserted: number; size: number | null }>();
  private analyzing = false;
  /** ANALYZEs run so far (tests read it). */
  analyzes = 0;
  private depth = 0;
  /** Writes and transaction statements not yet sent (see flush). */
  private queue: Queued[] = [];
  private queuedParameters = 0;
  private queuedBytes = 0;
  /** Calls to the worker so far, each a wait of the calling thread, and the statements they carried (tests count them). */
  roundTrips = 0;
  statements = 0;
  open = true;

  constructor(readonly url: string) {
    answer(worker()({ op: 'open', id: this.id, url, name: 'tifa' }));
    this.catalog = this.loadCatalog();
  }

  private loadCatalog(): Catalog {
    const rows = this.query(CATALOG_SQL, []).rows as Array<{ t: string; c: string; d: string }>;
    this.tables = new Set(rows.map((r) => r.t));
    return catalogOf(rows);
  }

  /** After migrations: the tables and boolean columns may have changed. */
  refreshCatalog(): void {
    this.flush();
    answer(worker()({ op: 'forget', id: this.id }));
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

  /** One already-translated query, sent with the queue before it; its rows come back. */
  query(text: string, params: unknown[], table: string | null = null): { rows: Record<string, unknown>[]; rowCount: number } {
    this.queue.push({ sql: text, params, rows: true, table });
    const last = this.flush()!;
    return { rows: (last.rows ?? []).map(fixRow), rowCount: last.rowCount };
  }

  /**
   * A write whose result may never be read. Inside a transaction it waits in
   * the queue, which is sent in one call to the worker when rows are needed,
   * at the end of the transaction, or when it grows large: the calling thread
   * waits once per batch instead of once per statement, and nobody else can
   * see the writes before the commit anyway. A queued write's error is thrown
   * where the queue is sent, inside the same transaction. Outside a
   * transaction a write is sent at once.
   */
  write(text: string, params: unknown[], returnsId: boolean, table: string | null = null): RunResult {
    const run = new QueuedRun(this, returnsId);
    this.queue.push({ sql: text, params, run, table });
    this.queuedParameters += params.length;
    this.queuedBytes += sizeOf(params);
    if (this.depth === 0 || this.queue.length >= QUEUE_STATEMENTS || this.queuedParameters >= QUEUE_PARAMETERS || this.queuedBytes >= QUEUE_BYTES) {
      this.flush();
    }
    return run;
  }

  /** Sends the queue in one call; returns the answer of its last statement. */
  flush(): ItemAnswer | undefined {
    const items = this.queue;
    if (items.length === 0) return undefined;
    this.queue = [];
    this.queuedParameters = 0;
    this.queuedBytes = 0;
    this.roundTrips++;
    this.statements += items.length;
    const message = items.map(({ sql, params, rows, simple }) => ({ sql, params, rows, simple }));
    const a = answer(worker()({ op: 'batch', id: this.id, items: message }), items);
    const results = a.results ?? [];
    items.forEach((item, i) => {
      if (item.run) item.run.settled = results[i] ?? { rowCount: 0, lastId: null };
      if (item.table && results[i]?.rowCount) this.grew(item.table, results[i].rowCount);
    });
    const last = results[results.length - 1];
    if (this.depth === 0) this.analyzeGrown();
    return last;
  }

  private grew(table: string, rows: number): void {
    if (!this.tables.has(table)) return;
    const g = this.growth.get(table);
    if (g) g.inserted += rows;
    else this.growth.set(table, { inserted: rows, size: null });
  }

  /**
   * Outside a transaction (after a commit): ANALYZE each table this
   * connection has grown by as many rows as it had at its last analysis. A
   * bulk load (an ingest into a new database) grows tables from nothing far
   * faster than autovacuum, which looks once a minute, analyzes them; without
   * current statistics the planner takes a thousand-row table for an empty one
   * and keeps sequential scans in the plans it caches (prepared statements,
   * foreign-key checks) and in the one-off statements of the ingest's last
   * phases. Doubling sizes keep the cost to a few analyses per table. A
   * failure (a table dropped meanwhile) costs only the statistics.
   */
  private analyzeGrown(): void {
    if (this.analyzing || this.queue.length > 0) return;
    this.analyzing = true;
    try {
      for (const [table, g] of this.growth) {
        if (g.inserted < ANALYZE_MIN_ROWS) continue;
        try {
          g.size ??= this.tableSize(table);
          if (g.inserted < g.size) continue;
          this.script(`ANALYZE "${table}"`);
          this.analyzes++;
          g.size = this.tableSize(table);
        } catch {
          g.size = Number.POSITIVE_INFINITY;
        }
        g.inserted = 0;
      }
    } finally {
      this.analyzing = false;
    }
  }

  /** The table's row count as the statistics have it (0 if never analyzed). */
  private tableSize(table: string): number {
    const row = this.query('SELECT reltuples AS n FROM pg_class WHERE oid = to_regclass($1)', [`"${table}"`]).rows[0];
    return Math.max(0, Number(row?.n ?? 0));
  }

  /** A script without parameters: queued inside a transaction, sent at once outside one. */
  private script(text: string, savepoint?: string): void {
    this.queue.push({ sql: text, simple: true, savepoint });
    if (this.depth === 0) this.flush();
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
    this.script(text);
    return this;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /**
   * better-sqlite3's transaction(): BEGIN…COMMIT, or a savepoint when nested;
   * ROLLBACK on a throw. BEGIN waits in the queue with the first writes; the
   * queue is sent at the end of every level, so that an error is thrown at the
   * level whose statement failed.
   */
  transaction<T>(fn: (...args: unknown[]) => T): TransactionFn<T> {
    const run = (...args: unknown[]): T => {
      const nested = this.depth > 0;
      const sp = `tifa_sp_${this.depth}`;
      this.queue.push({ sql: nested ? `SAVEPOINT ${sp}` : 'BEGIN ISOLATION LEVEL REPEATABLE READ', simple: true, savepoint: nested ? sp : 'BEGIN' });
      this.depth++;
      try {
        const result = fn(...args);
        this.queue.push({ sql: nested ? `RELEASE SAVEPOINT ${sp}` : 'COMMIT', simple: true });
        this.flush();
        this.depth--;
        if (this.depth === 0) this.analyzeGrown();
        return result;
      } catch (e) {
        this.depth--;
        this.rollback(nested ? sp : 'BEGIN');
        throw e;
      }
    };
    return Object.assign(run, { deferred: run, immediate: run, exclusive: run });
  }

  /**
   * Undoes a level. If its start is still queued, the server never saw the
   * level: the queue is cut there and nothing is sent. Otherwise everything
   * queued belongs to the level: it is dropped and the server rolls back.
   */
  private rollback(savepoint: string): void {
    const start = this.queue.findIndex((q) => q.savepoint === savepoint);
    const rolledBack = this.queue.slice(start < 0 ? 0 : start);
    for (const q of rolledBack) if (q.run) q.run.settled = { rowCount: 0, lastId: null };
    if (start >= 0) {
      this.queue.length = start;
      this.queuedParameters = this.queue.reduce((n, q) => n + (q.params?.length ?? 0), 0);
      this.queuedBytes = this.queue.reduce((n, q) => n + sizeOf(q.params ?? []), 0);
      return;
    }
    this.queue = [];
    this.queuedParameters = 0;
    this.queuedBytes = 0;
    try {
      this.script(savepoint === 'BEGIN' ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`);
      if (this.queue.length) this.flush();
    } catch {
      // the connection is gone; the error that matters is the caller's
      this.queue = [];
    }
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
      this.queue = [];
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
