/**
 * npm run audit -- <file|dir>... : what ingestion would make of documents, without storing anything.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { AuditSummary, DocumentAudit } from '../lib/ingest/audit';
import type { FieldOptions } from '../lib/ingest/read';
import type { SourceFormat } from '../lib/ingest/types';

const HELP = `Usage: npm run audit -- [options] <file|dir>...

Reads documents as "npm run ingest" would (decode, clean, segment, extract)
and stores nothing. For each document it prints the title, date, collection
(the source folder) and section counts; the quoted spans found as phrases
against a plain count of “…”, 「…」 and 『…』 pairs (and why any were left out);
what cleaning removed, rule by rule; leftovers that look like "(pinyin)"
annotations or web-page chrome. It ends with a summary: undated documents,
likely duplicates among the files read (≥ 90% of the smaller one's clauses
shared: the copies ingest will file under a kept document), totals by rule. Run it on a new source before ingesting it.

Options:
  --json                     the same as one JSON object on stdout (nothing else on stdout)
  --summary                  the summary only, no per-document lines
  --format txt|md|jsonl|csv  read every file as this format
  --text-field NAME          record field with the text   (default: full_text, text, content, body, …)
  --title-field NAME         record field with the title  (default: title, headline, name, …)
  --date-field NAME          record field with the date   (default: publish_date, date, year, …)
  --source-field NAME        record field with the URL    (default: source_url, url, link, …)
  --quiet                    no progress on stderr
  -h, --help                 this help

Exit code: 0, or 1 if a file could not be read, 2 for bad arguments.
Example: npm run audit -- ../shared/corpus --summary`;

function usage(message: string): number {
  console.error(`audit: ${message}\n\n${HELP.split('\n')[0]}\n(see npm run audit -- --help)`);
  return 2;
}

const n = (x: number) => x.toLocaleString('en-US');

function describeDocument(a: DocumentAudit): string {
  const q = a.quotes;
  const ex = q.excluded;
  const exParts = [ex.notChinese && `not Chinese ${ex.notChinese}`, ex.tooLong && `too long ${ex.tooLong}`, ex.empty && `empty ${ex.empty}`].filter(Boolean);
  const removed = Object.entries(a.removed)
    .map(([rule, r]) => `${rule} ${n(r!.items)} (${n(r!.chars)} chars)`)
    .join('; ');
  const lines = [
    `== ${a.source}`,
    `  title       ${a.title}`,
    `  date        ${a.date ?? 'UNDATED'}`,
    `  collection  ${a.collection}`,
    `  sections    ${a.sections.total} (${a.sections.topLevel} top-level, depth ${a.sections.depth}); ${n(a.sentences)} sentences, ${n(a.characters)} characters`,
    `  quotes      ${n(q.regexPairs)} pairs by regex: ${n(q.found)} found, ${n(ex.empty + ex.tooLong + ex.notChinese)} excluded${exParts.length ? ` (${exParts.join(', ')})` : ''}, ${n(q.missed)} missed; ${n(q.titles)} 《》 titles; ${n(a.phrases)} distinct phrases`,
    `  removed     ${removed || 'nothing'}`,
  ];
  if (q.missedExamples.length) lines.push(`  missed      ${q.missedExamples.join(' ')}`);
  const left = [...a.leftovers.annotations.map((x) => `annotation? ${x}`), ...a.leftovers.chrome.map((x) => `chrome? ${x}`)];
  lines.push(`  leftovers   ${left.length ? left.join('\n              ') : 'none'}`);
  return lines.join('\n');
}

function describeSummary(s: AuditSummary): string {
  const q = s.quotes;
  const lines = [
    '== summary',
    `  ${n(s.documents)} documents from ${n(s.files)} files in ${s.seconds.toFixed(1)} s; ${s.failed.length} files failed, ${s.skipped.length} skipped`,
    `  collections ${Object.entries(s.byCollection).map(([c, k]) => `${c} ${n(k)}`).join(', ')}`,
    `  quotes      ${n(q.regexPairs)} pairs by regex: ${n(q.found)} found, excluded ${n(q.excluded.notChinese)} not Chinese / ${n(q.excluded.tooLong)} too long / ${n(q.excluded.empty)} empty, ${n(q.missed)} missed (${(q.coverage * 100).toFixed(2)}% accounted for); ${n(q.titles)} 《》 titles`,
    `  removed     ${Object.entries(s.removed).map(([rule, r]) => `${rule}: ${n(r.items)} in ${n(r.documents)} documents (${n(r.chars)} chars)`).join('\n              ') || 'nothing'}`,
    `  leftovers   ${n(s.leftovers.annotations)} annotation-like, ${n(s.leftovers.chrome)} chrome-like, in ${n(s.leftovers.documents)} documents`,
    `  undated     ${s.undated.length}${s.undated.map((u) => `\n              ${u.source}  ${u.title}`).join('')}`,
    `  duplicates  ${s.duplicates.length} likely pairs${s.duplicates.map((d) => `\n              ${d.a}  =  ${d.b}  (${n(d.shared)} clauses, ${(d.share * 100).toFixed(1)}%)`).join('')}`,
  ];
  for (const f of s.failed) lines.push(`  FAILED      ${f.where}: ${f.message}`);
  for (const f of s.skipped) lines.push(`  skipped     ${f.where}: ${f.message}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        summary: { type: 'boolean', default: false },
        format: { type: 'string' },
        'text-field': { type: 'string' },
        'title-field': { type: 'string' },
        'date-field': { type: 'string' },
        'source-field': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length === 0) return usage('name at least one file or directory');
  const format = values.format as SourceFormat | undefined;
  if (format && !['txt', 'md', 'jsonl', 'csv'].includes(format)) return usage(`--format must be txt, md, jsonl or csv, not "${format}"`);
  for (const p of positionals) if (!fs.existsSync(p)) return usage(`${p}: no such file or directory`);
  const fields: FieldOptions & { format?: SourceFormat } = {
    format,
    textField: values['text-field'],
    titleField: values['title-field'],
    dateField: values['date-field'],
    sourceField: values['source-field'],
  };

  // The pipeline is loaded once the arguments are known to be good: a usage error answers at once.
  const { auditDocument, collectionOf, DuplicateFinder, summarize } = await import('../lib/ingest/audit');
  const { NotADocumentFile, readFile, walk } = await import('../lib/ingest/read');
  const started = performance.now();
  const audits: DocumentAudit[] = [];
  const duplicates = new DuplicateFinder();
  const failed: AuditSummary['failed'] = [];
  const skipped: AuditSummary['skipped'] = [];
  let files = 0;
  let lastProgress = started;
  const progress = !values.quiet;
  const out = (text: string) => {
    if (!values.json && !values.summary) process.stdout.write(text + '\n');
  };

  for (const input of positionals) {
    const isDir = fs.statSync(input).isDirectory();
    for (const file of walk([input], format)) {
      files++;
      let sources;
      try {
        sources = readFile(file, fields);
      } catch (e) {
        if (e instanceof NotADocumentFile) skipped.push({ where: file, message: e.message });
        else failed.push({ where: file, message: (e as Error).message });
        continue;
      }
      const collection = collectionOf(file, input, isDir);
      for (const src of sources) {
        try {
          const { audit, doc } = auditDocument(src, collection);
          audits.push(audit);
          duplicates.add(src.source, doc);
          out(describeDocument(audit));
        } catch (e) {
          failed.push({ where: src.source, message: (e as Error).message });
        }
      }
      const now = performance.now();
      if (progress && now - lastProgress > 2000) {
        lastProgress = now;
        process.stderr.write(`audit: ${n(audits.length)} documents from ${n(files)} files, ${((now - started) / 1000).toFixed(0)} s\n`);
      }
    }
  }
  const summary = summarize(audits, { files, failed, skipped, duplicates: duplicates.pairs(), seconds: (performance.now() - started) / 1000 });
  if (values.json) process.stdout.write(JSON.stringify({ documents: audits, summary }, null, 1) + '\n');
  else process.stdout.write(describeSummary(summary) + '\n');
  return failed.length > 0 ? 1 : 0;
}

main().then((code) => (process.exitCode = code));
