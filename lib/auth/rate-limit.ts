import { prisma } from '@/lib/db/client';
import { retryWhileBusy } from '@/lib/db/busy';

/**
 * Sign-in throttling, stored in the database (table SignInLimit) so that it
 * holds across restarts and across several servers. Failures are counted per
 * account name and per client address in fixed windows; once a key reaches its
 * limit, sign-in with it is refused (429) until its window ends, even with the
 * right password.
 */
export const WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_NAME = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

export function limitKeys(nameKey: string, address: string | null): Array<{ key: string; max: number }> {
  const keys = [{ key: `name:${nameKey}`, max: MAX_FAILURES_PER_NAME }];
  if (address) keys.push({ key: `ip:${address}`, max: MAX_FAILURES_PER_ADDRESS });
  return keys;
}

/** Milliseconds until sign-in is allowed again for these keys (0: allowed now). */
export async function blockedFor(keys: Array<{ key: string; max: number }>, now = new Date()): Promise<number> {
  const rows = await prisma.signInLimit.findMany({ where: { key: { in: keys.map((k) => k.key) } } });
  let wait = 0;
  for (const row of rows) {
    const max = keys.find((k) => k.key === row.key)?.max ?? Infinity;
    const ends = row.windowStart.getTime() + WINDOW_MS;
    if (row.failures >= max && ends > now.getTime()) wait = Math.max(wait, ends - now.getTime());
  }
  return wait;
}

/** Counts one failed attempt against every key (a new window once the old one has ended). */
export async function recordFailure(keys: Array<{ key: string; max: number }>, now = new Date()): Promise<void> {
  await retryWhileBusy(() =>
    prisma.$transaction(async (tx) => {
      for (const { key } of keys) {
        const row = await tx.signInLimit.findUnique({ where: { key } });
        if (!row || row.windowStart.getTime() + WINDOW_MS <= now.getTime()) {
          await tx.signInLimit.upsert({ where: { key }, create: { key, failures: 1, windowStart: now }, update: { failures: 1, windowStart: now } });
        } else {
          await tx.signInLimit.update({ where: { key }, data: { failures: { increment: 1 } } });
        }
      }
    }),
  );
}

/** A successful sign-in clears the account name's count (not the address's). */
export async function clearFailures(nameKey: string): Promise<void> {
  await retryWhileBusy(() => prisma.signInLimit.deleteMany({ where: { key: `name:${nameKey}` } }));
}
