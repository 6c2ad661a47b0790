/**
 * npm run migrate-to -- postgresql://… : moves the SQLite glossary to PostgreSQL.
 */
import { migrateToPostgres, MigrateError } from '../lib/db/migrate-to';
import { databasePath, describeLocation, isPostgresUrl } from '../lib/db/url';
import { parseCommandLine, runCommand, UsageError } from './cli';

const HELP = `Usage: npm run migrate-to -- postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE

Moves the SQLite database named by DATABASE_URL (default file:./data/tifa.db)
to an empty PostgreSQL database: documents, sections and sentences, the
glossary with every use, notes and their history, editor fields, promotions,
accounts and sessions, and the search index, with their ids. The SQLite
database is read in one snapshot (a server may keep running on it, but writes
made meanwhile are not moved) and left as it is; the PostgreSQL database is
migrated first and written in one transaction, so a failure leaves it empty.
Create it with the C collation, e.g.
  createdb --template=template0 --encoding=UTF8 --locale=C.UTF-8 tifa
Then serve from it: DATABASE_URL=postgresql://… npm start

Options:
  -h, --help   this help`;

runCommand('migrate-to', HELP, () => {
  const { values, positionals } = parseCommandLine({}, { allowPositionals: true });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'name one PostgreSQL URL' : 'name the PostgreSQL database: postgresql://…');
  const url = positionals[0];
  if (!isPostgresUrl(url)) throw new UsageError(`"${url}" is not a postgresql:// URL`);
  if (isPostgresUrl(process.env.DATABASE_URL)) throw new UsageError('DATABASE_URL names a PostgreSQL database; it must name the SQLite database to move (file:…)', 1);
  const file = databasePath();
  try {
    const r = migrateToPostgres(file, url);
    const rows = Object.entries(r.tables)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ');
    console.log(`migrate-to: moved ${file} to ${describeLocation(url)} in ${r.seconds.toFixed(1)} s: ${rows}`);
    return 0;
  } catch (e) {
    if (e instanceof MigrateError) throw new UsageError(e.message, 1);
    throw e;
  }
});
