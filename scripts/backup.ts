/**
 * npm run backup -- --out FILE : a consistent copy of the live database.
 */
import { backupDatabase, MaintenanceError } from '../lib/db/backup';
import { databasePath } from '../lib/db/url';
import { parseCommandLine, runCommand, UsageError } from './cli';

const HELP = `Usage: npm run backup -- --out FILE [--force]

Writes a consistent copy of the database named by DATABASE_URL (default
file:./data/tifa.db) to FILE, with SQLite's online backup: the server and an
ingest may keep running. The copy is checked (integrity_check) before it is
given its name. Restore it with: npm run restore -- FILE

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
  const source = databasePath();
  try {
    const s = await backupDatabase(source, values.out, { force: values.force });
    console.error(
      `backup: wrote ${values.out} (${(s.bytes / 1e6).toFixed(1)} MB: ${s.documents} documents, ${s.phrases} phrases, ${s.notes} notes) from ${source}`,
    );
    return 0;
  } catch (e) {
    if (e instanceof MaintenanceError) throw new UsageError(e.message, 1);
    throw e;
  }
});
