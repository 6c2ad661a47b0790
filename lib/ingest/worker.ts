/**
 * The ingest worker thread: processes files (the pure stages) for the writer in
 * the main thread; at the end, with its own read connection, finds the unquoted
 * uses (sent to the writer batch by batch), builds the search index and
 * computes the readings of new phrases (both sent to the writer to store).
 */
import { parentPort } from 'node:worker_threads';
import { processFile } from './process-file';
import { scanUnquoted } from './link';
import { missingReadings } from './phrase-info';
import type { FinishMessage } from './run';
import { openDb } from '../db/sqlite';
import { computeSearchIndex, loadCorpus, transferList } from '../search/build';

const port = parentPort;
if (!port) throw new Error('lib/ingest/worker.ts runs as a worker thread');

const post = (m: FinishMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

type Request = { type: 'file'; index: number; file: string; options: Parameters<typeof processFile>[1] } | { type: 'finish'; dbFile: string };

port.on('message', (m: Request) => {
  if (m.type === 'file') {
    port.postMessage({ index: m.index, result: processFile(m.file, m.options) });
    return;
  }
  let db;
  try {
    db = openDb({ file: m.dbFile, readonly: true });
    const corpus = loadCorpus(db);
    const total = corpus.documents.length;
    scanUnquoted(db, corpus, (batch) => post({ type: 'link-batch', batch, total }, [batch.rows.buffer as ArrayBuffer]));
    post({ type: 'link-done' });
    // The writer stores the index (its transaction waits for the writer's own).
    const data = computeSearchIndex(corpus, (done, t) => post({ type: 'index-progress', done, total: t }));
    post({ type: 'index-data', data }, transferList(data));
    // Last, with the index handed over: pinyin and traditional forms of the new
    // phrases (OpenCC's phrase converter is big; it is built after the peak).
    post({ type: 'readings', rows: missingReadings(db) });
  } catch (e) {
    post({ type: 'finish-error', error: (e as Error).message });
  } finally {
    db?.close();
  }
});
