/**
 * npm run export -- --format json|csv|tbx [--out FILE] : writes the whole glossary (tbx: the default list).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { openDb } from '../lib/db/sqlite';
import { exportCsv, exportJson } from '../lib/ingest/export';
import { exportTbx } from '../lib/glossary/tbx';

const HELP = `Usage: npm run export -- --format json|csv|tbx [--out FILE] [--base-url URL]

Writes the whole glossary of the database named by DATABASE_URL (default
file:./data/tifa.db) to FILE or standard output.

  json  { "documents": [ { id, title, date, source, sections: [ { label, title, children } ] } ],
          "phrases": [ { id, text, simplified, traditional, pinyin, kind, forms, counts,
                         occurrences: [ { documentId, sectionPath, sentence, start, end, quoted } ] } ] }
  csv   one row per occurrence, with the phrase, document, section path and sentence
  tbx   TBX-Basic (TBX v3, ISO 30042:2019, DCA style) for CAT tools: one conceptEntry per
        phrase of the default list (numbered formulas quoted, slogans quoted at least twice, every
        phrase with a translation or definition), zh-Hans and zh-Hant terms with pinyin,
        definition and context sentences with their source, en where translated

Options:
  --format json|csv|tbx  output format (default json)
  --out FILE          write to FILE instead of standard output
  --base-url URL      tbx: link each entry to URL/phrases/<id>
  -h, --help          this help`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      format: { type: 'string', default: 'json' },
      out: { type: 'string' },
      'base-url': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.format !== 'json' && values.format !== 'csv' && values.format !== 'tbx') {
    console.error(`export: --format must be json, csv or tbx, not "${values.format}"`);
    return 2;
  }
  const baseUrl = values['base-url']?.replace(/\/+$/, '');
  if (baseUrl !== undefined && !/^https?:\/\/\S+$/.test(baseUrl)) {
    console.error(`export: --base-url must be an http(s) URL, not "${values['base-url']}"`);
    return 2;
  }
  const db = openDb();
  const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
  try {
    const chunks = values.format === 'json' ? exportJson(db) : values.format === 'csv' ? exportCsv(db) : exportTbx(db, { baseUrl });
    for (const chunk of chunks) {
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
