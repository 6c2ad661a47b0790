import { prisma } from '@/lib/db/client';
import { verifyNobody, verifyPassword } from './password';
import { blockedFor, clearFailures, limitKeys, recordFailure } from './rate-limit';
import { nameKey } from './roles';
import { createSession, type SessionUser } from './sessions';
import { isRole } from './roles';

export type SignInResult =
  | { ok: true; user: SessionUser; token: string; expiresAt: Date }
  | { ok: false; error: 'invalid'; message: string }
  | { ok: false; error: 'throttled'; message: string; retryAfterSeconds: number };

/**
 * Checks a name and password (rate-limited per name and per client address)
 * and starts a session. Wrong name, wrong password and disabled account get the
 * same answer, in about the same time.
 */
export async function signIn(name: string, password: string, address: string | null, now = new Date()): Promise<SignInResult> {
  const key = nameKey(name.trim());
  const keys = limitKeys(key, address);
  const wait = await blockedFor(keys, now);
  if (wait > 0) {
    const retryAfterSeconds = Math.ceil(wait / 1000);
    return { ok: false, error: 'throttled', message: `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, retryAfterSeconds };
  }
  const user = key ? await prisma.user.findUnique({ where: { nameKey: key } }) : null;
  const good = user ? await verifyPassword(user.passwordHash, password) : await verifyNobody(password);
  if (!user || !good || user.disabled || !isRole(user.role)) {
    await recordFailure(keys, now);
    return { ok: false, error: 'invalid', message: 'Wrong name or password.' };
  }
  await clearFailures(key);
  const { token, expiresAt } = await createSession(user.id, now);
  return { ok: true, user: { id: user.id, name: user.name, role: user.role }, token, expiresAt };
}
