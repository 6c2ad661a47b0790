/**
 * The ingest worker thread: processes files (the pure stages) for the writer in
 * the main thread; at the end, with its own read connection, builds the search
 * index segments for what changed (the writer stores them), then finds the
 * unquoted uses (sent to the writer batch by batch) and computes the readings
 * of new phrases.
 */
import { parentPort } from 'node:worker_threads';
import { processFile } from './process-file';
import { scanUnquoted } from './link';
import { missingReadings } from './phrase-info';
import type { FinishMessage, FinishRequest } from './run';
import { openDb, type Db } from '../db/sqlite';
import { buildSegments, planIndexUpdate, transferList } from '../search/build';
import { SearchIndex } from '../search/engine';

const port = parentPort;
if (!port) throw new Error('lib/ingest/worker.ts runs as a worker thread');

const post = (m: FinishMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

type Request = { type: 'file'; index: number; file: string; options: Parameters<typeof processFile>[1] } | FinishRequest;

let db: Db | null = null;

function fail(e: unknown): void {
  post({ type: 'finish-error', error: (e as Error).message });
  db?.close();
  db = null;
}

port.on('message', (m: Request) => {
  if (m.type === 'file') {
    port.postMessage({ index: m.index, result: processFile(m.file, m.options) });
    return;
  }
  try {
    if (m.type === 'finish') {
      db = openDb({ file: m.dbFile, readonly: true });
      const conn = db;
      // Plan and read in one snapshot; the writer stores the segments and answers 'index-written'.
      const { plan, segments } = conn.transaction(() => {
        const plan = planIndexUpdate(conn, { rebuild: m.rebuildIndex });
        return { plan, segments: buildSegments(conn, plan, (done, total) => post({ type: 'index-progress', done, total })) };
      })();
      post({ type: 'index-data', plan, segments }, transferList(segments));
      return;
    }
    // 'index-written': the index now covers every document.
    const conn = db!;
    const needsIndex = conn.prepare('SELECT 1 FROM Phrase WHERE linked = 0 LIMIT 1').get() !== undefined;
    const index = needsIndex ? SearchIndex.load(conn, { texts: false }) : null;
    const total = (conn.prepare('SELECT count(*) AS n FROM Document WHERE linked = 0 AND duplicateOf IS NULL').get() as { n: number }).n;
    scanUnquoted(conn, index, (batch) => post({ type: 'link-batch', batch, total }, [batch.rows.buffer as ArrayBuffer]));
    post({ type: 'link-done' });
    // Last: pinyin and traditional forms of the new phrases (OpenCC's phrase
    // converter is big; it is built after the peak).
    post({ type: 'readings', rows: missingReadings(conn) });
    conn.close();
    db = null;
  } catch (e) {
    fail(e);
  }
});
