// The version token the page cache (page-cache.mjs) keys kept pages on: it
// changes whenever anything was committed to the database, by this server or
// any other process, and when this server loads a new search-index generation.
//
// - SQLite: PRAGMA data_version, on a read-only connection of its own. SQLite
//   changes it on that connection whenever another connection (the app's,
//   an ingest's, another server's) commits; this one never writes.
// - PostgreSQL: the WAL insert position. Every write moves it, on the
//   primary or (replayed) on a standby; reads do not. It is the insert
//   position, not the write position: with synchronous_commit off a commit
//   returns before its WAL is written out, and a page rendered after it must
//   not be taken for one rendered before. Other databases of the cluster
//   move it too, which only costs a miss.
// The search engine (lib/search/engine.ts) publishes the generation it serves
// on globalThis.tifaSearch; until it has loaded one, that part is empty.
import path from 'node:path';

const POSTGRES = /^postgres(ql)?:\/\//i;

/** The SQLite file a file: DATABASE_URL names, as lib/db/url.ts resolves it (relative to the current directory). */
export function sqliteFile(url) {
  const p = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '').split('?')[0];
  // (turbopackIgnore: a runtime path, not a module the bundler should trace; lib/data/corpus.ts imports this file)
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), p);
}

function servedGeneration() {
  return globalThis.tifaSearch?.generation ?? '';
}

/**
 * Opens the version source for DATABASE_URL. Returns `{ current, close }`:
 * `current()` resolves to the token, or null when the database cannot be asked
 * (then nothing is cached or served from the cache).
 */
export async function openDataVersion(url = process.env.DATABASE_URL || 'file:./data/tifa.db') {
  if (POSTGRES.test(url.trim())) {
    const { default: pg } = await import('pg');
    // allowExitOnIdle: a script or test that asked (lib/data/corpus.ts) may end without closing it.
    const pool = new pg.Pool({ connectionString: url.trim(), max: 1, idleTimeoutMillis: 30_000, allowExitOnIdle: true });
    pool.on('error', () => {
      /* reported by the query that needs the connection */
    });
    const sql = 'SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text AS lsn';
    return {
      async current() {
        try {
          const { rows } = await pool.query(sql);
          return `${rows[0].lsn}|${servedGeneration()}`;
        } catch {
          return null;
        }
      },
      close: () => pool.end(),
    };
  }
  const { default: Database } = await import('better-sqlite3');
  let db = null;
  const connect = () => {
    try {
      db ??= new Database(sqliteFile(url), { readonly: true, fileMustExist: true });
      return db;
    } catch {
      return null;
    }
  };
  return {
    async current() {
      const c = connect();
      if (!c) return null;
      try {
        return `${c.pragma('data_version', { simple: true })}|${servedGeneration()}`;
      } catch {
        return null;
      }
    },
    close: () => db?.close(),
  };
}
