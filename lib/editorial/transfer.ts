/**
 * Editorial content out of one database and into another (see tables.ts for
 * what is carried and how rows are identified). The export is one JSON
 * document; the import upserts by identity in one transaction, so importing
 * the same file twice changes nothing the second time.
 */
import type { Db } from '../db/sqlite';
import { ingest } from '../ingest/run';
import { foreignKeys, ident, tableColumns, tableExists, type ForeignKey } from '../db/schema-info';
import { EDITORIAL_TABLES, type EditorialTable, type Row } from './tables';

export const EDITORIAL_FORMAT = 'tifa-editorial';
export const EDITORIAL_VERSION = 1;

export interface EditorialExport {
  format: typeof EDITORIAL_FORMAT;
  version: number;
  exportedAt: string;
  tables: Record<string, Row[]>;
}

/** A row's identity as carried in a file: a scalar for a one-column identity, else an object. */
type Ref = unknown;

class EditorialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditorialError';
  }
}
export { EditorialError };

interface TablePlan {
  spec: EditorialTable;
  /** Columns carried (identity first), among those the table has. */
  columns: string[];
  identity: string[];
  refs: Map<string, ForeignKey>;
}

function entryFor(table: string): EditorialTable | undefined {
  return EDITORIAL_TABLES.find((t) => t.table === table);
}

function planTable(db: Db, spec: EditorialTable): TablePlan | null {
  if (!tableExists(db, spec.table)) return null;
  const have = tableColumns(db, spec.table);
  const has = new Set(have.map((c) => c.name));
  const identity = spec.identity.filter((c) => has.has(c));
  if (identity.length === 0) return null;
  const wanted =
    spec.columns === 'all'
      ? have.filter((c) => !(c.primaryKey && c.name === 'id')).map((c) => c.name)
      : spec.columns.filter((c) => has.has(c));
  const editorial = wanted.filter((c) => !identity.includes(c) && !(spec.exclude ?? []).includes(c));
  if (spec.columns !== 'all' && editorial.length === 0) return null;
  const refs = new Map(foreignKeys(db, spec.table).map((f) => [f.column, f]));
  for (const c of [...identity, ...editorial]) {
    const f = refs.get(c);
    if (f && !entryFor(f.table)) throw new EditorialError(`${spec.table}.${c} points to ${f.table}, which is not in EDITORIAL_TABLES`);
  }
  return { spec, columns: [...identity, ...editorial], identity, refs };
}

/**
 * Identities of rows by id, table by table, built on demand: the value a
 * foreign key is exported as.
 */
class IdentityReader {
  private readonly cache = new Map<string, Map<number, Ref>>();
  constructor(private readonly db: Db) {}

  refOf(table: string, id: number | null): Ref {
    if (id === null || id === undefined) return null;
    let map = this.cache.get(table);
    if (!map) {
      map = new Map();
      this.cache.set(table, map);
      const spec = entryFor(table)!;
      const plan = planTable(this.db, spec)!;
      const rows = this.db.prepare(`SELECT id, ${plan.identity.map(ident).join(', ')} FROM ${ident(table)}`).all() as Row[];
      const pending: Array<[number, Row]> = rows.map((r) => [Number(r.id), r]);
      for (const [rowId, r] of pending) {
        const values = plan.identity.map((c) => {
          const f = plan.refs.get(c);
          return f && f.table !== table ? this.refOf(f.table, r[c] as number) : canonicalValue(r[c]);
        });
        map.set(rowId, values.length === 1 ? values[0] : Object.fromEntries(plan.identity.map((c, i) => [c, values[i]])));
      }
    }
    return map.get(id) ?? null;
  }
}

/** Every editorial row of the database, foreign keys replaced by identities. */
export function exportEditorial(db: Db): EditorialExport {
  const reader = new IdentityReader(db);
  const tables: Record<string, Row[]> = {};
  db.transaction(() => {
    for (const spec of EDITORIAL_TABLES) {
      const plan = planTable(db, spec);
      if (!plan) continue;
      const has = (c: string) => tableColumns(db, spec.table).some((x) => x.name === c);
      const where = spec.where ? ` WHERE ${spec.where(has)}` : '';
      const order = plan.identity.map(ident).join(', ');
      const rows = db.prepare(`SELECT id, ${plan.columns.map(ident).join(', ')} FROM ${ident(spec.table)}${where} ORDER BY ${order}, id`).all() as Row[];
      tables[spec.table] = rows.map((r) => {
        const out: Row = {};
        for (const c of plan.columns) {
          const f = plan.refs.get(c);
          const v = r[c];
          if (Buffer.isBuffer(v)) throw new EditorialError(`${spec.table}.${c} holds binary data, which the editorial export does not carry`);
          out[c] = f ? reader.refOf(f.table, v as number | null) : canonicalValue(v);
        }
        return out;
      });
    }
  })();
  return { format: EDITORIAL_FORMAT, version: EDITORIAL_VERSION, exportedAt: new Date().toISOString(), tables };
}

export interface TableImport {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows whose document (or other referenced row) the target does not have. */
  skipped: number;
}

export interface ImportResult {
  tables: Record<string, TableImport>;
  /** Phrases the target lacked, created for their notes or because an editor promoted them. */
  createdPhrases: number;
  /** Columns in the file that this database does not have, ignored ("Table.column"). */
  ignoredColumns: string[];
  /** Reasons rows were skipped (first few). */
  notes: string[];
}

/** Checks the shape of a parsed file. */
export function parseEditorialExport(value: unknown): EditorialExport {
  const v = value as Partial<EditorialExport> | null;
  if (!v || typeof v !== 'object' || v.format !== EDITORIAL_FORMAT) {
    throw new EditorialError(`not a Tifa editorial export (expected "format": "${EDITORIAL_FORMAT}")`);
  }
  if (typeof v.version !== 'number' || v.version > EDITORIAL_VERSION) {
    throw new EditorialError(`editorial export version ${String(v.version)} is newer than this Tifa reads (${EDITORIAL_VERSION}); update Tifa`);
  }
  if (!v.tables || typeof v.tables !== 'object') throw new EditorialError('the export has no "tables"');
  for (const [t, rows] of Object.entries(v.tables)) {
    if (!Array.isArray(rows) || rows.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
      throw new EditorialError(`"tables.${t}" must be a list of objects`);
    }
  }
  return v as EditorialExport;
}

/** An ISO timestamp (SQLite keeps Prisma's '…+00:00', PostgreSQL gives '…Z'): one instant, one spelling. */
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
function canonical(v: unknown): string {
  const s = String(v);
  return TIMESTAMP.test(s) ? new Date(s).toISOString() : s;
}

/** Timestamps exported in one spelling whichever provider stored them (so exports compare across providers). */
function canonicalValue(v: unknown): unknown {
  return typeof v === 'string' && TIMESTAMP.test(v) ? new Date(v).toISOString() : v;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  // SQLite gives numbers back for integers and booleans; JSON may hold either.
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) === Number(b);
  return canonical(a) === canonical(b);
}

/**
 * Imports an export into this database, upserting each row by its identity,
 * in one transaction. Foreign keys are resolved through the identities of the
 * rows already here or imported before (the order of EDITORIAL_TABLES).
 */
export function importEditorial(db: Db, data: EditorialExport): ImportResult {
  const result: ImportResult = { tables: {}, createdPhrases: 0, ignoredColumns: [], notes: [] };
  const unknownTables = Object.keys(data.tables).filter((t) => !entryFor(t));
  for (const t of unknownTables) result.notes.push(`table ${t} is not editorial content in this version; ignored`);

  // identity string → id, per table, for resolving references.
  const indexes = new Map<string, Map<string, number>>();
  const plans = new Map<string, TablePlan>();
  const planOf = (table: string) => {
    if (!plans.has(table)) {
      const p = planTable(db, entryFor(table)!);
      if (p) plans.set(table, p);
    }
    return plans.get(table);
  };
  const identityKey = (values: unknown[]) => JSON.stringify(values.map((v) => (v === null || v === undefined ? null : canonical(v))));
  const indexOf = (table: string): Map<string, number> => {
    let index = indexes.get(table);
    if (index) return index;
    const plan = planOf(table)!;
    index = new Map();
    const rows = db.prepare(`SELECT id, ${plan.identity.map(ident).join(', ')} FROM ${ident(table)}`).all() as Row[];
    for (const r of rows) index.set(identityKey(plan.identity.map((c) => r[c])), Number(r.id));
    indexes.set(table, index);
    return index;
  };
  /** The id of the row a reference names here, or undefined. */
  const resolve = (table: string, ref: Ref): number | undefined => {
    const plan = planOf(table);
    if (!plan || ref === null || ref === undefined) return undefined;
    const parts = plan.identity.length === 1 ? [ref] : plan.identity.map((c) => (ref as Row)?.[c]);
    const values: unknown[] = [];
    for (let i = 0; i < plan.identity.length; i++) {
      const f = plan.refs.get(plan.identity[i]);
      if (f && f.table !== table) {
        const id = resolve(f.table, parts[i]);
        if (id === undefined) return undefined;
        values.push(id);
      } else values.push(parts[i]);
    }
    return indexOf(table).get(identityKey(values));
  };

  db.transaction(() => {
    for (const spec of EDITORIAL_TABLES) {
      const rows = data.tables[spec.table];
      if (!rows) continue;
      const plan = planOf(spec.table);
      const stats: TableImport = { rows: rows.length, inserted: 0, updated: 0, unchanged: 0, skipped: 0 };
      result.tables[spec.table] = stats;
      if (!plan) {
        stats.skipped = rows.length;
        result.notes.push(`${spec.table}: this database has no such table (or none of its editorial columns); ${rows.length} rows ignored`);
        continue;
      }
      const allColumns = new Set(tableColumns(db, spec.table).map((c) => c.name));
      const known = new Set(plan.columns);
      for (const c of new Set(rows.flatMap((r) => Object.keys(r)))) {
        if (!known.has(c)) result.ignoredColumns.push(`${spec.table}.${c}`);
      }
      const index = indexOf(spec.table);
      // References to rows of the same table (a phrase merged into another) wait for every row to exist.
      const deferred: Array<[number, string, Ref]> = [];
      for (const exported of rows) {
        const row: Row = {};
        let unresolved: string | null = null;
        for (const c of plan.columns) {
          if (!(c in exported)) continue;
          const f = plan.refs.get(c);
          const v = exported[c];
          if (f && f.table === spec.table && !plan.identity.includes(c)) continue;
          if (f && v !== null && v !== undefined) {
            const id = resolve(f.table, v);
            if (id === undefined) {
              unresolved = `${f.table} ${JSON.stringify(v)}`;
              break;
            }
            row[c] = id;
          } else row[c] = v;
        }
        if (unresolved || plan.identity.some((c) => row[c] === undefined)) {
          stats.skipped++;
          if (result.notes.length < 20) result.notes.push(`${spec.table}: skipped a row: ${unresolved ? `no ${unresolved} here` : 'its identity is incomplete'}`);
          continue;
        }
        const key = identityKey(plan.identity.map((c) => row[c]));
        let id = index.get(key);
        const write = spec.prepare ? spec.prepare(row, id !== undefined) : row;
        if (id !== undefined) {
          const sets = Object.keys(write).filter((c) => !plan.identity.includes(c) && allColumns.has(c));
          if (sets.length) {
            const current = db.prepare(`SELECT ${sets.map(ident).join(', ')} FROM ${ident(spec.table)} WHERE id = ?`).get(id) as Row;
            const changed = sets.filter((c) => !sameValue(current[c], write[c]));
            if (changed.length) {
              db.prepare(`UPDATE ${ident(spec.table)} SET ${changed.map((c) => `${ident(c)} = ?`).join(', ')} WHERE id = ?`).run(
                ...changed.map((c) => sqlValue(write[c])),
                id,
              );
              spec.afterWrite?.(db, id, write, changed);
              stats.updated++;
            } else stats.unchanged++;
          } else stats.unchanged++;
        } else if (spec.missing === 'skip') {
          stats.skipped++;
          if (result.notes.length < 20) result.notes.push(`${spec.table}: ${JSON.stringify(plan.identity.map((c) => exported[c]))} is not in this database; skipped`);
          continue;
        } else {
          const full = spec.missing === 'create' && spec.create ? spec.create(write) : write;
          const cols = Object.keys(full).filter((c) => allColumns.has(c));
          id = Number(
            db
              .prepare(`INSERT INTO ${ident(spec.table)} (${cols.map(ident).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
              .run(...cols.map((c) => sqlValue(full[c]))).lastInsertRowid,
          );
          index.set(key, id);
          spec.afterWrite?.(db, id, full, cols);
          stats.inserted++;
          if (spec.table === 'Phrase') result.createdPhrases++;
        }
        for (const c of plan.columns) {
          const f = plan.refs.get(c);
          if (f && f.table === spec.table && !plan.identity.includes(c) && c in exported) deferred.push([id, c, exported[c]]);
        }
      }
      for (const [id, c, ref] of deferred) {
        const target = ref === null || ref === undefined ? null : resolve(spec.table, ref) ?? null;
        const current = db.prepare(`SELECT ${ident(c)} AS v FROM ${ident(spec.table)} WHERE id = ?`).get(id) as { v: unknown };
        if (!sameValue(current.v, target)) db.prepare(`UPDATE ${ident(spec.table)} SET ${ident(c)} = ? WHERE id = ?`).run(target, id);
      }
    }
  }).immediate();
  return result;
}

function sqlValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v === undefined ? null : v;
}

/**
 * After an import created phrases or made phrases the editor's: finds their
 * uses in every document and refreshes the figures, as the end of an ingest
 * does (it is an ingest of no files). Returns the unquoted uses found.
 */
export function linkImportedPhrases(db: Db): number {
  const pending = (db.prepare('SELECT count(*) AS n FROM Phrase WHERE linked = 0').get() as { n: number }).n;
  if (pending === 0) return 0;
  return ingest(db, []).unquoted;
}
