/**
 * npm run export -- --format json|csv [--out FILE] : writes the whole glossary.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { openDb } from '../lib/db/sqlite';
import { exportCsv, exportJson } from '../lib/ingest/export';

const HELP = `Usage: npm run export -- --format json|csv [--out FILE]

Writes the whole glossary of the database named by DATABASE_URL (default
file:./data/tifa.db) to FILE or standard output.

  json  { "documents": [ { id, title, date, source, sections: [ { label, title, children } ] } ],
          "phrases": [ { id, text, simplified, traditional, pinyin, kind, forms, counts,
                         occurrences: [ { documentId, sectionPath, sentence, start, end, quoted } ] } ] }
  csv   one row per occurrence, with the phrase, document, section path and sentence

Options:
  --format json|csv   output format (default json)
  --out FILE          write to FILE instead of standard output
  -h, --help          this help`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      format: { type: 'string', default: 'json' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.format !== 'json' && values.format !== 'csv') {
    console.error(`export: --format must be json or csv, not "${values.format}"`);
    return 2;
  }
  const db = openDb();
  const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
  try {
    for (const chunk of values.format === 'json' ? exportJson(db) : exportCsv(db)) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    db.close();
  }
  if (values.out) {
    out.end();
    await once(out, 'finish');
    console.error(`export: wrote ${values.out}`);
  }
  return 0;
}

// A closed pipe (export | head) ends the export quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main().then((code) => (process.exitCode = code));
