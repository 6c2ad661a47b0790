import { prisma } from '@/lib/db/client';

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

/** True for SQLite's "try again" errors, however the driver adapter wraps them. */
export function isBusy(e: unknown): boolean {
  const text = e instanceof Error ? `${e.message} ${JSON.stringify((e as { meta?: unknown }).meta ?? {})}` : String(e);
  return /SQLITE_BUSY|database is locked|P2034/.test(text);
}

/**
 * An editor's write, in one transaction, retried when SQLite says busy. A
 * transaction that reads before it writes cannot take the write lock if an
 * ingest committed in between (WAL snapshot), and SQLite then fails at once
 * instead of waiting; the whole transaction simply runs again on a fresh
 * snapshot. The optimistic version checks inside keep a retry from
 * overwriting anyone.
 */
export async function writeTransaction<T>(fn: (tx: Tx) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(fn);
    } catch (e) {
      if (attempt >= attempts || !isBusy(e)) throw e;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 30));
    }
  }
}
