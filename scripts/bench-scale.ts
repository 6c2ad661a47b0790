/**
 * npm run bench:scale -- --size 1GB : the scale rung. Builds a synthetic corpus
 * of about that size from the real one, ingests it, and measures it against
 * the real corpus measured the same way in the same command.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { percentile, startServer, stopServer, timePage, waitFor, type PageBench } from './bench-pages';

const HELP = `Usage: npm run bench:scale -- [options]

Builds a synthetic corpus of about --size from a real corpus (default
../shared/corpus): its sentences reshuffled across new documents, with their
section headings, each document re-dated somewhere in 1950-2026, so no two
documents repeat each other (duplicate detection has nothing to fold). It is
written to a temporary folder outside the repository (--out to choose).

Then, for the real corpus and for the synthetic one, each into a fresh
database:
  ingest   \`npm run ingest\` timed from outside: MB/s, peak RSS
  search   p95 of total + first page, 1-2 and 3+ character queries
  pages    p95 time to first byte of the entry page of the most used phrase
           and of a search page, 16 concurrent clients, against the server \`npm start\` runs,
           served (page cache) and rendered (no-cache)
  adding   1 and 20 new documents (made the same way, from another seed) into
           the stored corpus, against the same into an empty database
  changing the one added document, changed and ingested again: it replaces
           the stored one, against the same in the database that holds only it
  server   RSS of the server once its index is loaded
  database size against the size of the text
and prints both side by side with the ratios and targets.

Options:
  --size SIZE       synthetic corpus size: 250MB, 1GB, … (default 1GB)
  --corpus DIR      real corpus (default ../shared/corpus)
  --out DIR         where the synthetic corpus and databases go (default: a temp folder)
  --clients N       concurrent clients (default 16)
  --seconds N       load duration per page (default 10)
  --port N          port for the server (default 3340)
  --skip-pages      no page and server measures (no build needed)
  --shapes          instead: the memory rung for input shapes. Two documents of
                    42 MB made from the corpus's 新闻联播 text, each one line: with
                    its sentence marks, and without any (commas only). Each is
                    ingested alone, timed from outside: MB/s and peak RSS
                    against the 1 GB target
  --keep            keep the synthetic corpus and databases
  -h, --help        this help`;

const SHORT_QUERIES = ['的', '党', '鼎', '改革', '發展', '枫桥', '人民', '经济'];
const LONG_QUERIES = ['改革开放', '两个确立', '兩個確立', '三会一课', '中国特色社会主义', '全面建成小康社会', '堅持黨的全面領導', '高质量发展', '社会主义', '新时代'];

function parseSize(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB)?$/i.exec(s.trim());
  if (!m) return null;
  const unit = (m[2] ?? 'MB').toUpperCase();
  return Math.round(Number(m[1]) * (unit === 'GB' ? 1e9 : unit === 'MB' ? 1e6 : 1e3));
}


/** A small deterministic generator (mulberry32): the same corpus for the same size. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes the synthetic corpus as JSON Lines files of about 4 MB: documents of
 * 20-200 sentences drawn at random from the stored sentences of the real
 * corpus, in paragraphs, with a heading line (一、…) now and then.
 */
function synthesize(
  realDb: string,
  dir: string,
  bytes: number,
  o: { seed?: number; documents?: number; title?: string } = {},
): { files: number; documents: number; bytes: number } {
  const db = new Database(realDb, { readonly: true });
  const sentences = (db.prepare('SELECT text FROM Sentence WHERE heading = 0').all() as Array<{ text: string }>).map((r) => r.text);
  const headings = (db.prepare("SELECT DISTINCT title FROM Section WHERE title <> '' AND length(title) BETWEEN 4 AND 30").all() as Array<{ title: string }>).map((r) => r.title);
  db.close();
  const rnd = random(o.seed ?? 20261128);
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const numerals = '一二三四五六七八九十';
  fs.mkdirSync(dir, { recursive: true });
  let written = 0;
  let files = 0;
  let documents = 0;
  let out: fs.WriteStream | null = null;
  let fileBytes = 0;
  const lines: string[] = [];
  const flush = () => {
    if (lines.length === 0) return;
    const name = path.join(dir, `synthetic-${String(files++).padStart(5, '0')}.jsonl`);
    fs.writeFileSync(name, lines.join(''));
    lines.length = 0;
    fileBytes = 0;
  };
  while (written < bytes && documents < (o.documents ?? Infinity)) {
    const n = 20 + Math.floor(rnd() * 180);
    const paragraphs: string[] = [];
    let paragraph: string[] = [];
    let section = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && rnd() < 0.04 && section < numerals.length) paragraphs.push(paragraph.join(''), `${numerals[section++]}、${pick(headings)}`), (paragraph = []);
      paragraph.push(pick(sentences));
      if (rnd() < 0.25) paragraphs.push(paragraph.join('')), (paragraph = []);
    }
    if (paragraph.length) paragraphs.push(paragraph.join(''));
    const year = 1950 + Math.floor(rnd() * 77);
    const date = `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const record = JSON.stringify({ title: `${o.title ?? '合成文件'}第${documents + 1}号`, date, text: paragraphs.filter(Boolean).join('\n\n') }) + '\n';
    lines.push(record);
    const size = Buffer.byteLength(record);
    written += size;
    fileBytes += size;
    documents++;
    if (fileBytes >= 4e6) flush();
  }
  flush();
  void out;
  return { files, documents, bytes: written };
}

interface Rung {
  name: string;
  inputMb: number;
  ingestSeconds: number;
  ingestMbPerSecond: number;
  ingestPeakRssMb: number;
  dbMb: number;
  documents: number;
  /** Documents filed as near-duplicate copies of another. */
  copies: number;
  sentences: number;
  /** Adding new documents to the stored corpus, and the same into an empty database (seconds, timed from outside). */
  adding?: Array<{ documents: number; stored: number; empty: number }>;
  /** Re-ingesting the one added document, changed, in the stored corpus and in the database that holds only it (seconds, from outside). */
  changing?: { stored: number; alone: number };
  search: { short: { p50: number; p95: number }; long: { p50: number; p95: number } };
  pages: PageBench[];
  serverRssMb: number | null;
  /** indexBytesPerChar: postings as stored, dictionaries and rank maps; heldIndexBytesPerChar: what a server holds of them. */
  engine: { indexBytesPerChar: number; heldIndexBytesPerChar: number; textBytesPerChar: number; loadSeconds: number };
}

/** `npm run ingest` as a user runs it, timed from outside with /usr/bin/time. */
function timedIngest(dbFile: string, inputs: string[], into: 'fresh' | 'stored' = 'fresh'): { seconds: number; peakRssMb: number } {
  if (into === 'fresh') for (const f of [dbFile, dbFile + '-wal', dbFile + '-shm']) fs.rmSync(f, { force: true });
  // Through npm, as a user runs it: with the Node flags package.json's ingest script gives.
  const args = ['run', '-s', 'ingest', '--', '--quiet', ...inputs];
  const env = { ...process.env, DATABASE_URL: 'file:' + dbFile };
  const hasTime = fs.existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', 'npm', ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync('npm', args, { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`ingest failed (${r.status}): ${r.stderr.slice(-2000)}`);
  process.stderr.write(r.stdout);
  const m = /TIME ([\d.]+) (\d+)/.exec(r.stderr);
  return { seconds: m ? Number(m[1]) : seconds, peakRssMb: m ? Number(m[2]) / 1024 : NaN };
}

async function searchFigures(dbFile: string): Promise<Rung['search'] & { engine: Rung['engine'] }> {
  // In a child process of its own: one engine per database, as in a server.
  const script = `
    const { openDb } = require('./lib/db/sqlite');
    const { SearchIndex, servingOptions } = require('./lib/search/engine');
    const db = openDb({ file: process.argv[1], readonly: true });
    const t0 = performance.now();
    const index = SearchIndex.load(db, servingOptions(db));
    const loadSeconds = (performance.now() - t0) / 1000;
    const m = index.memory();
    const time = (qs) => {
      const times = [];
      for (let run = 0; run < 5; run++) for (const q of qs) { const t = performance.now(); index.search(q, { pageSize: 25 }); times.push(performance.now() - t); }
      times.sort((a, b) => a - b);
      const p = (x) => times[Math.min(times.length - 1, Math.ceil(x / 100 * times.length) - 1)];
      return { p50: p(50), p95: p(95) };
    };
    console.log(JSON.stringify({ short: time(${JSON.stringify(SHORT_QUERIES)}), long: time(${JSON.stringify(LONG_QUERIES)}),
      engine: { indexBytesPerChar: (m.index - m.postingBytes + m.storedPostingBytes) / m.chars, heldIndexBytesPerChar: m.index / m.chars, textBytesPerChar: m.text / m.chars, loadSeconds } }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, dbFile], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`search bench failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** RSS of a process and its descendants, in MB (Linux /proc). */
function treeRssMb(pid: number): number {
  const r = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  const rows = r.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, pp] of rows) if (tree.has(pp) && !tree.has(p)) tree.add(p), (grew = true);
  }
  return rows.filter(([p]) => tree.has(p)).reduce((n, [, , rss]) => n + rss, 0) / 1024;
}

async function pageFigures(dbFile: string, port: number, clients: number, seconds: number): Promise<{ pages: Rung['pages']; serverRssMb: number }> {
  const db = new Database(dbFile, { readonly: true });
  const top = db.prepare('SELECT id, key FROM Phrase ORDER BY occurrenceCount DESC LIMIT 1').get() as { id: number; key: string };
  db.close();
  const server = startServer('file:' + dbFile, port);
  try {
    const base = `http://localhost:${port}`;
    await waitFor(base + '/', 120_000);
    await waitFor(`${base}/api/search?q=${encodeURIComponent('的')}`, 1_800_000);
    const pages = [
      { name: `entry page (${top.key})`, url: `${base}/phrases/${top.id}` },
      { name: 'search page (改革开放)', url: `${base}/search?q=${encodeURIComponent('改革开放')}` },
    ];
    const out: Rung['pages'] = [];
    for (const p of pages) out.push(await timePage(p.name, [p.url], clients, seconds));
    return { pages: out, serverRssMb: treeRssMb(server.pid!) };
  } finally {
    stopServer(server);
  }
}

async function measure(name: string, inputs: string[], inputBytes: number, dbFile: string, o: { clients: number; seconds: number; port: number; pages: boolean }): Promise<Rung> {
  console.error(`bench:scale: ${name}: ingesting ${(inputBytes / 1e6).toFixed(0)} MB…`);
  const ing = timedIngest(dbFile, inputs);
  const db = new Database(dbFile, { readonly: true });
  const counts = db
    .prepare('SELECT (SELECT count(*) FROM Document) AS documents, (SELECT count(*) FROM Document WHERE duplicateOf IS NOT NULL) AS copies, (SELECT count(*) FROM Sentence) AS sentences')
    .get() as { documents: number; copies: number; sentences: number };
  db.close();
  const dbBytes = [dbFile, dbFile + '-wal'].reduce((n, f) => n + (fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0);
  console.error(`bench:scale: ${name}: ${(inputBytes / 1e6 / ing.seconds).toFixed(2)} MB/s, peak RSS ${ing.peakRssMb.toFixed(0)} MB; searching…`);
  const search = await searchFigures(dbFile);
  let pages: Rung['pages'] = [];
  let serverRssMb: number | null = null;
  if (o.pages) {
    console.error(`bench:scale: ${name}: pages…`);
    ({ pages, serverRssMb } = await pageFigures(dbFile, o.port, o.clients, o.seconds));
  }
  return {
    name,
    inputMb: inputBytes / 1e6,
    ingestSeconds: ing.seconds,
    ingestMbPerSecond: inputBytes / 1e6 / ing.seconds,
    ingestPeakRssMb: ing.peakRssMb,
    dbMb: dbBytes / 1e6,
    ...counts,
    search: { short: search.short, long: search.long },
    engine: search.engine,
    pages,
    serverRssMb,
  };
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n += fs.statSync(path.join(e.parentPath, e.name)).size;
  return n;
}

/** The text of a corpus folder's files, in name order, up to `bytes` of UTF-8 (whole characters). */
function corpusText(dir: string, bytes: number): string {
  const parts: string[] = [];
  let n = 0;
  const files = fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(txt|md)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  for (const f of files) {
    if (n >= bytes) break;
    const t = fs.readFileSync(f, 'utf8');
    parts.push(t);
    n += Buffer.byteLength(t);
  }
  return parts.join('');
}

/** Writes `text` cut to at most `bytes` of UTF-8, never inside a character. */
function writeCut(file: string, text: string, bytes: number): number {
  const buf = Buffer.from(text);
  let end = Math.min(bytes, buf.length);
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, buf.subarray(0, end));
  return end;
}

/** --shapes: one-line documents of 42 MB, with and without sentence marks. */
function shapes(corpus: string, out: string | undefined, keep: boolean): number {
  const news = fs.existsSync(path.join(corpus, 'cctv_news')) ? path.join(corpus, 'cctv_news') : corpus;
  const work = out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-shapes-'));
  const SIZE = 42e6;
  try {
    const oneLine = corpusText(news, SIZE * 1.1).replace(/[\r\n]+/g, '');
    const cases = [
      { name: 'one line, sentence marks kept', dir: path.join(work, 'marks'), text: oneLine },
      { name: 'one line, no sentence marks', dir: path.join(work, 'no-marks'), text: oneLine.replace(/[。！？；!?;]/g, '，') },
    ];
    console.log(`\nTifa input-shape benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} — ${new Date().toISOString()}\n`);
    console.log('| input | MB | seconds | MB/s | peak RSS MB | target |');
    console.log('|---|---|---|---|---|---|');
    for (const c of cases) {
      const bytes = writeCut(path.join(c.dir, 'document.txt'), c.text, SIZE);
      console.error(`bench:scale: ${c.name}: ingesting ${(bytes / 1e6).toFixed(0)} MB…`);
      const r = timedIngest(path.join(work, `${path.basename(c.dir)}.db`), [c.dir]);
      console.log(`| ${c.name} | ${(bytes / 1e6).toFixed(0)} | ${r.seconds.toFixed(1)} | ${(bytes / 1e6 / r.seconds).toFixed(2)} | ${r.peakRssMb.toFixed(0)} | < 1024 MB RSS |`);
    }
  } finally {
    if (!keep && !out) fs.rmSync(work, { recursive: true, force: true });
  }
  return 0;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        size: { type: 'string', default: '1GB' },
        corpus: { type: 'string', default: '../shared/corpus' },
        out: { type: 'string' },
        clients: { type: 'string', default: '16' },
        seconds: { type: 'string', default: '10' },
        port: { type: 'string', default: '3340' },
        'skip-pages': { type: 'boolean', default: false },
        shapes: { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    console.error(`bench:scale: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const size = parseSize(values.size);
  if (!size || size < 1e6) {
    console.error(`bench:scale: --size must be a size such as 250MB or 1GB, not "${values.size}"`);
    return 2;
  }
  if (!fs.existsSync(values.corpus)) {
    console.error(`bench:scale: no corpus at ${values.corpus}`);
    return 2;
  }
  if (values.shapes) return shapes(values.corpus, values.out, values.keep);
  if (values['skip-pages'] === false && !fs.existsSync('.next/BUILD_ID')) {
    console.error('bench:scale: building the app (next build)…');
    if (spawnSync(path.join('node_modules', '.bin', 'next'), ['build'], { stdio: 'inherit' }).status !== 0) return 1;
  }
  const work = values.out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-scale-'));
  fs.mkdirSync(work, { recursive: true });
  const o = { clients: Number(values.clients), seconds: Number(values.seconds), port: Number(values.port), pages: !values['skip-pages'] };
  try {
    const realDb = path.join(work, 'real.db');
    const real = await measure('real corpus', [values.corpus], dirBytes(values.corpus), realDb, o);
    console.error(`bench:scale: writing a synthetic corpus of ${values.size}…`);
    const synthDir = path.join(work, 'corpus');
    fs.rmSync(synthDir, { recursive: true, force: true });
    const t0 = performance.now();
    const made = synthesize(realDb, synthDir, size);
    console.error(`bench:scale: ${made.documents} documents in ${made.files} files (${(made.bytes / 1e6).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const synth = await measure(`synthetic ${values.size}`, [synthDir], made.bytes, path.join(work, 'synthetic.db'), o);
    // Adding: new documents (made the same way, from another seed) into each stored corpus and into an empty database.
    for (const n of [1, 20]) {
      const dir = path.join(work, `added-${n}`);
      fs.rmSync(dir, { recursive: true, force: true });
      synthesize(realDb, dir, Infinity, { seed: 7 + n, documents: n, title: '新增文件' });
      const empty = timedIngest(path.join(work, `empty-${n}.db`), [dir]).seconds;
      for (const [r, file] of [[real, realDb], [synth, path.join(work, 'synthetic.db')]] as const) {
        console.error(`bench:scale: ${r.name}: adding ${n} document(s)…`);
        (r.adding ??= []).push({ documents: n, stored: timedIngest(file, [dir], 'stored').seconds, empty });
      }
    }
    // Changing: the one added document, with a sentence more, replaces the stored one (its sections, sentences, uses).
    {
      const dir = path.join(work, 'added-1');
      for (const f of fs.readdirSync(dir)) {
        const file = path.join(dir, f);
        const records = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string });
        for (const r of records) r.text += '\n\n这份文件有一处修改。';
        fs.writeFileSync(file, records.map((r) => JSON.stringify(r) + '\n').join(''));
      }
      const alone = timedIngest(path.join(work, 'empty-1.db'), [dir], 'stored').seconds;
      for (const [r, file] of [[real, realDb], [synth, path.join(work, 'synthetic.db')]] as const) {
        console.error(`bench:scale: ${r.name}: changing 1 document…`);
        r.changing = { stored: timedIngest(file, [dir], 'stored').seconds, alone };
      }
    }

    const f = (n: number | null | undefined, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(d));
    const rows: Array<[string, (r: Rung) => string, string, string]> = [
      ['input', (r) => `${f(r.inputMb, 0)} MB, ${r.documents} docs (${r.copies} filed as copies), ${r.sentences} sentences`, '', ''],
      ['ingest MB/s (whole process)', (r) => f(r.ingestMbPerSecond, 2), `${f((synth.ingestMbPerSecond / real.ingestMbPerSecond) * 100, 0)} % of real`, 'within 20 %'],
      ['ingest peak RSS MB', (r) => f(r.ingestPeakRssMb, 0), '', ''],
      ...[0, 1].map((i): [string, (r: Rung) => string, string, string] => [
        `adding ${i ? 20 : 1} new document(s), s (into an empty database)`,
        (r) => {
          const a = r.adding?.[i];
          return a ? `${f(a.stored, 1)} (${f(a.empty, 1)}): ${f(a.stored / a.empty, 2)}×` : '—';
        },
        '',
        '≤ 2×',
      ]),
      [
        'changing 1 document, s (in a database of only it)',
        (r) => (r.changing ? `${f(r.changing.stored, 1)} (${f(r.changing.alone, 1)}): ${f(r.changing.stored / r.changing.alone, 2)}×` : '—'),
        '',
        '≤ 2×',
      ],
      ['search p95 ms, 1-2 chars', (r) => f(r.search.short.p95, 2), '', '≤ 50'],
      ['search p95 ms, 3+ chars', (r) => f(r.search.long.p95, 2), '', '≤ 50'],
      ...[0, 1].map((i): [string, (r: Rung) => string, string, string] => [
        `${(real.pages[i]?.name ?? (i ? 'search page' : 'entry page')).replace(/\(.*\)/, '').trim()} p95 ms, ${o.clients} clients`,
        (r) => (r.pages[i] ? `${f(r.pages[i].p95, 0)} served, ${f(r.pages[i].rendered.p95, 0)} rendered (${r.pages[i].name.replace(/^.*\(/, '(')})` : '—'),
        '',
        '≤ 200',
      ]),
      ['server RSS MB', (r) => f(r.serverRssMb, 0), '', '≤ 1536'],
      ['index bytes / character (engine)', (r) => f(r.engine.indexBytesPerChar, 2), '', '≤ 4'],
      ['index bytes held / character (server)', (r) => f(r.engine.heldIndexBytesPerChar, 2), '', ''],
      ['folded text bytes / character (engine)', (r) => f(r.engine.textBytesPerChar, 2), '', ''],
      ['database MB (× input)', (r) => `${f(r.dbMb, 0)} (${f(r.dbMb / r.inputMb, 2)}×)`, '', '≤ 3×'],
    ];
    console.log(`\nTifa scale benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} — ${new Date().toISOString()}\n`);
    console.log(`| what | ${real.name} | ${synth.name} | ratio | target |`);
    console.log('|---|---|---|---|---|');
    for (const [label, cell, ratio, target] of rows) console.log(`| ${label} | ${cell(real)} | ${cell(synth)} | ${ratio} | ${target} |`);
    fs.mkdirSync('bench-results', { recursive: true });
    const out = path.join('bench-results', `bench-scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(out, JSON.stringify({ size: values.size, real, synth, date: new Date().toISOString() }, null, 2));
    console.log(`\nfigures written to ${out}`);
  } finally {
    if (!values.keep && !values.out) fs.rmSync(work, { recursive: true, force: true });
  }
  return 0;
}

main().then((c) => (process.exitCode = c));
