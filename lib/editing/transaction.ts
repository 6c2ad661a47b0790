import { prisma } from '@/lib/db/client';
import { retryWhileBusy } from '@/lib/db/busy';

export { isBusy } from '@/lib/db/busy';

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

/**
 * An editor's write, in one transaction, retried while SQLite says busy (an
 * ingest holds the write lock) for up to lib/db/busy's WRITE_LOCK_WAIT_MS. The
 * wait is asynchronous: other requests are served meanwhile. A transaction that
 * read before it writes cannot take the lock if an ingest committed in between
 * (WAL snapshot), so the whole transaction runs again on a fresh snapshot; the
 * optimistic version checks inside keep a retry from overwriting anyone.
 */
export async function writeTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return retryWhileBusy(() => prisma.$transaction(fn, { maxWait: 10_000, timeout: 20_000 }));
}
