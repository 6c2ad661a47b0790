/**
 * Backup and restore on PostgreSQL, with the tools an operations team already
 * uses: a backup is `pg_dump --format=custom` (one consistent snapshot of the
 * live database: pg_dump reads in one repeatable-read transaction), written
 * beside its destination and renamed into place; a restore checks the dump
 * (pg_restore can read it, it holds Tifa's tables, its migrations are ones
 * this version ships), refuses while other sessions use the database, then
 * replaces every table in one transaction (psql --single-transaction: a
 * failure changes nothing) and applies newer migrations. For point-in-time
 * recovery and replicas, use PostgreSQL's own (README "Deployment").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { MaintenanceError, type DatabaseSummary } from './backup';
import { sleepSync } from './busy';
import { PgSyncDb } from './postgres';
import { ensurePostgresMigrated, postgresMigrations } from './postgres-migrate';

const REQUIRED_TABLES = ['_prisma_migrations', 'Document', 'Section', 'Sentence', 'Phrase', 'Occurrence', 'Note'];

/** A PostgreSQL client tool: on PATH, or in Debian's /usr/lib/postgresql/<version>/bin (newest first). */
export function postgresTool(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  const dirs = [process.env.TIFA_PG_BIN, ...(fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`) : [])];
  for (const dir of dirs) if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new MaintenanceError(`${name} not found: install PostgreSQL's client tools (apt-get install postgresql-client), or set TIFA_PG_BIN`);
}

function run(tool: string, args: string[], input?: string): string {
  const r = spawnSync(tool, args, { encoding: 'utf8', input, maxBuffer: 1 << 30 });
  if (r.error) throw new MaintenanceError(`${path.basename(tool)}: ${r.error.message}`);
  if (r.status !== 0) throw new MaintenanceError(`${path.basename(tool)} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(0, 3).join('; ')}`);
  return r.stdout;
}

function summaryOf(url: string): Omit<DatabaseSummary, 'bytes'> {
  const db = new PgSyncDb(url);
  try {
    const n = (t: string) => Number(db.query(`SELECT count(*) AS n FROM "${t}"`, []).rows[0].n);
    const migrations = Number(db.query('SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL', []).rows[0].n);
    return { documents: n('Document'), phrases: n('Phrase'), notes: n('Note'), migrations };
  } finally {
    db.close();
  }
}

/** pg_dump of the live database to `out` (custom format). */
export function backupPostgres(url: string, out: string, options: { force?: boolean } = {}): DatabaseSummary {
  const target = path.resolve(out);
  const existing = fs.statSync(target, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new MaintenanceError(`${out} is a directory; name a file`);
  if (existing && !options.force) throw new MaintenanceError(`${out} exists; pass --force to overwrite it`);
  if (!fs.existsSync(path.dirname(target))) throw new MaintenanceError(`${path.dirname(out)}: no such directory`);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    run(postgresTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${tmp}`, `--dbname=${url}`]);
    checkDump(tmp);
    fs.renameSync(tmp, target);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return { ...summaryOf(url), bytes: fs.statSync(target).size };
}

/**
 * Checks that `file` is a pg_dump of a Tifa database this version can
 * restore; throws a MaintenanceError saying what is wrong.
 */
export function checkDump(file: string): void {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new MaintenanceError(`${file}: no such file`);
  let list: string;
  try {
    list = run(postgresTool('pg_restore'), ['--list', file]);
  } catch (e) {
    throw new MaintenanceError(`${file}: not a PostgreSQL backup made by npm run backup (pg_dump --format=custom): ${(e as Error).message}`);
  }
  const tables = new Set([...list.matchAll(/ TABLE (?:\S+ )?"?([^" ]+)"? /g)].map((m) => m[1]));
  const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
  if (missing.length) throw new MaintenanceError(`${file}: not a Tifa database (no ${missing.join(', ')} table)`);
  const data = run(postgresTool('pg_restore'), ['--data-only', '--table=_prisma_migrations', '--file=-', file]);
  const applied = [...data.matchAll(/^[^\t\n]+\t[0-9a-f]{64}\t[^\t]*\t([^\t]+)\t/gm)].map((m) => m[1]);
  const known = new Set(postgresMigrations());
  const unknown = applied.filter((m) => !known.has(m));
  if (unknown.length) throw new MaintenanceError(`${file}: made by a newer version of Tifa (migration ${unknown[0]} is unknown here); update Tifa first`);
  if (applied.length === 0) throw new MaintenanceError(`${file}: records no migration; not a Tifa backup`);
}

/** How long a restore waits for sessions that are ending (a server or ingest just stopped). */
const SESSIONS_SETTLE_MS = 2_000;

/**
 * Other sessions on the database (running servers, ingests): client backends only, since
 * PostgreSQL's autovacuum workers show in pg_stat_activity with the database's name too. A
 * client that has just disconnected can still be listed for a moment while its backend exits,
 * so a count above zero is asked again for up to SESSIONS_SETTLE_MS.
 */
function otherSessions(url: string): number {
  const db = new PgSyncDb(url);
  try {
    const count = () =>
      Number(
        db.query(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
          [],
        ).rows[0].n,
      );
    const until = Date.now() + SESSIONS_SETTLE_MS;
    let n = count();
    while (n > 0 && Date.now() < until) {
      sleepSync(100);
      n = count();
    }
    return n;
  } finally {
    db.close();
  }
}

const DROP_EVERYTHING = `DO $drop$ DECLARE r record; BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', r.tablename);
  END LOOP;
END $drop$;
`;

/** Replaces the database's tables with the dump's, in one transaction. */
export function restorePostgres(file: string, url: string, options: { force?: boolean } = {}): DatabaseSummary {
  checkDump(file);
  // Under --force the count would be ignored: do not ask (nor wait for ending sessions).
  const others = options.force ? 0 : otherSessions(url);
  if (others > 0) {
    throw new MaintenanceError(`the database has ${others} other session(s) (a running server or ingest): stop them first, or pass --force and restart them afterwards`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-restore-'));
  try {
    const script = path.join(dir, 'restore.sql');
    run(postgresTool('pg_restore'), ['--no-owner', '--no-privileges', `--file=${script}`, file]);
    const prelude = path.join(dir, 'prelude.sql');
    fs.writeFileSync(prelude, DROP_EVERYTHING);
    run(postgresTool('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', `--dbname=${url}`, '-f', prelude, '-f', script]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  ensurePostgresMigrated(url);
  return { ...summaryOf(url), bytes: fs.statSync(file).size };
}
