/**
 * What the database's schema holds, read from the catalogue (SQLite's
 * table_info and foreign_key_list, PostgreSQL's information_schema): the editorial export (lib/editorial) copies tables
 * generically, so that a column or table added by a migration is carried
 * without code that names it twice.
 */
import type { Db } from './sqlite';
import { providerOf } from './dialect';

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
  if (providerOf(db) === 'postgresql') {
    return db.prepare('SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?').get(table) !== undefined;
  }
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

export function tableColumns(db: Db, table: string): ColumnInfo[] {
  if (providerOf(db) === 'postgresql') {
    return (db.prepare(
      `SELECT c.column_name AS name, c.is_nullable AS nullable, c.column_default AS d,
              EXISTS (SELECT 1 FROM information_schema.table_constraints t JOIN information_schema.key_column_usage k
                        ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema
                      WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = c.table_schema AND t.table_name = c.table_name
                        AND k.column_name = c.column_name) AS pk
       FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = ? ORDER BY c.ordinal_position`,
    ).all(table) as Array<{ name: string; nullable: string; d: unknown; pk: number }>).map((c) => ({
      name: c.name,
      notNull: c.nullable === 'NO',
      hasDefault: c.d !== null,
      primaryKey: c.pk === 1,
    }));
  }
  return (db.prepare('SELECT name, "notnull" AS nn, dflt_value AS d, pk FROM pragma_table_info(?)').all(table) as Array<{
    name: string;
    nn: number;
    d: unknown;
    pk: number;
  }>).map((c) => ({ name: c.name, notNull: c.nn === 1, hasDefault: c.d !== null, primaryKey: c.pk > 0 }));
}

export function foreignKeys(db: Db, table: string): ForeignKey[] {
  if (providerOf(db) === 'postgresql') {
    return db.prepare(
      `SELECT a.attname AS "column", rt.relname AS "table", ra.attname AS "to"
       FROM pg_constraint k
       JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class rt ON rt.oid = k.confrelid
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
       JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
       WHERE k.contype = 'f' AND t.relname = ? AND t.relnamespace = current_schema()::regnamespace ORDER BY k.conname`,
    ).all(table) as ForeignKey[];
  }
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
