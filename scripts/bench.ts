/**
 * npm run bench : the whole-system benchmark (ingest, search, pages).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { benchIngest, type IngestBench } from './bench-ingest';
import { PAGE_FOOTNOTE, pageHeader, pageRow, percentile, processMemory, startServer, stopServer, timePage, waitFor, type PageBench } from './bench-pages';
import { walk } from '../lib/ingest/read';
import { integerOption, parseCommandLine, runCommand, UsageError } from './cli';
import { openDb } from '../lib/db/sqlite';
import { describeLocation, isPostgresUrl } from '../lib/db/url';

const HELP = `Usage: npm run bench -- [options] [corpus-dir]

Ingests a corpus (default ../shared/corpus if present, else data/samples) into a
fresh database, then measures, in the same run:
  ingest  MB/s, documents/s, peak RSS (baseline: reading and decoding the files)
  search  p50/p95 of total count + first page for a fixed query set (1, 2, 4 and
          8 characters, common and rare, simplified and traditional), each next
          to \`rg -c\` (ripgrep) over the same raw files, as a ratio
  pages   p50/p95 time to first byte under 16 concurrent clients, against the server
          \`npm start\` runs (scripts/serve.mjs), as a browser asks (gzip), twice:
          "served" as readers get pages (from the page cache once rendered) and
          "rendered" with Cache-Control: no-cache (every request rendered anew):
          a top phrase's entry page, a search page, and the analyses: compare pages
          (40 pairs of consecutive documents), timeline pages (20 pairs of top
          phrases), sorted concordance pages (top 20 phrases by left context, by
          right context at page 5); each URL requested once before timing
Prints one table and writes the figures to bench-results/bench-<time>.json.

With a postgresql:// DATABASE_URL the run is on PostgreSQL: a fresh database
tifa_bench_<pid> is created on that server (dropped at the end), and the
corpus is also ingested into a temporary SQLite file, for the ratio of the two
ingest speeds on the same corpus.

Options:
  --runs N          search repetitions per query (default 30)
  --seconds N       load duration per page (default 10)
  --clients N       concurrent clients (default 16)
  --skip-pages      no page load test (no build needed)
  --port N          port for the server (default 3999)
  --db FILE|URL     measure an existing database instead of ingesting (no ingest figures)
  -h, --help        this help`;

const QUERIES: Array<{ q: string; note: string }> = [
  { q: '的', note: '1 char, common' },
  { q: '鼎', note: '1 char, rare' },
  { q: '改革', note: '2 chars, common' },
  { q: '枫桥', note: '2 chars, rare' },
  { q: '發展', note: '2 chars, traditional' },
  { q: '改革开放', note: '4 chars, common' },
  { q: '两个确立', note: '4 chars' },
  { q: '兩個確立', note: '4 chars, traditional' },
  { q: '三会一课', note: '4 chars, rare' },
  { q: '中国特色社会主义', note: '8 chars, common' },
  { q: '全面建成小康社会', note: '8 chars' },
  { q: '堅持黨的全面領導', note: '8 chars, traditional' },
];

interface SearchBench {
  q: string;
  note: string;
  total: number;
  p50: number;
  p95: number;
  rgP50: number | null;
  ratio: number | null;
}

/** DATABASE_URL for a bench database: a SQLite file or a postgresql:// URL. */
const urlOf = (location: string) => (isPostgresUrl(location) ? location : 'file:' + location);

async function benchSearch(dbFile: string, files: string[], runs: number): Promise<SearchBench[]> {
  process.env.DATABASE_URL = urlOf(dbFile);
  const { searchText, searchParams } = await import('../lib/data/search');
  const hasRg = spawnSync('rg', ['--version']).status === 0;
  const out: SearchBench[] = [];
  // Warm the engine (the index loads once per process, as in the server).
  await searchText(searchParams.parse({ q: '的' }));
  for (const { q, note } of QUERIES) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = await searchText(searchParams.parse({ q }));
      times.push(performance.now() - t);
      total = r.total;
    }
    times.sort((a, b) => a - b);
    let rgP50: number | null = null;
    if (hasRg) {
      const rg: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        spawnSync('rg', ['-c', '--fixed-strings', q, ...files], { maxBuffer: 64 * 1024 * 1024 });
        rg.push(performance.now() - t);
      }
      rg.sort((a, b) => a - b);
      rgP50 = percentile(rg, 50);
    }
    const p50 = percentile(times, 50);
    out.push({ q, note, total, p50, p95: percentile(times, 95), rgP50, ratio: rgP50 === null ? null : rgP50 / p50 });
  }
  return out;
}

let serverMemory: { peakMb: number; rssMb: number } | null = null;

async function benchPages(dbFile: string, port: number, clients: number, seconds: number): Promise<PageBench[]> {
  if (!fs.existsSync('.next/BUILD_ID')) {
    console.error('bench: building the app (next build)…');
    const b = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('next build failed');
  }
  const db = openDb({ file: dbFile, readonly: true });
  const top = db.prepare('SELECT id, key FROM Phrase ORDER BY occurrenceCount DESC LIMIT 1').get() as { id: number; key: string } | undefined;
  // The analyses: consecutive dated documents (mostly of one collection), the most used phrases.
  const dated = (db.prepare('SELECT id FROM Document WHERE date IS NOT NULL ORDER BY date, id').all() as Array<{ id: number }>).map((r) => r.id);
  const pairs: Array<[number, number]> = [];
  for (let k = 0; k < 40 && dated.length > 1; k++) {
    const i = Math.floor((k * (dated.length - 1)) / 40);
    pairs.push([dated[i], dated[i + 1]]);
  }
  const tops = (db.prepare("SELECT id FROM Phrase WHERE kind IN ('formula', 'slogan') ORDER BY occurrenceCount DESC LIMIT 20").all() as Array<{ id: number }>).map((r) => r.id);
  db.close();
  const server = startServer(urlOf(dbFile), port);
  try {
    const base = `http://localhost:${port}`;
    await waitFor(base + '/', 60000);
    // Steady state: the server loads the search index once after it starts.
    await waitFor(`${base}/api/search?q=${encodeURIComponent('的')}`, 60000);
    const pages: Array<{ name: string; urls: string[] }> = [
      { name: `entry page (top phrase ${top?.key ?? '?'})`, urls: [`${base}/phrases/${top?.id ?? 1}`] },
      { name: 'search page (改革开放)', urls: [`${base}/search?q=${encodeURIComponent('改革开放')}`] },
      { name: `compare pages (${pairs.length} pairs)`, urls: pairs.map(([a, b]) => `${base}/compare?a=${a}&b=${b}`) },
      { name: `timeline pages (${Math.floor(tops.length / 2)} pairs)`, urls: tops.slice(0, tops.length - (tops.length % 2)).flatMap((id, i, l) => (i % 2 ? [] : [`${base}/timeline?ids=${id},${l[i + 1]}`])) },
      { name: `timeline API (${tops.length} phrases)`, urls: tops.map((id) => `${base}/api/phrases/${id}/timeline`) },
      { name: `concordance by left context (${tops.length})`, urls: tops.map((id) => `${base}/phrases/${id}?sort=left`) },
      { name: `concordance by right context, page 5 (${tops.length})`, urls: tops.map((id) => `${base}/phrases/${id}?sort=right&page=5`) },
    ];
    const out: PageBench[] = [];
    for (const p of pages) if (p.urls.length > 0) out.push(await timePage(p.name, p.urls, clients, seconds));
    serverMemory = processMemory(server.pid!);
    return out;
  } finally {
    stopServer(server);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(
    {
      runs: { type: 'string', default: '30' },
      seconds: { type: 'string', default: '10' },
      clients: { type: 'string', default: '16' },
      port: { type: 'string', default: '3999' },
      'skip-pages': { type: 'boolean', default: false },
      db: { type: 'string' },
    },
    { allowPositionals: true },
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('name one corpus directory');
  integerOption('runs', values.runs, 1, 100000);
  integerOption('seconds', values.seconds, 1, 3600);
  integerOption('clients', values.clients, 1, 1024);
  integerOption('port', values.port, 1, 65535);
  const corpus = positionals[0] ?? (fs.existsSync('../shared/corpus') ? '../shared/corpus' : 'data/samples');
  if (!values.db && !fs.existsSync(corpus)) throw new UsageError(`${corpus}: no such file or directory`, 1);
  const reuse = values.db ? (isPostgresUrl(values.db) ? values.db : path.resolve(values.db)) : null;
  if (reuse && !isPostgresUrl(reuse) && !fs.existsSync(reuse)) throw new UsageError(`--db ${values.db}: no such file`, 1);
  const server = isPostgresUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL!.trim() : null;
  const dbFile = reuse ?? (server ? await createBenchDatabase(server) : path.resolve('data', `bench-${process.pid}.db`));
  let ingestFigures: IngestBench | null = null;
  let sqliteFigures: IngestBench | null = null;
  try {
  if (!reuse) {
    console.error(`bench: ingesting ${corpus} into ${describeLocation(dbFile)}…`);
    ingestFigures = await benchIngest([corpus], { keep: dbFile });
    if (server) {
      console.error(`bench: ingesting ${corpus} into a temporary SQLite database, for the ratio…`);
      sqliteFigures = await benchIngest([corpus]);
    }
  }
    console.error('bench: searching…');
    const files = [...walk([corpus])];
    const search = await benchSearch(dbFile, files, Number(values.runs));
    const pages = values['skip-pages'] ? [] : await benchPages(dbFile, Number(values.port), Number(values.clients), Number(values.seconds));

    const f = (n: number | null, d = 1) => (n === null || Number.isNaN(n) ? '—' : n.toFixed(d));
    if (ingestFigures) {
      console.log(`\nTifa benchmark — ${ingestFigures.machine} — ${new Date().toISOString()}`);
      console.log(`corpus: ${corpus} (${ingestFigures.megabytes.toFixed(1)} MB, ${ingestFigures.documents} documents)\n`);
      console.log('ingest');
      console.log(`  ${server ? 'PostgreSQL ' : ''}${f(ingestFigures.mbPerSecond, 2)} MB/s · ${f(ingestFigures.documentsPerSecond, 0)} documents/s · peak RSS ${f(ingestFigures.peakRssMb, 0)} MB · ${f(ingestFigures.seconds, 1)} s (read+decode alone: ${f(ingestFigures.baselineReadMbPerSecond, 0)} MB/s)`);
      if (sqliteFigures) {
        console.log(`  SQLite     ${f(sqliteFigures.mbPerSecond, 2)} MB/s · ${f(sqliteFigures.documentsPerSecond, 0)} documents/s · ${f(sqliteFigures.seconds, 1)} s, same corpus`);
        console.log(`  PostgreSQL / SQLite ingest speed: ${f(ingestFigures.mbPerSecond / sqliteFigures.mbPerSecond, 2)}`);
      }
      console.log('');
    } else {
      console.log(`\nTifa benchmark — ${os.cpus().length} cores — ${new Date().toISOString()}\ndatabase: ${dbFile} (not ingested in this run)\n`);
    }
    console.log('search (total + first page)        hits      p50 ms   p95 ms   rg -c ms   rg / tifa');
    for (const s of search) {
      console.log(
        `  ${(s.q + ' ').padEnd(10, '　')} ${s.note.padEnd(22)} ${String(s.total).padStart(7)}  ${f(s.p50, 2).padStart(8)} ${f(s.p95, 2).padStart(8)} ${f(s.rgP50, 1).padStart(10)} ${(s.ratio === null ? '—' : f(s.ratio, 0) + '×').padStart(10)}`,
      );
    }
    const p50s = search.map((s) => s.p50).sort((a, b) => a - b);
    const rgs = search.filter((s) => s.rgP50 !== null).map((s) => s.rgP50!).sort((a, b) => a - b);
    console.log(`  median query ${f(percentile(p50s, 50), 2)} ms vs rg -c ${f(rgs.length ? percentile(rgs, 50) : null, 1)} ms`);
    if (pages.length) {
      console.log('\n' + pageHeader(Number(values.clients), Number(values.seconds)));
      for (const p of pages) console.log(pageRow(p));
      console.log(PAGE_FOOTNOTE);
      if (serverMemory) console.log(`  server memory after the page runs: RSS ${f(serverMemory.rssMb, 0)} MB, peak ${f(serverMemory.peakMb, 0)} MB`);
    }
    fs.mkdirSync('bench-results', { recursive: true });
    const out = path.join('bench-results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(
      out,
      JSON.stringify({ corpus, provider: server || (reuse && isPostgresUrl(reuse)) ? 'postgresql' : 'sqlite', ingest: ingestFigures, sqliteIngest: sqliteFigures, search, pages, serverMemory, date: new Date().toISOString() }, null, 2),
    );
    console.log(`\nfigures written to ${out}`);
  } finally {
    if (!reuse && server) await dropBenchDatabase(server, dbFile);
    else if (!reuse) for (const f of [dbFile, dbFile + '-wal', dbFile + '-shm']) fs.rmSync(f, { force: true });
  }
  return 0;
}

/** A fresh database on the PostgreSQL server of DATABASE_URL (C.UTF-8, as Tifa needs). */
async function createBenchDatabase(server: string): Promise<string> {
  const { default: pg } = await import('pg');
  const name = `tifa_bench_${process.pid}`;
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
  } catch (e) {
    throw new UsageError(`could not create the bench database on ${describeLocation(server)}: ${(e as Error).message}`, 1);
  } finally {
    await client.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropBenchDatabase(server: string, location: string): Promise<void> {
  const { default: pg } = await import('pg');
  const { closePostgresPools } = await import('../lib/db/postgres');
  await closePostgresPools();
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${new URL(location).pathname.slice(1)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

runCommand('bench', HELP, main);
