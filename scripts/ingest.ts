/**
 * npm run ingest -- <file|dir>... : ingests documents into the database named by DATABASE_URL.
 */
import cliProgress from 'cli-progress';
import { openDb } from '../lib/db/sqlite';
import { databaseLocation, describeLocation } from '../lib/db/url';
import { ingest, ingestInParallel, type IngestEvents, type IngestSummary } from '../lib/ingest/run';
import type { SourceFormat } from '../lib/ingest/types';
import { integerOption, parseCommandLine, runCommand, UsageError } from './cli';

const HELP = `Usage: npm run ingest -- [options] <file|dir>...

Ingests political documents into the Tifa database (DATABASE_URL, default
file:./data/tifa.db; a new or empty database is created and migrated).
Directories are walked. Formats by extension: .txt, .md (Markdown headings are
sections), .jsonl and .csv (one document per record). Encodings: UTF-8 (with or
without BOM), UTF-16 with BOM, GB18030/GBK, Big5.

Re-ingesting unchanged files changes nothing; changed content from the same
file (or record) replaces that document; editor notes are never touched.
A broken file, or a path that does not exist, is reported by name and
skipped; the others are still ingested, and the exit code is 1 if any failed.

Options:
  --format txt|md|jsonl|csv  read every file as this format
  --text-field NAME          record field with the text   (default: full_text, text, content, body, …)
  --title-field NAME         record field with the title  (default: title, headline, name, …)
  --date-field NAME          record field with the date   (default: publish_date, date, year, …)
  --source-field NAME        record field with the URL    (default: source_url, url, link, …)
  --collection NAME          the collection every document belongs to (default: the folder below
                             a directory of collections, else the folder named or the file's folder)
  --workers N                threads that read and clean files while the main thread writes
                             (default: one less than the cores, at least 1; 0 = all in one thread)
  --rebuild-index            rebuild the whole search index (paths are then optional);
                             every run already checks the index and updates what changed
  --quiet                    no progress bar, summary only
  -h, --help                 this help

Example: npm run ingest -- ../shared/corpus/chinese-political-corpora data/samples`;

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(
    {
      format: { type: 'string' },
      'text-field': { type: 'string' },
      'title-field': { type: 'string' },
      'date-field': { type: 'string' },
      'source-field': { type: 'string' },
      collection: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'rebuild-index': { type: 'boolean', default: false },
      workers: { type: 'string' },
    },
    { allowPositionals: true },
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const rebuildIndex = values['rebuild-index'] ?? false;
  if (positionals.length === 0 && !rebuildIndex) throw new UsageError('name at least one file or directory');
  const format = values.format as SourceFormat | undefined;
  if (format !== undefined && !['txt', 'md', 'jsonl', 'csv'].includes(format)) {
    throw new UsageError(`--format must be txt, md, jsonl or csv, not "${format}"`);
  }
  for (const field of ['text-field', 'title-field', 'date-field', 'source-field'] as const) {
    if (values[field] !== undefined && values[field].trim() === '') throw new UsageError(`--${field} needs a field name`);
  }
  const workers = integerOption('workers', values.workers, 0, 16);
  const db = openDb();
  const showBar = process.stderr.isTTY && !values.quiet;
  const bar = new cliProgress.SingleBar(
    { format: '{phase} [{bar}] {percentage}% | {value}/{total} {unit} | {file}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let bytesDone = 0;
  let summary: IngestSummary;
  try {
    const fields = {
        format,
        textField: values['text-field'],
        titleField: values['title-field'],
        dateField: values['date-field'],
        sourceField: values['source-field'],
        collection: values.collection?.trim() || undefined,
        rebuildIndex,
      };
    const events: IngestEvents = {
        start(files, bytes) {
          if (showBar) bar.start(Math.max(1, Math.round(bytes / 1024)), 0, { phase: 'documents', unit: 'KB', file: `${files} files` });
        },
        file(file, bytes) {
          bytesDone += bytes;
          if (showBar) bar.update(Math.round(bytesDone / 1024), { file: file.length > 50 ? '…' + file.slice(-49) : file });
        },
        failure(where, message) {
          if (showBar) bar.stop();
          console.error(`ingest: FAILED ${where}: ${message}`);
          if (showBar) bar.start(bar.getTotal(), Math.round(bytesDone / 1024), { phase: 'documents', unit: 'KB', file: '' });
        },
        notice(where, message) {
          if (!values.quiet) {
            if (showBar) bar.stop();
            console.error(`ingest: ${where}: ${message}`);
            if (showBar) bar.start(bar.getTotal(), Math.round(bytesDone / 1024), { phase: 'documents', unit: 'KB', file: '' });
          }
        },
        phase(name, done, total) {
          if (!showBar) return;
          if (bar.getTotal() !== total || (bar as unknown as { payload?: { phase?: string } }).payload?.phase !== name) {
            bar.stop();
            bar.start(Math.max(1, total), done, { phase: name, unit: name === 'link' ? 'docs' : 'steps', file: '' });
          } else bar.update(done);
        },
      };
    summary =
      workers === 0
        ? ingest(db, positionals, fields, events)
        : await ingestInParallel(db, databaseLocation(), positionals, fields, events, workers);
  } catch (e) {
    if (showBar) bar.stop();
    console.error(`ingest: ${(e as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
  if (showBar) bar.stop();
  const mb = summary.bytes / 1e6;
  console.log(
    `ingest: ${summary.added} added, ${summary.updated} updated, ${summary.skipped} skipped, ${summary.failed} failed; ` +
      `${summary.sections} sections, ${summary.sentences} sentences, ${summary.newPhrases} new phrases, ` +
      `${summary.occurrences + summary.unquoted} occurrences (${summary.occurrences} quoted, ${summary.unquoted} unquoted); ` +
      `${summary.duplicates} near-duplicate copies; ` +
      (summary.index
        ? `search index: ${summary.index.built} segment(s) built (${summary.index.sentences} sentences), ${summary.index.dropped} merged away; `
        : '') +
      (summary.capped.documents > 0
        ? `cut to size in ${summary.capped.documents} documents: ${summary.capped.sentencesSplit} overlong sentences split, ${summary.capped.headingsShortened} section titles shortened; `
        : '') +
      `${mb.toFixed(1)} MB in ${summary.seconds.toFixed(1)} s = ${(mb / summary.seconds).toFixed(2)} MB/s → ${describeLocation()}`,
  );
  return summary.failed > 0 ? 1 : 0;
}

runCommand('ingest', HELP, main);
