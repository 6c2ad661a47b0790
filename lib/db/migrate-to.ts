/**
 * Moving a SQLite glossary to PostgreSQL (`npm run migrate-to -- postgresql://…`):
 * every table (documents, sections, sentences, the glossary and its uses,
 * notes, history, accounts and sessions, the search index) is copied with its
 * ids, from one read snapshot of the SQLite database (a server may keep
 * running on it) into one PostgreSQL transaction (a failure leaves the target
 * as it was). Tables are copied parents first, in multi-row INSERTs; the id
 * sequences are then set past the copied ids, and every table's row count is
 * checked on both sides.
 */
import { openDb, type Db } from './sqlite';
import { PgSyncDb } from './postgres';
import { ensurePostgresMigrated } from './postgres-migrate';
import { foreignKeys, ident, tableColumns } from './schema-info';

export class MigrateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrateError';
  }
}

export interface MigrateSummary {
  /** Rows copied, by table. */
  tables: Record<string, number>;
  seconds: number;
}

/** Tables the target must not hold rows in (it would be a merge, not a move). */
const MUST_BE_EMPTY = ['Document', 'Phrase', 'User', 'Note'];

/** The tables of the SQLite database, parents before children (foreign keys), Prisma's own left out. */
function tablesInOrder(db: Db): string[] {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name").all() as Array<{
    name: string;
  }>).map((r) => r.name);
  const parents = new Map(names.map((t) => [t, foreignKeys(db, t).map((f) => f.table).filter((p) => p !== t && names.includes(p))]));
  const out: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (out.includes(t) || path.has(t)) return;
    path.add(t);
    for (const p of parents.get(t) ?? []) visit(p, path);
    out.push(t);
  };
  for (const t of names) visit(t, new Set());
  return out;
}

/** A SQLite value as PostgreSQL takes it in a column of `type` (information_schema's data_type). */
function pgValue(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (type.startsWith('timestamp') && (typeof v === 'number' || typeof v === 'bigint' || (typeof v === 'string' && /^\d+$/.test(v)))) {
    return new Date(Number(v)).toISOString();
  }
  if (type === 'boolean') return Number(v) !== 0;
  if (typeof v === 'bigint') return v.toString();
  return v;
}

export function migrateToPostgres(sqliteFile: string, url: string, progress?: (table: string, rows: number) => void): MigrateSummary {
  const t0 = performance.now();
  const source = openDb({ file: sqliteFile });
  let target: PgSyncDb | null = null;
  try {
    ensurePostgresMigrated(url);
    target = new PgSyncDb(url);
    const pg = target;
    for (const t of MUST_BE_EMPTY) {
      const n = Number(pg.query(`SELECT count(*) AS n FROM ${ident(t)}`, []).rows[0].n);
      if (n > 0) throw new MigrateError(`the PostgreSQL database already holds ${n} ${t} rows: move into an empty database (createdb a new one)`);
    }
    const types = new Map<string, string>();
    for (const r of pg.query('SELECT table_name AS t, column_name AS c, data_type AS d FROM information_schema.columns WHERE table_schema = current_schema()', []).rows) {
      types.set(`${r.t}.${r.c}`, String(r.d));
    }
    const tables = tablesInOrder(source).filter((t) => [...types.keys()].some((k) => k.startsWith(`${t}.`)));
    const copied: Record<string, number> = {};
    // One read snapshot of SQLite, one write transaction on PostgreSQL.
    source.transaction(() => {
      pg.transaction(() => {
        for (const table of tables) {
          // Rows the migrations themselves wrote (none today) make way for the copied ones.
          pg.query(`DELETE FROM ${ident(table)}`, []);
          const columns = tableColumns(source, table)
            .map((c) => c.name)
            .filter((c) => types.has(`${table}.${c}`));
          const colTypes = columns.map((c) => types.get(`${table}.${c}`)!);
          const batch = Math.max(1, Math.min(1000, Math.floor(30_000 / columns.length)));
          const hasId = columns.includes('id');
          const serialId = types.get(`${table}.id`) === 'integer';
          const select = source.prepare(`SELECT ${columns.map(ident).join(', ')} FROM ${ident(table)}${hasId ? ' ORDER BY id' : ''}`);
          let values: unknown[] = [];
          let rows = 0;
          const flush = () => {
            if (values.length === 0) return;
            const n = values.length / columns.length;
            const tuples = Array.from({ length: n }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
            pg.query(`INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES ${tuples.join(', ')}`, values);
            values = [];
          };
          for (const row of select.iterate() as IterableIterator<Record<string, unknown>>) {
            columns.forEach((c, i) => values.push(pgValue(row[c], colTypes[i])));
            if (++rows % batch === 0) {
              flush();
              progress?.(table, rows);
            }
          }
          flush();
          if (serialId) pg.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), GREATEST(coalesce(max(id), 0), 1), max(id) IS NOT NULL) FROM ${ident(table)}`, [`"${table}"`]);
          const there = Number(pg.query(`SELECT count(*) AS n FROM ${ident(table)}`, []).rows[0].n);
          if (there !== rows) throw new MigrateError(`${table}: ${rows} rows read, ${there} written`);
          copied[table] = rows;
          progress?.(table, rows);
        }
      })();
    })();
    return { tables: copied, seconds: (performance.now() - t0) / 1000 };
  } finally {
    source.close();
    target?.close();
  }
}
