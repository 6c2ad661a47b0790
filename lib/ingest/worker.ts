/**
 * The ingest worker thread: processes files (the pure stages) for the writer in
 * the main thread, looks up which stored documents hold each document's clauses
 * (duplicate detection's lookups, on SQLite; see lib/dedupe/store.ts), and
 * between files gives the phrases it stored their readings. At the end two
 * workers finish the run side by side, each with its own read connection,
 * while the main thread writes what they send:
 * - the indexer builds the search index segments for what changed, then
 *   gives readings to the phrases still without (an interrupted run's);
 * - the linker finds the unquoted uses, batch by batch: first in the new
 *   documents (read whole, no index needed), then new phrases in the old
 *   documents through the index. The index as it was before this run covers
 *   those, so the linker need not wait for the new one, unless an interrupted
 *   run left the index behind: then it waits for 'index-written'.
 */
import { parentPort } from 'node:worker_threads';
import { processFile, type FileResult } from './process-file';
import { HolderLookup } from '../dedupe/store';
import { HOLDERS_LISTED } from '../dedupe/detect';
import { indexCovers, oldDocuments, planLink, scanNewDocuments, scanOldDocuments, type LinkBatch, type LinkPlan } from './link';
import { missingReadings, readingsOf } from './phrase-info';
import { IdleShare } from './idle';
import type { FileRequest, FinishMessage, FinishRequest, LookupRequest, ReadingsReply, ReadingsRequest } from './run';
import { openDb, type Db } from '../db/sqlite';
import { planAndBuildSegments, spillSegment, transferList } from '../search/build';
import { SearchIndex } from '../search/engine';

const port = parentPort;
if (!port) throw new Error('lib/ingest/worker.ts runs as a worker thread');

const post = (m: FinishMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

type Request = FileRequest | LookupRequest | ReadingsRequest | FinishRequest;

/** The lookup table's holders of each document's clauses, from this worker's own read connection. */
let lookup: HolderLookup | null = null;

/**
 * How much of its recent time this worker waited for work. While it waited more than the
 * writer did (the writer says how much with each file), it is the thread ahead, with time
 * for the lookups, and takes them off the writer; otherwise it leaves them there. Why: on
 * the real corpus the two threads are about even, and every lookup in the worker only moves
 * the wait (cctv_news 10.40-10.45 s this way, 10.97-11.16 s with every lookup in the
 * worker). The rule before (look up a file it had waited 2 ms for) alternated: a file that
 * came while it waited was looked up, the next, queued meanwhile, was not. At 1 GB neither
 * rule matched every lookup in the worker (303.5 s this way, 302.8 s with the 2 ms rule,
 * 282.6 s with all of them there): the writer's own lookups went through its page cache and
 * evicted the pages its inserts needed. They now have a connection of their own
 * (FingerprintStore's committedLookup), and this rule is as fast there. While most of the
 * clauses the writer looks up are new to a table that was empty when the run began, its
 * lookups are nearly free (FingerprintStore.lookupsMostlyFiltered) and the writer sends
 * 'writer' instead: no lookup here at all.
 */
const idle = new IdleShare();

/** A file processed, each document with its clauses' holders if this worker looks them up. */
function processWithHolders(m: FileRequest): FileResult {
  const result = processFile(m.file, m.options);
  const lookUp = m.lookUp === 'workers' || (m.lookUp === 'balanced' && idle.share > m.writerIdle);
  if (lookup && lookUp && result.kind === 'documents') {
    for (const item of result.documents) {
      if (item.kind === 'document') item.holders = { holders: lookup.holders(item.processed.doc.fingerprint, HOLDERS_LISTED), limit: HOLDERS_LISTED, ...m.written };
    }
  }
  return result;
}

/** The linker's state while it waits for the new index. */
let waiting: { db: Db; plan: LinkPlan; old: number[] } | null = null;

function fail(e: unknown, db?: Db | null): void {
  post({ type: 'finish-error', error: (e as Error).message });
  db?.close();
}

function emitLinkBatch(total: number) {
  return (batch: LinkBatch) => post({ type: 'link-batch', batch, total }, [batch.rows.buffer as ArrayBuffer]);
}

function buildIndex(m: Extract<FinishRequest, { type: 'build-index' }>): void {
  const db = openDb({ file: m.dbFile, readonly: true });
  try {
    // Each segment goes to the writer as soon as it is built (its buffers
    // moved, not copied), or in a file once `segmentsInMemory` wait for it
    // (counted with the writer's shared count of segments written; see
    // SEGMENTS_AHEAD in run.ts); then the plan, for the manifest.
    const inMemory: boolean[] = [];
    const { plan, built } = planAndBuildSegments(
      db,
      {
        rebuild: m.rebuildIndex,
        progress: (done, total) => post({ type: 'index-progress', done, total }),
      },
      (segment) => {
        let unwritten = 0;
        for (let i = Atomics.load(m.segmentsWritten, 0); i < inMemory.length; i++) if (inMemory[i]) unwritten++;
        const held = unwritten < m.segmentsInMemory;
        if (held) post({ type: 'index-segment', segment }, transferList([segment]));
        else post({ type: 'index-segment-file', file: spillSegment(m.spillDir, segment) });
        inMemory.push(held);
      },
    );
    post({ type: 'index-data', plan, built });
    // Then the readings of phrases still without (an interrupted run's: the
    // document workers gave this run's theirs).
    post({ type: 'readings', rows: missingReadings(db) });
    db.close();
  } catch (e) {
    fail(e, db);
  }
}

function finishLink(db: Db, plan: LinkPlan, index: SearchIndex | null): void {
  scanOldDocuments(db, plan, index, emitLinkBatch(plan.newDocs.length));
  post({ type: 'link-done' });
  db.close();
}

/**
 * Loads the index (its postings read on demand) and looks for the new phrases
 * in the old documents, in one read transaction: the postings are read from
 * the snapshot the index was loaded from, while the writer may commit an index
 * update that merges, and deletes, the segments loaded. False (nothing
 * scanned) when the index does not cover the old documents yet.
 */
function linkOldDocuments(db: Db, plan: LinkPlan, old: number[]): boolean {
  const scanned = db.transaction((): boolean => {
    const index = SearchIndex.load(db, { texts: false, postings: 'on-demand' });
    if (!indexCovers(index, old)) return false;
    scanOldDocuments(db, plan, index, emitLinkBatch(plan.newDocs.length));
    return true;
  })();
  if (scanned) {
    post({ type: 'link-done' });
    db.close();
  }
  return scanned;
}

function link(dbFile: string): void {
  const db = openDb({ file: dbFile, readonly: true });
  try {
    const plan = planLink(db);
    scanNewDocuments(db, plan, emitLinkBatch(plan.newDocs.length));
    const old = oldDocuments(db, plan);
    if (old.length === 0) finishLink(db, plan, null);
    else if (!linkOldDocuments(db, plan, old)) waiting = { db, plan, old };
  } catch (e) {
    fail(e, db);
  }
}

port.on('message', (m: Request) => {
  switch (m.type) {
    case 'file':
      idle.begin();
      port.postMessage({ index: m.index, result: processWithHolders(m) });
      idle.end();
      break;
    case 'lookup':
      // The connection lives as long as the worker.
      lookup ??= new HolderLookup(openDb({ file: m.dbFile, readonly: true }));
      break;
    case 'forget':
      lookup?.forget(m.hashes);
      break;
    case 'readings':
      idle.begin();
      port.postMessage({ type: 'readings', rows: readingsOf(m.phrases) } satisfies ReadingsReply);
      idle.end();
      break;
    case 'build-index':
      buildIndex(m);
      break;
    case 'link':
      link(m.dbFile);
      break;
    case 'index-written':
      // The index now covers every document: the linker, if it waits, goes on.
      if (waiting) {
        const { db, plan, old } = waiting;
        waiting = null;
        try {
          if (!linkOldDocuments(db, plan, old)) throw new Error('search index: does not cover the stored documents after its update');
        } catch (e) {
          fail(e, db);
        }
      }
      break;
  }
});
