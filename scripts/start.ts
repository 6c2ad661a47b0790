/**
 * npm start: migrate the database, ingest the bundled sample into an empty one,
 * build the app if there is no build yet, and serve it with `next start`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { ensureMigrated, openDb } from '../lib/db/sqlite';
import { ingest } from '../lib/ingest/run';
import { databaseLocation, describeLocation } from '../lib/db/url';
import { integerOption, parseCommandLine, runCommand } from './cli';

const HELP = `Usage: npm start [-- options]

Serves Tifa on http://localhost:$PORT (default 3000). On the way it
  1. creates and migrates the database named by DATABASE_URL (default file:./data/tifa.db),
  2. ingests the bundled sample (data/samples) if the database has no documents,
  3. checks the search index against the stored sentences and finishes what an
     interrupted ingest left (index, unquoted uses, figures),
  4. runs \`next build\` if there is no build yet, or the sources changed since it was made,
  5. serves it (scripts/serve.mjs: \`next start\` with unsupported methods answered 405).

Options:
  -p, --port N     port (default: $PORT or 3000)
  -H, --hostname H address to listen on (default: all)
  --rebuild        run \`next build\` even if a build exists
  --no-sample      do not ingest the sample into an empty database
  -h, --help       this help

SIGTERM or SIGINT (Ctrl-C) stops whatever step is running (the sample ingest,
the build or the server) and then this command.

Ingest your own documents with: npm run ingest -- <file|dir>...`;

const SOURCES = ['app', 'components', 'lib', 'proxy.ts', 'next.config.js', 'package-lock.json', 'tsconfig.json'];

/** Newest modification time under a path (files only; generated and hidden entries skipped). */
function newestMtime(p: string): number {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'generated' || e.name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(p, e.name)));
  }
  return newest;
}

/** No build yet, or one older than the sources (after a pull or an edit). */
function buildIsStale(root: string): boolean {
  const id = fs.statSync(path.join(root, '.next', 'BUILD_ID'), { throwIfNoEntry: false });
  if (!id) return true;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > id.mtimeMs);
}

/** The step running now (ingest, build, server): a signal is passed on to it. */
let current: ChildProcess | null = null;
let stopping: NodeJS.Signals | null = null;

function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = signal;
  console.error(`start: ${signal}: stopping`);
  if (current && current.exitCode === null && current.signalCode === null) current.kill(signal);
  else process.exit(signal === 'SIGINT' ? 130 : 143);
}

/** Runs one step with the terminal attached; resolves with its exit code (or the signal's). */
function step(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: process.env });
    current = child;
    child.on('error', (e) => {
      console.error(`start: could not run ${command}: ${e.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
    });
  });
}

async function main(): Promise<number> {
  const { values } = parseCommandLine({
    port: { type: 'string', short: 'p' },
    hostname: { type: 'string', short: 'H' },
    rebuild: { type: 'boolean', default: false },
    'no-sample': { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const root = process.cwd();
  const port = String(integerOption('port', values.port ?? process.env.PORT ?? '3000', 1, 65535));
  const file = databaseLocation();
  console.error(`start: database ${describeLocation(file)}`);
  ensureMigrated(file);

  if (!values['no-sample'] && documentCount(file) === 0) {
    const samples = path.join('data', 'samples');
    console.error('start: the database is empty; ingesting the bundled sample (data/samples)…');
    // As `npm run ingest` runs it: from its bundle (scripts/launch.cjs).
    const code = await step(process.execPath, [path.join(root, 'scripts', 'launch.cjs'), 'ingest', samples]);
    if (stopping) return code;
    if (code !== 0) console.error('start: ingesting the sample failed; starting anyway (the home page explains how to ingest).');
  }

  finishInterruptedIngest(file);

  const nextBin = path.join(root, 'node_modules', '.bin', 'next');
  if (values.rebuild || buildIsStale(root)) {
    console.error('start: building the app (next build)…');
    const code = await step(nextBin, ['build']);
    if (stopping) return code;
    if (code !== 0) {
      console.error('start: next build failed');
      return code;
    }
  }

  // scripts/serve.mjs is `next start` plus a 405 for methods Next.js cannot represent (TRACE).
  const args = [path.join(root, 'scripts', 'serve.mjs'), '-p', port];
  if (values.hostname) args.push('-H', values.hostname);
  console.error(`start: serving on http://localhost:${port}`);
  const code = await step(process.execPath, args);
  // Stopped by a signal: the server is down, which is what was asked.
  return stopping ? 0 : code;
}

/** The index checks itself at every start: an ingest killed half-way is finished here. */
function finishInterruptedIngest(file: string): void {
  const db = openDb({ file });
  try {
    const r = ingest(db, []);
    if (r.index || r.unquoted > 0 || r.refreshedPhrases > 0) {
      console.error(
        `start: finished an interrupted ingest: ${r.index ? `search index updated (${r.index.sentences} sentences indexed)` : 'search index current'}, ` +
          `${r.unquoted} unquoted uses linked, ${r.refreshedPhrases} phrase figures refreshed`,
      );
    }
  } catch (e) {
    console.error(`start: could not check the search index: ${(e as Error).message}`);
  } finally {
    db.close();
  }
}

function documentCount(file: string): number {
  const db = openDb({ file, readonly: true });
  try {
    const row = db.prepare('SELECT count(*) AS n FROM Document').get() as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

runCommand('start', HELP, main);
