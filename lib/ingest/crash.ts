/**
 * Crash points for the kill -9 test (tests/ingest-kill.test.ts): with
 * TIFA_CRASH_AT=<point>[:<n>] in the environment, the process kills itself
 * with SIGKILL the n-th time (default 1st) it passes that point, exactly as
 * kill -9 would, so the test can stop an ingest at each step that matters,
 * including inside a transaction. Without the variable this is one lookup.
 */
const spec = process.env.TIFA_CRASH_AT;
const [target, nth] = spec ? [spec.split(':')[0], Number(spec.split(':')[1] ?? 1)] : [null, 0];
let passes = 0;

export type CrashPoint =
  /** Inside a document's transaction, its rows written, before the commit. */
  | 'store'
  /** After a document's transaction committed. */
  | 'stored'
  /** After a batch of unquoted uses committed. */
  | 'link'
  /** After every phrase was marked linked, before the figures. */
  | 'linked'
  /** After the phrase figures, before the search index is stored. */
  | 'stats'
  /** Inside the search index's transaction, before the commit. */
  | 'index'
  /** After the search index was stored, before the readings. */
  | 'indexed'
  /** Inside the readings' transaction, before the commit. */
  | 'readings';

export function crashPoint(point: CrashPoint): void {
  if (target !== point) return;
  if (++passes === nth) process.kill(process.pid, 'SIGKILL');
}
