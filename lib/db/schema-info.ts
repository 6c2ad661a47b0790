/**
 * What the database's schema holds, read from SQLite's catalogue (table_info,
 * foreign_key_list): the editorial export (lib/editorial) copies tables
 * generically, so that a column or table added by a migration is carried
 * without code that names it twice.
 */
import type { Db } from './sqlite';

export interface ColumnInfo {
  name: string;
  notNull: boolean;
  hasDefault: boolean;
  primaryKey: boolean;
}

export interface ForeignKey {
  column: string;
  table: string;
  to: string;
}

export function tableExists(db: Db, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

export function tableColumns(db: Db, table: string): ColumnInfo[] {
  return (db.prepare('SELECT name, "notnull" AS nn, dflt_value AS d, pk FROM pragma_table_info(?)').all(table) as Array<{
    name: string;
    nn: number;
    d: unknown;
    pk: number;
  }>).map((c) => ({ name: c.name, notNull: c.nn === 1, hasDefault: c.d !== null, primaryKey: c.pk > 0 }));
}

export function foreignKeys(db: Db, table: string): ForeignKey[] {
  return (db.prepare('SELECT "from" AS column, "table" AS tbl, "to" AS target FROM pragma_foreign_key_list(?)').all(table) as Array<{
    column: string;
    tbl: string;
    target: string;
  }>).map((f) => ({ column: f.column, table: f.tbl, to: f.target }));
}

/** SQL identifier quoting. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
