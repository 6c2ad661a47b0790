import { prisma } from '@/lib/db/client';
import { openDb, type Db } from '@/lib/db/sqlite';
import { postgresRows } from '@/lib/db/postgres';
import { isPostgresUrl } from '@/lib/db/url';
import { Prisma } from '@/lib/generated/prisma/client';

/** The read helpers lib/data builds on: one Prisma client, raw SQL for aggregates. */
export { prisma, Prisma };

export const sql = Prisma.sql;
export const join = Prisma.join;
export const empty = Prisma.empty;

/** SQLite returns count(*) as BigInt through the adapter; JSON and arithmetic want numbers. */
export function num(v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}

/** DateTime columns read through raw SQL come back as ISO text or epoch numbers. */
export function toDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'bigint') return new Date(Number(v));
  if (typeof v === 'number') return new Date(v);
  if (typeof v === 'string') return new Date(/^\d+$/.test(v) ? Number(v) : v);
  return new Date(NaN);
}

export function bool(v: unknown): boolean {
  return v === true || v === 1 || v === 1n || v === '1';
}

/**
 * Reads: the aggregate and list queries of lib/data are plain SQL (built with
 * Prisma.sql, so values are always bound parameters). They run on a read-only
 * connection from lib/db/sqlite.ts with a cache of prepared statements, which on
 * the entry page is several times cheaper per query than going through the ORM.
 * Writes (lib/editing) go through Prisma; WAL makes them visible here at commit.
 * On PostgreSQL they go through an asynchronous pool (lib/db/postgres.ts),
 * translated the same way as every other statement.
 */
type ReadState = { db: Db; statements: Map<string, ReturnType<Db['prepare']>> };
const globalRead = globalThis as unknown as { tifaDataRead?: ReadState };

function readState(): ReadState {
  return (globalRead.tifaDataRead ??= { db: openDb({ readonly: true }), statements: new Map() });
}

export async function rows<T>(query: Prisma.Sql): Promise<T[]> {
  const url = process.env.DATABASE_URL;
  if (isPostgresUrl(url)) return postgresRows<T>(url!.trim(), query.sql, query.values);
  const state = readState();
  let stmt = state.statements.get(query.sql);
  if (!stmt) {
    stmt = state.db.prepare(query.sql);
    if (state.statements.size >= 1000) state.statements.delete(state.statements.keys().next().value as string);
    state.statements.set(query.sql, stmt);
  }
  return (stmt as unknown as { all(...params: unknown[]): T[] }).all(...query.values);
}

/** Parses a Section.path JSON array defensively. */
export function parsePath(path: string | null | undefined): string[] {
  if (!path) return [];
  try {
    const v: unknown = JSON.parse(path);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

export const PAGE_SIZE = 50;

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export function paged<T>(items: T[], total: number, page: number, pageSize: number): Paged<T> {
  return { items, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
