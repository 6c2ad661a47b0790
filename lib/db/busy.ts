/**
 * Waiting for SQLite's write lock without blocking the server. SQLite's own
 * busy handler sleeps synchronously inside the call, which would freeze every
 * request of a Node server for as long as an ingest holds the lock; the app's
 * Prisma connection therefore has no busy timeout, and its writes are retried
 * here, with timers, until a deadline.
 */

/** How long an editor's write waits for an ingest (or any other writer) to release the lock. */
export const WRITE_LOCK_WAIT_MS = Number(process.env.TIFA_WRITE_WAIT_MS) > 0 ? Number(process.env.TIFA_WRITE_WAIT_MS) : 30_000;

/** True for SQLite's "try again" errors, however the driver adapter wraps them. */
export function isBusy(e: unknown): boolean {
  const text = e instanceof Error ? `${e.message} ${JSON.stringify((e as { meta?: unknown }).meta ?? {})} ${String((e as { cause?: unknown }).cause ?? '')}` : String(e);
  // PostgreSQL: serialization failure (40001), deadlock (40P01), lock not available (55P03).
  if (['40001', '40P01', '55P03'].includes(String((e as { code?: unknown })?.code))) return true;
  return /SQLITE_BUSY|database is locked|P2034|SQLITE_LOCKED|could not serialize access|deadlock detected/.test(text);
}

/**
 * PostgreSQL's "run the transaction again" errors: under REPEATABLE READ, a
 * serialization failure (40001, a row another transaction changed since this
 * one's snapshot) or a deadlock (40P01).
 */
export function isSerializationConflict(e: unknown): boolean {
  return ['40001', '40P01'].includes(String((e as { code?: unknown })?.code));
}

/** Blocks this thread for `ms` (synchronous code that must wait: retries, settling sessions). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Tries a synchronous write (an ingest's document or link batch) gets in all when it keeps losing conflicts. */
export const CONFLICT_TRIES = 5;

/**
 * For synchronous code (the ingest): runs `attempt`, which must be a whole
 * transaction, again from the start on a fresh snapshot when it lost a
 * serialization conflict, up to CONFLICT_TRIES times in all, pausing 50 ms,
 * 100 ms, … (jittered) in between. Any other error is thrown at once.
 */
export function retryOnConflict<T>(attempt: () => T, tries = CONFLICT_TRIES): T {
  for (let n = 1; ; n++) {
    try {
      return attempt();
    } catch (e) {
      if (n >= tries || !isSerializationConflict(e)) throw e;
      sleepSync(50 * n * (0.75 + Math.random() * 0.5));
    }
  }
}

/** The write could not get the lock within the wait: the route answers 503 with Retry-After. */
export class WriteLockTimeout extends Error {
  constructor(waitedMs: number) {
    super(`The database stayed locked by another writer (an ingest?) for ${Math.round(waitedMs / 1000)} s; nothing was saved. Try again.`);
    this.name = 'WriteLockTimeout';
  }
}

/**
 * Runs `attempt` until it stops failing with SQLITE_BUSY, waiting between tries
 * (20 ms growing to 250 ms, jittered) for at most `waitMs` in all. Each attempt
 * must be a whole transaction, so that a retry starts on a fresh snapshot.
 */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, waitMs = WRITE_LOCK_WAIT_MS): Promise<T> {
  const start = Date.now();
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (!isBusy(e)) throw e;
      const waited = Date.now() - start;
      if (waited >= waitMs) throw new WriteLockTimeout(waited);
      const pause = Math.min(250, 20 * n) * (0.75 + Math.random() * 0.5);
      await new Promise((r) => setTimeout(r, Math.min(pause, waitMs - waited + 1)));
    }
  }
}
