/**
 * Backup and restore of the SQLite database (SQLite-specific, so here in lib/db).
 *
 * A backup is SQLite's online backup of the live database, taken while the
 * server or an ingest runs: every page is copied in one step, inside one read
 * transaction, so the copy is one consistent snapshot (copied in small steps,
 * the backup would restart whenever another connection commits). It is
 * written beside its destination and renamed into place, so a crash never
 * leaves half a backup under the name asked for.
 *
 * A restore checks the file first (integrity_check, and that it is a Tifa
 * database no newer than this code), then swaps it in atomically: copied to a
 * temporary file in the database's folder, the old database kept as
 * `<db>.before-restore`, its WAL emptied, and the copy renamed over it.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensureMigrated, shippedMigrations } from './sqlite';

/** A problem the user can act on (bad file, existing output): reported without a stack trace. */
export class MaintenanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MaintenanceError';
  }
}

export interface DatabaseSummary {
  documents: number;
  phrases: number;
  notes: number;
  bytes: number;
  migrations: number;
}

/** Tables every Tifa database has (from the first migration on). */
const REQUIRED_TABLES = ['_prisma_migrations', 'Document', 'Section', 'Sentence', 'Phrase', 'Occurrence', 'Note'];

function temporaryBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

function count(db: Database.Database, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

/**
 * Checks that `file` is an intact Tifa database this code can open: SQLite's
 * integrity_check passes, the Tifa tables are there, and every migration it
 * records is one this version ships (a newer backup is refused). Throws a
 * MaintenanceError saying what is wrong.
 */
export function checkDatabaseFile(file: string): DatabaseSummary {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new MaintenanceError(`${file}: no such file`);
  if (!stat.isFile()) throw new MaintenanceError(`${file}: not a file`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new MaintenanceError(`${file}: cannot be opened (${(e as Error).message})`);
  }
  try {
    let problems: string[];
    try {
      problems = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    } catch (e) {
      throw new MaintenanceError(`${file}: not a usable SQLite database (${(e as Error).message})`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      const shown = problems.slice(0, 3).join('; ');
      throw new MaintenanceError(`${file}: fails SQLite's integrity check (${shown}${problems.length > 3 ? `; … ${problems.length} problems` : ''})`);
    }
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name),
    );
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw new MaintenanceError(`${file}: not a Tifa database (no ${missing.join(', ')} table)`);
    const applied = (
      db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').all() as Array<{
        migration_name: string;
      }>
    ).map((r) => r.migration_name);
    const known = new Set(shippedMigrations());
    const unknown = applied.filter((m) => !known.has(m));
    if (unknown.length) {
      throw new MaintenanceError(`${file}: made by a newer version of Tifa (migration ${unknown[0]} is not in prisma/migrations); update Tifa first`);
    }
    return {
      documents: count(db, 'Document'),
      phrases: count(db, 'Phrase'),
      notes: count(db, 'Note'),
      bytes: stat.size,
      migrations: applied.length,
    };
  } finally {
    db.close();
  }
}

/** Copies a database with SQLite's backup API in one step (one consistent snapshot), into a rollback-journal file. */
async function copyDatabase(source: string, dest: string): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    // The first step only sizes the copy; the second copies every page at once.
    await db.backup(dest, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  // The copy is a single file: no WAL beside it to lose when it is moved or mailed.
  const out = new Database(dest);
  try {
    out.pragma('journal_mode = DELETE');
  } finally {
    out.close();
  }
}

/**
 * Writes a consistent copy of the database `source` (live or not) to `out`.
 * Refuses to overwrite an existing file unless `force`.
 */
export async function backupDatabase(source: string, out: string, options: { force?: boolean } = {}): Promise<DatabaseSummary> {
  if (!fs.existsSync(source)) throw new MaintenanceError(`no database at ${source} (DATABASE_URL)`);
  const target = path.resolve(out);
  if (target === path.resolve(source)) throw new MaintenanceError(`${out} is the database itself; name another file`);
  const existing = fs.statSync(target, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new MaintenanceError(`${out} is a directory; name a file`);
  if (existing && !options.force) throw new MaintenanceError(`${out} exists; pass --force to overwrite it`);
  if (!fs.existsSync(path.dirname(target))) throw new MaintenanceError(`${path.dirname(out)}: no such directory`);
  const tmp = temporaryBeside(target);
  try {
    await copyDatabase(source, tmp);
    const summary = checkDatabaseFile(tmp);
    fs.renameSync(tmp, target);
    return { ...summary, bytes: fs.statSync(target).size };
  } finally {
    removeDatabaseFiles(tmp);
  }
}

/**
 * True when another connection (a running server, an ingest) has the database
 * open. Leaving WAL mode needs the only connection; when it fails busy,
 * someone else holds the database. (When it succeeds the file is about to be
 * replaced anyway.)
 */
export function databaseInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch {
    return false;
  }
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
    return false;
  } catch (e) {
    return (e as { code?: string }).code === 'SQLITE_BUSY' || (e as { code?: string }).code === 'SQLITE_LOCKED';
  } finally {
    db.close();
  }
}

export interface RestoreResult extends DatabaseSummary {
  /** Where the replaced database was kept, if there was one. */
  previous: string | null;
}

/**
 * Replaces the database `target` with the backup `file`, after checking it.
 * Refuses while another process has the database open unless `force` (that
 * process keeps the old file open and must be restarted).
 */
export async function restoreDatabase(file: string, target: string, options: { force?: boolean } = {}): Promise<RestoreResult> {
  checkDatabaseFile(file);
  if (path.resolve(file) === path.resolve(target)) throw new MaintenanceError(`${file} is the database itself`);
  if (!options.force && databaseInUse(target)) {
    throw new MaintenanceError(
      `${target} is open in another process (a running server or ingest): stop it first, or pass --force and restart it afterwards`,
    );
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = temporaryBeside(target);
  try {
    await copyDatabase(file, tmp);
    checkDatabaseFile(tmp);
    let previous: string | null = null;
    if (fs.existsSync(target)) {
      // Fold the WAL into the old file so that it is whole on its own, then
      // keep it: a restore can be undone by restoring the previous file.
      try {
        const old = new Database(target, { fileMustExist: true });
        try {
          old.pragma('busy_timeout = 5000');
          old.pragma('wal_checkpoint(TRUNCATE)');
        } finally {
          old.close();
        }
      } catch {
        // A damaged database is kept as it is.
      }
      previous = `${target}.before-restore`;
      removeDatabaseFiles(previous);
      fs.copyFileSync(target, previous);
    }
    // A WAL left beside the new file would be replayed onto it: remove it first.
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(target + suffix, { force: true });
    fs.renameSync(tmp, target);
    // A backup from an older version gets the newer migrations.
    ensureMigrated(target);
    return { ...checkDatabaseFile(target), previous };
  } finally {
    removeDatabaseFiles(tmp);
  }
}
