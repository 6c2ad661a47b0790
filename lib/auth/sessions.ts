import { createHash, randomBytes } from 'node:crypto';
import { prisma } from '@/lib/db/client';
import { retryWhileBusy } from '@/lib/db/busy';
import { isRole, type Role } from './roles';

/** The session cookie: a random token; the database keeps only its SHA-256. */
export const SESSION_COOKIE = 'tifa_session';
export const SESSION_DAYS = 30;

export interface SessionUser {
  id: number;
  name: string;
  role: Role;
}

export function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Starts a session for a user; returns the token for the cookie and when it expires. */
export async function createSession(userId: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await retryWhileBusy(() =>
    prisma.$transaction([
      // Sweep this user's expired sessions while we are writing anyway.
      prisma.session.deleteMany({ where: { userId, expiresAt: { lt: now } } }),
      prisma.session.create({ data: { id: tokenId(token), userId, createdAt: now, expiresAt } }),
    ]),
  );
  return { token, expiresAt };
}

/** The signed-in user of a token, or null (unknown, expired, or the account is disabled). */
export async function sessionUser(token: string | undefined | null, now = new Date()): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const s = await prisma.session.findUnique({
    where: { id: tokenId(token) },
    select: { expiresAt: true, user: { select: { id: true, name: true, role: true, disabled: true } } },
  });
  if (!s || s.expiresAt <= now || s.user.disabled || !isRole(s.user.role)) return null;
  return { id: s.user.id, name: s.user.name, role: s.user.role };
}

/** Ends a session (signing out); unknown tokens are ignored. */
export async function deleteSession(token: string | undefined | null): Promise<void> {
  if (!token) return;
  await retryWhileBusy(() => prisma.session.deleteMany({ where: { id: tokenId(token) } }));
}
