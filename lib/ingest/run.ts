/**
 * The ingest command's engine: walks the inputs, streams each file's documents
 * through the pipeline and the store (one transaction per document), reports
 * a broken file by name and goes on, then links unquoted uses, refreshes the
 * phrase figures and brings the search index up to date. Each of those
 * finishing steps works on what changed: the index gets a segment for the new
 * and replaced documents, linking reads the new documents and reaches old ones
 * through the index, and only the phrases whose uses changed are recounted.
 * Each step also repairs what an interrupted run left (a stale index,
 * unlinked documents, stale figures), so a kill at any point is finished by
 * the next run.
 *
 * Two drivers share it: `ingest` runs everything in this thread (tests, small
 * inputs); `ingestInParallel` reads, cleans, segments and extracts in worker
 * threads while this thread writes, then lets one worker build the index
 * segments and find the unquoted uses while this thread writes them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { checkpointWal, lockIngest, providerOf, type Db } from '../db/sqlite';
import { processFile, type FileResult } from './process-file';
import { LIMITS } from './bounds';
import { walk, type FieldOptions } from './read';
import { DocumentStore } from './store';
import { linkUnquoted, LinkWriter, type LinkBatch } from './link';
import { refreshPhraseStats } from './stats';
import { fillReadings, PhraseReadingsQueue, writeReadings, type ReadingsRow } from './phrase-info';
import {
  commitIndexUpdate,
  dropRetiredSegments,
  planIndexUpdate,
  planIsEmpty,
  summarizeUpdate,
  takeSpilledSegment,
  updateSearchIndex,
  writeSegment,
  type IndexPlan,
  type IndexUpdate,
  type SegmentData,
} from '../search/build';
import type { SegmentMeta } from '../search/format';
import { SearchIndex } from '../search/engine';
import { collectionOf } from './place';
import { scorePhrases } from '../curation/score';
import { recordTextUses } from '../curation/text-uses';
import type { SourceFormat } from './types';
import { IdleShare } from './idle';

export interface IngestOptions extends FieldOptions {
  format?: SourceFormat;
  /** Rebuild the whole search index, not only what changed. */
  rebuildIndex?: boolean;
  /** What tests and experiments vary; a run leaves each at its default. */
  tuning?: IngestTuning;
}

/** Internals of a run that tests set to reach their edge cases, and experiments to compare. */
export interface IngestTuning {
  /** Fingerprint hashes held before a batch goes to the lookup table (lib/dedupe/store.ts; tests make it small). */
  fingerprintBatch?: number;
  /** Built index segments held in memory for the writer before the next go through files (worker.ts; tests set 0). */
  segmentsInMemory?: number;
  clauseLookups?: ClauseLookups;
}

/**
 * Who looks up the stored holders of each document's clauses in a parallel ingest on SQLite:
 * a document worker while it has spent more of its recent time waiting than the writer
 * ('balanced', the default; see worker.ts), always ('workers'), or never ('writer').
 */
export type ClauseLookups = 'balanced' | 'workers' | 'writer';

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
  /** A file skipped because it holds no documents ("skipped: …"), or a document cut to size ("cut to size: …"). */
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
  /** What the index update did (null: the index was current). */
  index: IndexUpdate | null;
  /** Phrases whose figures were recomputed. */
  refreshedPhrases: number;
  /** What was cut to size (bounds.ts), over all documents stored. */
  capped: { documents: number; sentencesSplit: number; headingsShortened: number };
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
    // A path that does not exist is a failure like a broken file: reported, skipped, counted.
    const missing = inputs.filter((input) => !fs.existsSync(input));
    this.files = [...walk(inputs.filter((input) => !missing.includes(input)), options.format)];
    this.sizes = this.files.map((f) => fs.statSync(f).size);
    const counts = new Map<string, number>();
    const subfolders = (dir: string) => counts.get(dir) ?? counts.set(dir, subfolderCount(dir)).get(dir)!;
    this.fileOptions = this.files.map((f) => ({ ...options, collection: collectionOf(f, inputs, subfolders, options.collection) }));
    const bytes = this.sizes.reduce((a, b) => a + b, 0);
    this.store = new DocumentStore(db, { fingerprintBatch: options.tuning?.fingerprintBatch, lookupReader: true });
    // Before any lookup: what an older database or an interrupted run left out of the fingerprint table.
    this.store.catchUp();
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
      index: null,
      refreshedPhrases: 0,
      capped: { documents: 0, sentencesSplit: 0, headingsShortened: 0 },
      seconds: 0,
      failures: [],
    };
    for (const input of missing) this.fail(input, 'no such file or directory');
    events.start?.(this.files.length, bytes);
  }

  private fail(where: string, message: string): void {
    this.summary.failed++;
    this.summary.failures.push({ where, message });
    this.events.failure?.(where, message);
  }

  /** Stores one file's processed documents, each in its own transaction (with a worker's lookup, if it made one). */
  storeFile(index: number, result: FileResult): void {
    const file = this.files[index];
    if (result.kind === 'notice') this.events.notice?.(file, `skipped: ${result.message}`);
    else if (result.kind === 'error') this.fail(file, result.message);
    else {
      for (const item of result.documents) {
        if (item.kind === 'error') {
          this.fail(item.where, item.message);
          continue;
        }
        try {
          const r = this.store.store(item.processed.doc, item.processed.contentHash, item.processed.charCount, item.holders);
          this.summary[r.status]++;
          this.summary.sections += r.sections;
          this.summary.sentences += r.sentences;
          this.summary.occurrences += r.occurrences;
          this.summary.newPhrases += r.newPhrases;
          if (r.duplicateOf !== null || r.replaced !== null) this.summary.duplicates++;
          const c = item.processed.capped;
          if (r.status !== 'skipped' && c.sentencesSplit + c.headingsShortened > 0) {
            this.summary.capped.documents++;
            this.summary.capped.sentencesSplit += c.sentencesSplit;
            this.summary.capped.headingsShortened += c.headingsShortened;
            this.events.notice?.(
              item.where,
              `cut to size: ${c.sentencesSplit} sentences over ${LIMITS.sentenceChars} characters split, ${c.headingsShortened} section titles over ${LIMITS.headingChars} shortened`,
            );
          }
        } catch (e) {
          this.fail(item.where, (e as Error).message);
        }
      }
    }
    this.events.file?.(file, this.sizes[index]);
  }

  /** True when linking, figures or the index are out of date (or the index is to be rebuilt). */
  needsFinish(rebuildIndex = false): boolean {
    const changed = this.summary.added + this.summary.updated > 0;
    const pending = (
      this.db
        .prepare(
          `SELECT (SELECT count(*) FROM Document WHERE linked = 0)
                + (SELECT count(*) FROM Phrase WHERE linked = 0 OR pinyin = '' OR statsStale = 1 OR scored = 0) AS n`,
        )
        .get() as { n: number }
    ).n;
    if (changed || pending > 0 || rebuildIndex) return true;
    // The index checks itself against the sentences: an interrupted run may have left it behind.
    return !planIsEmpty(this.db.transaction(() => planIndexUpdate(this.db))());
  }

  /** Whether linking needs the index: phrases not yet looked for in old documents. */
  needsIndexForLinking(): boolean {
    return this.db.prepare('SELECT 1 FROM Phrase WHERE linked = 0 LIMIT 1').get() !== undefined;
  }

  /**
   * Last, once the index, uses and figures are current: the corpus uses of
   * short wordings (for what changed, lib/curation/text-uses.ts), then the
   * scores of every phrase whose evidence changed.
   */
  score(): void {
    recordTextUses(this.db);
    this.summary.scored = scorePhrases(this.db);
  }

  /**
   * Last of every run, whatever it changed: the index segments an earlier
   * update retired are deleted once servers have had time to move on (build.ts).
   */
  dropRetiredSegments(): void {
    dropRetiredSegments(this.db);
  }

  done(): IngestSummary {
    this.summary.seconds = (performance.now() - this.t0) / 1000;
    return this.summary;
  }
}

/** Ingests in this thread. */
export function ingest(db: Db, inputs: string[], options: IngestOptions = {}, events: IngestEvents = {}): IngestSummary {
  const release = lockIngest(db, () => events.notice?.('ingest', WAITING));
  try {
    return ingestLocked(db, inputs, options, events);
  } finally {
    release();
  }
}

const WAITING = 'another ingest is running on this database; waiting for it to finish';

function ingestLocked(db: Db, inputs: string[], options: IngestOptions, events: IngestEvents): IngestSummary {
  const run = new Run(db, inputs, options, events);
  run.files.forEach((file, i) => run.storeFile(i, processFile(file, run.fileOptions[i])));
  run.store.finish();
  if (run.needsFinish(options.rebuildIndex)) {
    const update = updateSearchIndex(db, { rebuild: options.rebuildIndex, progress: (d, t) => events.phase?.('index', d, t) });
    run.summary.index = update.built + update.dropped > 0 ? update : null;
    const index = run.needsIndexForLinking() ? SearchIndex.load(db, { texts: false, postings: 'on-demand' }) : null;
    run.summary.unquoted = linkUnquoted(db, index, (d, t) => events.phase?.('link', d, t)).occurrences;
    events.phase?.('stats', 0, 1);
    run.summary.refreshedPhrases = refreshPhraseStats(db, 'stale');
    fillReadings(db);
    events.phase?.('stats', 1, 1);
    run.score();
  }
  run.dropRetiredSegments();
  return run.done();
}

// ---------------------------------------------------------------------------
// Parallel driver

/** Defined (true) in the bundle scripts/launch.cjs builds, which has the worker's beside it. */
declare const TIFA_BUNDLED: boolean | undefined;

/** What a worker thread runs to load worker.ts: its bundle's file, or the TypeScript through tsx's loader. */
function workerSource(): string {
  if (typeof TIFA_BUNDLED !== 'undefined') return `require(${JSON.stringify(path.join(__dirname, 'ingest-worker.cjs'))});`;
  const file = fileURLToPath(new URL('./worker.ts', import.meta.url));
  return `require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`;
}

/**
 * The young generation of each worker's heap, in MB (V8's default grows to 48). Workers
 * allocate short-lived strings and rows by the million; with 12 MB they are collected
 * sooner and the heaps stay smaller. Measured on the 新闻联播 folder: peak RSS 440-490 MB
 * against 485-570 MB at the default, in the same time.
 */
const WORKER_YOUNG_GENERATION_MB = 12;

function startWorker(): Worker {
  return new Worker(workerSource(), {
    eval: true,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
}

/** What the finishing workers report (see worker.ts). */
export type FinishMessage =
  | { type: 'index-progress'; done: number; total: number }
  | { type: 'index-segment'; segment: SegmentData }
  | { type: 'index-segment-file'; file: string }
  | { type: 'index-data'; plan: IndexPlan; built: SegmentMeta[] }
  | { type: 'link-batch'; batch: LinkBatch; total: number }
  | { type: 'link-done' }
  | ReadingsReply
  | { type: 'finish-error'; error: string };

/** A file for a document worker, with what the writer had written to the fingerprints' lookup table when it was sent. */
export type FileRequest = {
  type: 'file';
  index: number;
  file: string;
  options: IngestOptions;
  /** Whether to look up its documents' clauses (lib/dedupe/store.ts PrefetchedHolders): 'balanced' while the worker waits more than the writer. */
  lookUp: ClauseLookups;
  /** The writer's recent share of time spent waiting (IdleShare), for 'balanced'. */
  writerIdle: number;
  written: { batches: number; removals: number };
};

/**
 * For a document worker: look up each document's clauses in the lookup table (`lookup`,
 * once), or forget what it knows of clauses whose holders left it (`forget`).
 */
export type LookupRequest = { type: 'lookup'; dbFile: string } | { type: 'forget'; hashes: number[] };

/** A batch of new phrases for a document worker to give readings to, and its answer (the indexer's last message too). */
export type ReadingsRequest = { type: 'readings'; phrases: Array<{ id: number; key: string }> };
export type ReadingsReply = { type: 'readings'; rows: ReadingsRow[] };

/**
 * What the writer tells the finishing workers (see worker.ts). With 'build-index' go a
 * shared counter of the segments the writer has written, how many may wait for it in
 * memory, and the folder for those beyond (SEGMENTS_AHEAD).
 */
export type FinishRequest =
  | { type: 'build-index'; dbFile: string; rebuildIndex: boolean; segmentsWritten: Int32Array; segmentsInMemory: number; spillDir: string }
  | { type: 'link'; dbFile: string }
  | { type: 'index-written' };

/**
 * How many built segments may wait for the writer in memory: bounds memory. Each is tens of
 * MB (46 MB at 1 GB), and the writer can be busy for half a minute (the linker's uses, then
 * the figures, of a 1 GB ingest): the segments that came meanwhile were all held, up to
 * 1.4 GB resident. 1 GB ingest, peak RSS / wall: no bound 1,445 MB / 502 s; 4 ahead 912 MB /
 * 534 s; 2 ahead 844 MB / 541 s. Beyond that the indexer no longer waits, as it did for
 * about 25 s of the 1 GB rung's ingest while the writer computed the figures: it goes on
 * building and puts each further segment in a file (spillSegment), which the writer reads
 * when it comes to it.
 */
const SEGMENTS_AHEAD = 4;

/** How many files may be processed ahead of the writer: bounds memory. */
const READ_AHEAD = 4;

/** New phrases sent to a worker for their readings at once, while documents are still stored. */
const READINGS_BATCH = 2000;

export async function ingestInParallel(
  db: Db,
  dbFile: string,
  inputs: string[],
  options: IngestOptions = {},
  events: IngestEvents = {},
  workers = Math.max(1, Math.min(2, os.availableParallelism() - 1)),
): Promise<IngestSummary> {
  const release = lockIngest(db, () => events.notice?.('ingest', WAITING));
  try {
    return await ingestInParallelLocked(db, dbFile, inputs, options, events, workers);
  } finally {
    release();
  }
}

async function ingestInParallelLocked(
  db: Db,
  dbFile: string,
  inputs: string[],
  options: IngestOptions,
  events: IngestEvents,
  workers: number,
): Promise<IngestSummary> {
  const run = new Run(db, inputs, options, events);
  const pool = Array.from({ length: workers }, startWorker);
  /** Where the indexer puts segments built while the writer is busy (worker.ts). */
  let spillDir: string | null = null;
  // Duplicate detection's lookups are made by the document workers, on their own read
  // connections, for each document they process (lib/dedupe/store.ts), while this thread is
  // the one behind (worker.ts). On SQLite: there they took a fifth of this thread's time at
  // 1 GB, while the workers had time to spare.
  const table = run.store.workerLookups;
  const lookUp = providerOf(db) === 'sqlite' ? (options.tuning?.clauseLookups ?? 'balanced') : 'writer';
  const lookingUp = lookUp !== 'writer';
  // 'balanced' shares the lookups out only while the writer's are costly (lookupsMostlyFiltered).
  const lookUpNow = (): ClauseLookups => (lookUp === 'balanced' && table.lookupsMostlyFiltered ? 'writer' : lookUp);
  /** Files sent and not yet stored, with the batches the table had been given when each was sent. */
  const sentAfter = new Map<number, number>();
  // This thread's waits between the workers' results: sent with each file, so that a worker
  // idler than this thread takes the lookups (worker.ts).
  const writerIdle = new IdleShare();
  const keepBatches = () => table.keepBatchesAfter(sentAfter.size > 0 ? Math.min(...sentAfter.values()) : null);
  if (lookingUp) {
    for (const w of pool) w.postMessage({ type: 'lookup', dbFile } satisfies LookupRequest);
    table.onForget = (hashes) => {
      for (const w of pool) w.postMessage({ type: 'forget', hashes } satisfies LookupRequest);
    };
  }
  try {
    // Results may arrive out of order; they are stored in file order.
    const pending = new Map<number, FileResult>();
    let nextToSend = 0;
    let nextToStore = 0;
    let inFlight = 0;
    // The readings of the phrases this run adds are worked out by the workers between
    // files, not at the end: OpenCC's phrase converter (about 42 MB of heap) then
    // lives in a worker that goes before the finish, not beside the index build.
    const readings = new PhraseReadingsQueue(db);
    let readingsInFlight = 0;
    await new Promise<void>((resolve, reject) => {
      // Keep every worker's queue filled, up to READ_AHEAD files beyond the
      // last one stored, so the workers process while this thread writes.
      let turn = 0;
      const topUp = () => {
        while (nextToSend < run.files.length && nextToSend - nextToStore < READ_AHEAD) {
          const written = table.written;
          if (lookingUp) sentAfter.set(nextToSend, written.batches);
          keepBatches();
          pool[turn++ % pool.length].postMessage({
            type: 'file',
            index: nextToSend,
            file: run.files[nextToSend],
            options: run.fileOptions[nextToSend],
            lookUp: lookUpNow(),
            writerIdle: writerIdle.share,
            written,
          } satisfies FileRequest);
          nextToSend++;
          inFlight++;
        }
      };
      // A full batch while files are stored; at the end, what is left.
      const askReadings = (rest: boolean) => {
        for (let phrases = readings.take(READINGS_BATCH, rest); phrases.length > 0; phrases = readings.take(READINGS_BATCH, rest)) {
          pool[turn++ % pool.length].postMessage({ type: 'readings', phrases } satisfies ReadingsRequest);
          readingsInFlight++;
        }
      };
      const settle = () => {
        if (nextToStore < run.files.length || inFlight > 0) return;
        askReadings(true);
        if (readingsInFlight === 0) resolve();
      };
      let failed = false;
      const fail = (e: unknown) => {
        failed = true;
        reject(e);
      };
      for (const w of pool) {
        w.on('error', fail);
        w.on('message', (m: { index: number; result: FileResult } | ReadingsReply) => {
          if (failed) return;
          writerIdle.begin();
          try {
            if ('type' in m) {
              readingsInFlight--;
              writeReadings(db, m.rows);
            } else {
              inFlight--;
              pending.set(m.index, m.result);
              while (pending.has(nextToStore)) {
                const r = pending.get(nextToStore)!;
                pending.delete(nextToStore);
                run.storeFile(nextToStore, r);
                sentAfter.delete(nextToStore);
                keepBatches();
                nextToStore++;
              }
              readings.collect();
              askReadings(false);
              topUp();
            }
            settle();
          } catch (e) {
            fail(e);
          } finally {
            writerIdle.end();
          }
        });
      }
      topUp();
      settle();
    });
    table.onForget = null;
    table.keepBatchesAfter(null);
    run.store.finish();
    if (run.needsFinish(options.rebuildIndex)) {
      // Two workers finish side by side (worker.ts): one builds the index
      // segments, then the readings of phrases still without (none, unless
      // an interrupted run left some: see above); the other finds the
      // unquoted uses. This thread writes each result as it comes, and
      // refreshes the figures once every use is written.
      const writer = new LinkWriter(db);
      writer.clearNewPhrases();
      // Fresh workers: the heaps of those that processed the files may still hold
      // what a large document left (hundreds of MB); a new isolate starts small.
      for (const w of pool.splice(0)) await w.terminate();
      pool.push(startWorker(), startWorker());
      const [indexer, linker] = pool;
      const segmentsWritten = new Int32Array(new SharedArrayBuffer(4));
      // Made by the indexer if it puts a segment there, so that most runs leave nothing even when killed.
      spillDir = path.join(os.tmpdir(), `tifa-segments-${process.pid}-${randomUUID().slice(0, 8)}`);
      let linked = 0;
      const finished = new Promise<void>((resolve, reject) => {
        const left = new Set(['index', 'link', 'readings']);
        const done = (part: string) => {
          left.delete(part);
          if (left.size === 0) resolve();
        };
        // A worker is let go at its last message: its heap goes now, not after the figures
        // and the scores, and it is sent nothing more.
        const gone = new Set<Worker>();
        const letGo = (w: Worker) => {
          gone.add(w);
          void w.terminate();
        };
        const onMessage = (m: FinishMessage) => {
          try {
            switch (m.type) {
              case 'index-progress':
                // The indexer has read a segment's sentences and let its snapshot go: now
                // every frame written so far can be copied back, and the WAL start over.
                checkpointWal(db);
                events.phase?.('index', m.done, m.total);
                break;
              case 'index-segment':
              case 'index-segment-file':
                // Written now, named by the manifest once all are (index-data).
                writeSegment(db, m.type === 'index-segment' ? m.segment : takeSpilledSegment(m.file));
                // One fewer waits (SEGMENTS_AHEAD).
                Atomics.add(segmentsWritten, 0, 1);
                break;
              case 'index-data':
                if (!planIsEmpty(m.plan)) {
                  commitIndexUpdate(db, m.plan, m.built);
                  const update = summarizeUpdate(m.plan, m.built);
                  run.summary.index = update.built + update.dropped > 0 ? update : null;
                }
                if (!gone.has(linker)) linker.postMessage({ type: 'index-written' } satisfies FinishRequest);
                done('index');
                break;
              case 'link-batch':
                writer.apply(m.batch);
                events.phase?.('link', (linked += m.batch.documents.length), m.total);
                break;
              case 'link-done':
                // The linker's last message (its heap: the phrases' automaton, the sentences it read).
                letGo(linker);
                writer.finish();
                run.summary.unquoted = writer.occurrences;
                events.phase?.('stats', 0, 1);
                run.summary.refreshedPhrases = refreshPhraseStats(db, 'stale');
                events.phase?.('stats', 1, 1);
                done('link');
                break;
              case 'readings':
                // The indexer's last message (its heap: a segment's sentences, OpenCC's tables).
                letGo(indexer);
                writeReadings(db, m.rows);
                done('readings');
                break;
              case 'finish-error':
                reject(new Error(m.error));
                break;
            }
          } catch (e) {
            reject(e);
          }
        };
        for (const w of [indexer, linker]) {
          w.removeAllListeners('message');
          w.on('error', reject);
          w.on('message', onMessage);
        }
      });
      indexer.postMessage({
        type: 'build-index',
        dbFile,
        rebuildIndex: options.rebuildIndex ?? false,
        segmentsWritten,
        segmentsInMemory: options.tuning?.segmentsInMemory ?? SEGMENTS_AHEAD,
        spillDir,
      } satisfies FinishRequest);
      linker.postMessage({ type: 'link', dbFile } satisfies FinishRequest);
      await finished;
      // Last, once the index, the uses, the figures and the readings are written.
      run.score();
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
    if (spillDir) fs.rmSync(spillDir, { recursive: true, force: true });
  }
  run.dropRetiredSegments();
  return run.done();
}
