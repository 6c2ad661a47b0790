/**
 * npm run bench:ingest -- <dir> : ingest throughput into a fresh database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../lib/db/sqlite';
import { isPostgresUrl } from '../lib/db/url';
import { ingest, ingestInParallel } from '../lib/ingest/run';
import { walk } from '../lib/ingest/read';
import { decode } from '../lib/ingest/decode';
import { integerOption, parseCommandLine, runCommand, UsageError } from './cli';

const HELP = `Usage: npm run bench:ingest -- [--workers N] [--json FILE] <file|dir>...

Ingests the inputs into a fresh temporary database and prints MB/s,
documents/s and peak RSS, next to a baseline measured in the same run:
reading and decoding the same files and nothing else.

  --workers N   worker threads (default: as npm run ingest; 0 = one thread)
  --json FILE   also write the figures as JSON
  --keep FILE   keep the database at FILE instead of deleting it
  -h, --help    this help`;

export interface IngestBench {
  inputs: string[];
  megabytes: number;
  documents: number;
  seconds: number;
  mbPerSecond: number;
  documentsPerSecond: number;
  peakRssMb: number;
  baselineReadMbPerSecond: number;
  sentences: number;
  phrases: number;
  occurrences: number;
  workers: number | 'default';
  machine: string;
}

/** `keep`: a SQLite file to keep, or an empty PostgreSQL database (postgresql://…) to ingest into. */
export async function benchIngest(inputs: string[], options: { workers?: number; keep?: string } = {}): Promise<IngestBench> {
  const file = options.keep ?? path.join(os.tmpdir(), `tifa-bench-${process.pid}.db`);
  if (!isPostgresUrl(file)) for (const f of [file, file + '-wal', file + '-shm']) fs.rmSync(f, { force: true });
  const db = openDb({ file });
  try {
    const summary =
      options.workers === 0 ? ingest(db, inputs) : await ingestInParallel(db, file, inputs, {}, {}, options.workers);
    const documents = summary.added + summary.updated;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    // Baseline, after the ingest so that it does not count in its peak memory:
    // reading and decoding the same files, nothing else.
    const files = [...walk(inputs)];
    let bytes = 0;
    const b0 = performance.now();
    for (const f of files) {
      const buf = fs.readFileSync(f);
      bytes += buf.length;
      decode(buf);
    }
    const baselineSeconds = (performance.now() - b0) / 1000;
    const counts = db.prepare('SELECT (SELECT count(*) FROM Phrase) AS phrases, (SELECT count(*) FROM Occurrence) AS occurrences').get() as {
      phrases: number;
      occurrences: number;
    };
    return {
      inputs,
      megabytes: summary.bytes / 1e6,
      documents,
      seconds: summary.seconds,
      mbPerSecond: summary.bytes / 1e6 / summary.seconds,
      documentsPerSecond: documents / summary.seconds,
      peakRssMb,
      baselineReadMbPerSecond: bytes / 1e6 / baselineSeconds,
      sentences: summary.sentences,
      phrases: counts.phrases,
      occurrences: counts.occurrences,
      workers: options.workers ?? 'default',
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    };
  } finally {
    db.close();
    if (!options.keep) for (const f of [file, file + '-wal', file + '-shm']) fs.rmSync(f, { force: true });
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(
    { workers: { type: 'string' }, json: { type: 'string' }, keep: { type: 'string' } },
    { allowPositionals: true },
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('name a file or directory');
  const workers = integerOption('workers', values.workers, 0, 16);
  const missing = positionals.filter((p) => !fs.existsSync(p));
  if (missing.length) throw new UsageError(`${missing.join(', ')}: no such file or directory`, 1);
  const r = await benchIngest(positionals, { workers, keep: values.keep });
  const rows: Array<[string, string]> = [
    ['input', `${r.megabytes.toFixed(1)} MB, ${r.documents} documents`],
    ['ingest', `${r.seconds.toFixed(2)} s`],
    ['throughput', `${r.mbPerSecond.toFixed(2)} MB/s, ${r.documentsPerSecond.toFixed(0)} documents/s`],
    ['baseline (read + decode only)', `${r.baselineReadMbPerSecond.toFixed(1)} MB/s (ingest is ${(r.baselineReadMbPerSecond / r.mbPerSecond).toFixed(1)}× slower)`],
    ['peak RSS', `${r.peakRssMb.toFixed(0)} MB`],
    ['stored', `${r.sentences} sentences, ${r.phrases} phrases, ${r.occurrences} occurrences`],
    ['machine', r.machine],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(r, null, 2));
  return 0;
}

if (require.main === module) runCommand('bench:ingest', HELP, main);
