/**
 * npm run restore -- FILE : replaces the database with a backup, after checking it.
 */
import { MaintenanceError, restoreDatabase } from '../lib/db/backup';
import { restorePostgres } from '../lib/db/postgres-backup';
import { databaseLocation, describeLocation, isPostgresUrl } from '../lib/db/url';
import { parseCommandLine, runCommand, UsageError } from './cli';

const HELP = `Usage: npm run restore -- [--force] FILE

Replaces the database named by DATABASE_URL (default file:./data/tifa.db) with
the backup FILE (made by npm run backup). FILE is checked first: SQLite's
integrity_check must pass and it must be a Tifa database no newer than this
version; a bad file is refused and nothing changes. The swap is atomic; the
database it replaces is kept as <database>.before-restore.

Stop the server first: while another process has the database open, restore
refuses (exit 1). With --force it restores anyway, and that process must be
restarted to see the restored data.

On PostgreSQL (a postgresql:// DATABASE_URL) FILE is a backup made by npm run
backup there (pg_dump's custom format); it is checked the same way, every
table is replaced in one transaction (psql), and other sessions on the
database make it refuse unless --force. Needs pg_restore and psql.

Options:
  --force      restore even while another process has the database open
  -h, --help   this help`;

runCommand('restore', HELP, async () => {
  const { values, positionals } = parseCommandLine({ force: { type: 'boolean', default: false } }, { allowPositionals: true });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'name one backup file' : 'name the backup file to restore');
  const target = databaseLocation();
  try {
    const r = isPostgresUrl(target)
      ? { ...restorePostgres(positionals[0], target, { force: values.force }), previous: null }
      : await restoreDatabase(positionals[0], target, { force: values.force });
    console.error(
      `restore: ${describeLocation(target)} now holds ${positionals[0]} (${r.documents} documents, ${r.phrases} phrases, ${r.notes} notes)` +
        (r.previous ? `; the previous database is kept as ${r.previous}` : ''),
    );
    console.error('restore: (re)start the server (npm start) so that it opens the restored database.');
    return 0;
  } catch (e) {
    if (e instanceof MaintenanceError) throw new UsageError(e.message, 1);
    throw e;
  }
});
