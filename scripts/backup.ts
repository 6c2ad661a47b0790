/**
 * npm run backup -- --out FILE : a consistent copy of the live database.
 */
import { backupDatabase, MaintenanceError } from '../lib/db/backup';
import { backupPostgres } from '../lib/db/postgres-backup';
import { databaseLocation, describeLocation, isPostgresUrl } from '../lib/db/url';
import { parseCommandLine, runCommand, UsageError } from './cli';

const HELP = `Usage: npm run backup -- --out FILE [--force]

Writes a consistent copy of the database named by DATABASE_URL (default
file:./data/tifa.db) to FILE, with SQLite's online backup: the server and an
ingest may keep running. The copy is checked (integrity_check) before it is
given its name. Restore it with: npm run restore -- FILE

On PostgreSQL (a postgresql:// DATABASE_URL) the copy is pg_dump's custom
format, also one consistent snapshot of the live database (needs pg_dump).

Options:
  --out FILE   where to write the copy (required)
  --force      overwrite FILE if it exists
  -h, --help   this help`;

runCommand('backup', HELP, async () => {
  const { values, positionals } = parseCommandLine({ out: { type: 'string' }, force: { type: 'boolean', default: false } }, { allowPositionals: true });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}" (name the file with --out)`);
  if (!values.out) throw new UsageError('name the backup file with --out FILE');
  const source = databaseLocation();
  try {
    const s = isPostgresUrl(source) ? backupPostgres(source, values.out, { force: values.force }) : await backupDatabase(source, values.out, { force: values.force });
    console.error(
      `backup: wrote ${values.out} (${(s.bytes / 1e6).toFixed(1)} MB: ${s.documents} documents, ${s.phrases} phrases, ${s.notes} notes) from ${describeLocation(source)}`,
    );
    return 0;
  } catch (e) {
    if (e instanceof MaintenanceError) throw new UsageError(e.message, 1);
    throw e;
  }
});
