/**
 * npm run -s export -- [--format json|csv|tbx | --editorial] [--out FILE] : writes the glossary
 * (tbx: the default list), or the editorial content.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { openDb } from '../lib/db/sqlite';
import { databaseLocation, isPostgresUrl } from '../lib/db/url';
import { exportCsv, exportJson } from '../lib/ingest/export';
import { exportEditorial } from '../lib/editorial/transfer';
import { exportTbx } from '../lib/glossary/tbx';
import { parseCommandLine, runCommand, UsageError } from './cli';

const HELP = `Usage: npm run -s export -- [--format json|csv|tbx] [--out FILE] [--base-url URL]
       npm run -s export -- --editorial [--out FILE]

Writes the whole glossary of the database named by DATABASE_URL (default
file:./data/tifa.db) to FILE or standard output. (-s keeps npm's own banner
off standard output, so that the output is valid JSON or CSV.)

  json  { "documents": [ { id, title, date, source, sections: [ { label, title, children } ] } ],
          "phrases": [ { id, text, simplified, traditional, pinyin, kind, forms, counts,
                         occurrences: [ { documentId, sectionPath, sentence, start, end, quoted } ] } ] }
  csv   one row per occurrence, with the phrase, document, section path and sentence
  tbx   TBX-Basic (TBX v3, ISO 30042:2019, DCA style) for CAT tools: one conceptEntry per
        phrase of the default list (numbered formulas quoted, slogans quoted at least twice, every
        phrase with a translation or definition), zh-Hans and zh-Hant terms with pinyin,
        definition and context sentences with their source, en where translated

With --editorial it writes what editors wrote instead, as JSON: notes with every
revision, phrases' editor fields with their revisions, promoted phrases, and
every other editor-owned table (lib/editorial/tables.ts), keyed by phrase key
and document sourceKey rather than row ids, so that it imports into a database
ingested afresh: npm run import-editorial -- FILE

Options:
  --format json|csv|tbx  output format (default json)
  --editorial         the editorial content (JSON)
  --out FILE          write to FILE instead of standard output
  --base-url URL      tbx: link each entry to URL/phrases/<id>
  -h, --help          this help`;

// A closed pipe (export | head) ends the export quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

runCommand('export', HELP, async () => {
  const { values, positionals } = parseCommandLine(
    { format: { type: 'string' }, editorial: { type: 'boolean', default: false }, out: { type: 'string' }, 'base-url': { type: 'string' } },
    { allowPositionals: true },
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}" (name the output file with --out)`);
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv' && format !== 'tbx') throw new UsageError(`--format must be json, csv or tbx, not "${format}"`);
  const baseUrl = values['base-url']?.replace(/\/+$/, '');
  if (baseUrl !== undefined && !/^https?:\/\/\S+$/.test(baseUrl)) throw new UsageError(`--base-url must be an http(s) URL, not "${values['base-url']}"`);
  if (values.editorial && format !== 'json') throw new UsageError('--editorial writes JSON only');
  if (values.out !== undefined) {
    if (values.out === '') throw new UsageError('--out needs a file name');
    const dir = path.dirname(path.resolve(values.out));
    if (!fs.existsSync(dir)) throw new UsageError(`${path.dirname(values.out)}: no such directory`, 1);
  }
  const file = databaseLocation();
  if (!isPostgresUrl(file) && !fs.existsSync(file)) throw new UsageError(`no database at ${file} (DATABASE_URL); ingest something first`, 1);
  const db = openDb();
  const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
  let what: string;
  try {
    if (values.editorial) {
      const data = exportEditorial(db);
      const t = data.tables;
      // One row per line: readable, and a diff of two exports shows what changed.
      const body = Object.entries(t)
        .map(([name, rows]) => `    ${JSON.stringify(name)}: [${rows.length ? '\n' + rows.map((r) => '      ' + JSON.stringify(r)).join(',\n') + '\n    ' : ''}]`)
        .join(',\n');
      const text = `{\n  "format": ${JSON.stringify(data.format)},\n  "version": ${data.version},\n  "exportedAt": ${JSON.stringify(data.exportedAt)},\n  "tables": {\n${body}\n  }\n}\n`;
      if (!out.write(text)) await once(out, 'drain');
      what = Object.entries(t).map(([name, rows]) => `${rows.length} ${name}`).join(', ');
    } else {
      const chunks = format === 'json' ? exportJson(db) : format === 'csv' ? exportCsv(db) : exportTbx(db, { baseUrl });
      for (const chunk of chunks) {
        if (!out.write(chunk)) await once(out, 'drain');
      }
      what = format.toUpperCase();
    }
  } finally {
    db.close();
  }
  if (values.out) {
    out.end();
    await once(out, 'finish');
    console.error(`export: wrote ${values.out} (${what})`);
  }
  return 0;
});
