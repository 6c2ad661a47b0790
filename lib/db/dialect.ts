/**
 * What differs between SQLite and PostgreSQL, in one small interface. The SQL
 * elsewhere is the dialect both share (translated for PostgreSQL by
 * lib/db/postgres-sql.ts: names, parameters, booleans); where a function or a
 * statement has no common form, the code asks the connection's dialect.
 */
import type { Provider } from './url';

export interface Dialect {
  provider: Provider;
  /** printf('%0<width>d', expr): a number as text, zero-padded (sorts as text). */
  zeroPad(expr: string, width: number): string;
  /** The last `n` characters of a text (SQLite's substr(x, -n)). */
  lastChars(expr: string, n: number): string;
  /** CREATE INDEX IF NOT EXISTS on a temporary table. */
  tempIndex(name: string, table: string, columns: string): string;
  /** The values of a group joined by a separator (group_concat / string_agg), in the order of the rows. */
  groupConcat(expr: string, separator: string): string;
  /**
   * Ends a SELECT whose rows the transaction goes on to rewrite from the values read: on
   * PostgreSQL `FOR UPDATE` (a concurrent writer of those rows is waited for, and if it changed
   * them since this transaction's snapshot, this transaction fails instead of overwriting them);
   * SQLite's write transactions already run one at a time.
   */
  forUpdate: string;
  /**
   * A FROM item whose column `value` holds the integers of a JSON array given as one
   * parameter (`?`): a statement for any number of values, without a parameter each.
   */
  jsonIntegers: string;
  /**
   * A column compared in a WHERE that its index must not serve: SQLite's planner, without
   * statistics, takes an index on a column compared with a constant over the primary key,
   * even against a short `id IN (…)` list (`+column` turns that off); PostgreSQL's has them.
   */
  unindexed(column: string): string;
}

export const SQLITE_DIALECT: Dialect = {
  provider: 'sqlite',
  zeroPad: (expr, width) => `printf('%0${width}d', ${expr})`,
  lastChars: (expr, n) => `substr(${expr}, -${n})`,
  tempIndex: (name, table, columns) => `CREATE INDEX IF NOT EXISTS temp.${name} ON ${table} (${columns})`,
  groupConcat: (expr, separator) => `group_concat(${expr}, '${separator.replace(/'/g, "''")}')`,
  forUpdate: '',
  jsonIntegers: 'json_each(?)',
  unindexed: (column) => `+${column}`,
};

export const POSTGRES_DIALECT: Dialect = {
  provider: 'postgresql',
  zeroPad: (expr, width) => `lpad(CAST(${expr} AS text), ${width}, '0')`,
  lastChars: (expr, n) => `right(${expr}, ${n})`,
  tempIndex: (name, table, columns) => `CREATE INDEX IF NOT EXISTS ${name} ON ${table} (${columns})`,
  groupConcat: (expr, separator) => `string_agg(${expr}, '${separator.replace(/'/g, "''")}')`,
  forUpdate: ' FOR UPDATE',
  jsonIntegers: '(SELECT CAST(value AS bigint) AS value FROM json_array_elements_text(CAST(? AS json)))',
  unindexed: (column) => column,
};

/** The provider of an open connection (lib/db/sqlite.ts's openDb gives either). */
export function providerOf(db: unknown): Provider {
  return (db as { provider?: string }).provider === 'postgresql' ? 'postgresql' : 'sqlite';
}

export function dialectOf(db: unknown): Dialect {
  return providerOf(db) === 'postgresql' ? POSTGRES_DIALECT : SQLITE_DIALECT;
}
