/**
 * The ingest command's engine: walks the inputs, streams each file's documents
 * through the pipeline and the store (one transaction per document), reports
 * a broken file by name and goes on, then links unquoted uses, refreshes the
 * phrase figures and rebuilds the search index.
 *
 * Two drivers share it: `ingest` runs everything in this thread (tests, small
 * inputs); `ingestInParallel` reads, cleans, segments and extracts in worker
 * threads while this thread writes, then lets one worker find the unquoted uses
 * and build the search index while this thread writes the uses and counts, and
 * finally stores the index.
 */
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/sqlite';
import { processFile, type FileResult } from './process-file';
import { walk, type FieldOptions } from './read';
import { DocumentStore } from './store';
import { linkUnquoted, LinkWriter, type LinkBatch } from './link';
import { refreshPhraseStats } from './stats';
import { fillReadings, writeReadings, type ReadingsRow } from './phrase-info';
import { computeSearchIndex, loadCorpus, writeSearchIndex, type SearchIndexData } from '../search/build';
import { collectionOf } from './place';
import { recordTextUses, scorePhrases } from '../curation/score';
import type { SourceFormat } from './types';

export interface IngestOptions extends FieldOptions {
  format?: SourceFormat;
}

/** Immediate subfolders of a directory (hidden ones aside), for the collection rule in place.ts. */
function subfolderCount(dir: string): number {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).length;
  } catch {
    return 0;
  }
}

export interface IngestEvents {
  /** Called once the files are known (total bytes, for a progress bar). */
  start?(files: number, bytes: number): void;
  /** After each file. */
  file?(file: string, bytes: number): void;
  /** A file or record that failed; nothing of it was stored. */
  failure?(where: string, message: string): void;
  /** A file skipped because it holds no documents. */
  notice?(where: string, message: string): void;
  /** Progress of the phases after the documents: read, link, stats, index. */
  phase?(name: string, done: number, total: number): void;
}

export interface IngestSummary {
  files: number;
  bytes: number;
  added: number;
  updated: number;
  skipped: number;
  failed: number;
  sections: number;
  sentences: number;
  newPhrases: number;
  occurrences: number;
  unquoted: number;
  /** Documents stored as copies of a kept document (near-duplicates). */
  duplicates: number;
  /** Phrases whose score was computed in this run. */
  scored: number;
  seconds: number;
  failures: Array<{ where: string; message: string }>;
}

/** The state of one ingest run: what has been stored, what failed. */
class Run {
  readonly store: DocumentStore;
  readonly summary: IngestSummary;
  readonly files: string[];
  readonly sizes: number[];
  /** Each file's options, with the collection it belongs to. */
  readonly fileOptions: IngestOptions[];
  private readonly t0 = performance.now();

  constructor(
    readonly db: Db,
    inputs: string[],
    options: IngestOptions,
    readonly events: IngestEvents,
  ) {
    this.files = [...walk(inputs, options.format)];
    this.sizes = this.files.map((f) => fs.statSync(f).size);
    const counts = new Map<string, number>();
    const subfolders = (dir: string) => counts.get(dir) ?? counts.set(dir, subfolderCount(dir)).get(dir)!;
    this.fileOptions = this.files.map((f) => ({ ...options, collection: collectionOf(f, inputs, subfolders, options.collection) }));
    const bytes = this.sizes.reduce((a, b) => a + b, 0);
    this.store = new DocumentStore(db);
    this.summary = {
      files: this.files.length,
      bytes,
      added: 0,
      updated: 0,
      skipped: 0,
      failed: 0,
      sections: 0,
      sentences: 0,
      newPhrases: 0,
      occurrences: 0,
      unquoted: 0,
      duplicates: 0,
      scored: 0,
      seconds: 0,
      failures: [],
    };
    events.start?.(this.files.length, bytes);
  }

  private fail(where: string, message: string): void {
    this.summary.failed++;
    this.summary.failures.push({ where, message });
    this.events.failure?.(where, message);
  }

  /** Stores one file's processed documents, each in its own transaction. */
  storeFile(index: number, result: FileResult): void {
    const file = this.files[index];
    if (result.kind === 'notice') this.events.notice?.(file, result.message);
    else if (result.kind === 'error') this.fail(file, result.message);
    else {
      for (const item of result.documents) {
        if (item.kind === 'error') {
          this.fail(item.where, item.message);
          continue;
        }
        try {
          const r = this.store.store(item.processed.doc, item.processed.contentHash, item.processed.charCount);
          this.summary[r.status]++;
          this.summary.sections += r.sections;
          this.summary.sentences += r.sentences;
          this.summary.occurrences += r.occurrences;
          this.summary.newPhrases += r.newPhrases;
          if (r.duplicateOf !== null || r.replaced !== null) this.summary.duplicates++;
        } catch (e) {
          this.fail(item.where, (e as Error).message);
        }
      }
    }
    this.events.file?.(file, this.sizes[index]);
  }

  /** True when linking, figures or the index are out of date. */
  needsFinish(): boolean {
    const changed = this.summary.added + this.summary.updated > 0;
    const pending = (
      this.db
        .prepare(
          "SELECT (SELECT count(*) FROM Document WHERE linked = 0) + (SELECT count(*) FROM Phrase WHERE linked = 0 OR pinyin = '' OR scored = 0) AS n",
        )
        .get() as { n: number }
    ).n;
    const hasIndex = this.db.prepare("SELECT 1 FROM SearchMeta WHERE key = 'generation'").get() !== undefined;
    return changed || pending > 0 || !hasIndex;
  }

  linkAndCount(): ReturnType<typeof loadCorpus> {
    const corpus = loadCorpus(this.db, (d, t) => this.events.phase?.('read', d, t));
    this.summary.unquoted = linkUnquoted(this.db, corpus, (d, t) => this.events.phase?.('link', d, t)).occurrences;
    this.events.phase?.('stats', 0, 1);
    refreshPhraseStats(this.db);
    fillReadings(this.db);
    this.events.phase?.('stats', 1, 1);
    return corpus;
  }

  /** After the index: the corpus uses of short wordings, then the scores of every phrase whose evidence changed. */
  score(index: SearchIndexData | null): void {
    if (index) recordTextUses(this.db, index);
    this.summary.scored = scorePhrases(this.db);
  }

  done(): IngestSummary {
    this.summary.seconds = (performance.now() - this.t0) / 1000;
    return this.summary;
  }
}

/** Ingests in this thread. */
export function ingest(db: Db, inputs: string[], options: IngestOptions = {}, events: IngestEvents = {}): IngestSummary {
  const run = new Run(db, inputs, options, events);
  run.files.forEach((file, i) => run.storeFile(i, processFile(file, run.fileOptions[i])));
  if (run.needsFinish()) {
    const corpus = run.linkAndCount();
    const data = computeSearchIndex(corpus, (d, t) => events.phase?.('index', d, t));
    writeSearchIndex(db, data);
    run.score(data);
  }
  return run.done();
}

// ---------------------------------------------------------------------------
// Parallel driver

const WORKER_FILE = fileURLToPath(new URL('./worker.ts', import.meta.url));

function startWorker(): Worker {
  // The worker is TypeScript too: register tsx's loader in it before loading it.
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER_FILE)});`, { eval: true });
}

/** What the finishing worker reports (see worker.ts). */
export type FinishMessage =
  | { type: 'link-batch'; batch: LinkBatch; total: number }
  | { type: 'link-done' }
  | { type: 'index-progress'; done: number; total: number }
  | { type: 'index-data'; data: SearchIndexData }
  | { type: 'readings'; rows: ReadingsRow[] }
  | { type: 'finish-error'; error: string };

/** How many files may be processed ahead of the writer: bounds memory. */
const READ_AHEAD = 4;

export async function ingestInParallel(
  db: Db,
  dbFile: string,
  inputs: string[],
  options: IngestOptions = {},
  events: IngestEvents = {},
  workers = Math.max(1, Math.min(2, os.availableParallelism() - 1)),
): Promise<IngestSummary> {
  const run = new Run(db, inputs, options, events);
  const pool = Array.from({ length: workers }, startWorker);
  try {
    // Results may arrive out of order; they are stored in file order.
    const pending = new Map<number, FileResult>();
    let nextToSend = 0;
    let nextToStore = 0;
    let inFlight = 0;
    await new Promise<void>((resolve, reject) => {
      // Keep every worker's queue filled, up to READ_AHEAD files beyond the
      // last one stored, so the workers process while this thread writes.
      let turn = 0;
      const topUp = () => {
        while (nextToSend < run.files.length && nextToSend - nextToStore < READ_AHEAD) {
          pool[turn++ % pool.length].postMessage({ type: 'file', index: nextToSend, file: run.files[nextToSend], options: run.fileOptions[nextToSend] });
          nextToSend++;
          inFlight++;
        }
      };
      for (const w of pool) {
        w.on('error', reject);
        w.on('message', (m: { index: number; result: FileResult }) => {
          inFlight--;
          pending.set(m.index, m.result);
          while (pending.has(nextToStore)) {
            const r = pending.get(nextToStore)!;
            pending.delete(nextToStore);
            try {
              run.storeFile(nextToStore, r);
            } catch (e) {
              reject(e);
              return;
            }
            nextToStore++;
          }
          topUp();
          if (nextToStore >= run.files.length && inFlight === 0) resolve();
        });
      }
      topUp();
      if (run.files.length === 0) resolve();
    });
    if (run.needsFinish()) {
      // One worker reads the corpus once and, in turn, finds the unquoted uses
      // (sent batch by batch), builds the search index and computes the
      // readings of new phrases; this thread writes each result as it comes,
      // and refreshes the phrase figures while the worker builds the index.
      const writer = new LinkWriter(db);
      writer.clearNewPhrases();
      const finisher = pool[0];
      for (const w of pool.slice(1)) await w.terminate();
      finisher.removeAllListeners('message');
      let linked = 0;
      const finished = new Promise<void>((resolve, reject) => {
        finisher.on('error', reject);
        finisher.on('message', (m: FinishMessage) => {
          try {
            switch (m.type) {
              case 'link-batch':
                writer.apply(m.batch);
                events.phase?.('link', (linked += m.batch.documents.length), m.total);
                break;
              case 'link-done':
                writer.finish();
                run.summary.unquoted = writer.occurrences;
                events.phase?.('stats', 0, 1);
                refreshPhraseStats(db);
                events.phase?.('stats', 1, 1);
                break;
              case 'index-progress':
                events.phase?.('index', m.done, m.total);
                break;
              case 'index-data':
                writeSearchIndex(db, m.data);
                run.score(m.data);
                break;
              case 'readings':
                writeReadings(db, m.rows);
                resolve();
                break;
              case 'finish-error':
                reject(new Error(m.error));
                break;
            }
          } catch (e) {
            reject(e);
          }
        });
      });
      finisher.postMessage({ type: 'finish', dbFile });
      await finished;
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return run.done();
}
