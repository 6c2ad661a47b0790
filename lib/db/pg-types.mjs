// How Tifa reads PostgreSQL's values in raw SQL: as SQLite gives them, so that
// the same code reads both. Counts (bigint, numeric) are numbers, booleans 1
// and 0, timestamps ISO strings in UTC (Prisma stores UTC in timestamp(3)).
import pg from 'pg';

const toIso = (v) => (v === null ? null : `${v.replace(' ', 'T')}${/\.\d+$/.test(v) ? '' : '.000'}Z`.replace(/(\.\d{3})\d*Z$/, '$1Z'));

const parsers = {
  20: (v) => Number(v), // int8: count(*), sum()
  1700: (v) => Number(v), // numeric
  16: (v) => (v === 't' ? 1 : 0), // bool
  1114: toIso, // timestamp without time zone (stored as UTC)
  1184: (v) => new Date(v).toISOString(), // timestamptz
};

export const postgresTypes = {
  getTypeParser(oid, format) {
    return parsers[oid] ?? pg.types.getTypeParser(oid, format);
  },
};
