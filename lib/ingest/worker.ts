/**
 * The ingest worker thread: processes files (the pure stages) for the writer in
 * the main thread, and builds the search index on request with its own
 * database connection.
 */
import { parentPort } from 'node:worker_threads';
import { processFile } from './process-file';
import { openDb } from '../db/sqlite';
import { rebuildSearchIndex } from '../search/build';

const port = parentPort;
if (!port) throw new Error('lib/ingest/worker.ts runs as a worker thread');

port.on('message', (m: { type: 'file'; index: number; file: string; options: Parameters<typeof processFile>[1] } | { type: 'index'; dbFile: string }) => {
  if (m.type === 'file') {
    port.postMessage({ index: m.index, result: processFile(m.file, m.options, true) });
    return;
  }
  try {
    const db = openDb({ file: m.dbFile, migrate: false });
    try {
      rebuildSearchIndex(db, undefined, (done, total) => port.postMessage({ type: 'index-progress', done, total }));
    } finally {
      db.close();
    }
    port.postMessage({ type: 'index-done' });
  } catch (e) {
    port.postMessage({ type: 'index-done', error: (e as Error).message });
  }
});
