/**
 * npm run import-editorial -- FILE : editorial content (npm run export -- --editorial) into this database.
 */
import fs from 'node:fs';
import { openDb } from '../lib/db/sqlite';
import { databaseLocation, describeLocation } from '../lib/db/url';
import { EditorialError, importEditorial, linkImportedPhrases, parseEditorialExport } from '../lib/editorial/transfer';
import { parseCommandLine, runCommand, UsageError } from './cli';

const HELP = `Usage: npm run import-editorial -- FILE

Imports editorial content written by \`npm run export -- --editorial\` into the
database named by DATABASE_URL (default file:./data/tifa.db), typically one
freshly ingested from the same documents. Rows are matched by stable keys
(phrase key, document sourceKey, a note's phrase, time and author, a
revision's version): a row already here is updated, a missing one added, so
importing the same file twice changes nothing the second time. A phrase the
corpus lacks is created (with its notes) and its uses are looked for; content
about a document that is not ingested here is skipped and reported.
Everything is imported in one transaction.

Options:
  -h, --help   this help`;

runCommand('import-editorial', HELP, async () => {
  const { values, positionals } = parseCommandLine({}, { allowPositionals: true });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'name one file' : 'name the file to import');
  const file = positionals[0];
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`, 1);
  let data;
  try {
    data = parseEditorialExport(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    throw new UsageError(`${file}: ${e instanceof SyntaxError ? `not valid JSON (${e.message})` : (e as Error).message}`, 1);
  }
  const db = openDb();
  try {
    let result;
    try {
      result = importEditorial(db, data);
    } catch (e) {
      if (e instanceof EditorialError) throw new UsageError(`${file}: ${e.message}`, 1);
      throw e;
    }
    for (const n of result.notes) console.error(`import-editorial: ${n}`);
    if (result.ignoredColumns.length) console.error(`import-editorial: columns this database does not have, ignored: ${result.ignoredColumns.join(', ')}`);
    const uses = linkImportedPhrases(db);
    const parts = Object.entries(result.tables).map(
      ([t, s]) => `${t} ${s.inserted} added, ${s.updated} updated, ${s.unchanged} unchanged${s.skipped ? `, ${s.skipped} skipped` : ''}`,
    );
    console.error(`import-editorial: ${parts.join('; ') || 'nothing to import'}${uses ? `; ${uses} uses of new or editor's phrases found` : ''} → ${describeLocation()}`);
    return Object.values(result.tables).some((s) => s.skipped > 0) ? 1 : 0;
  } finally {
    db.close();
  }
});
