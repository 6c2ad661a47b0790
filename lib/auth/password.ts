import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are hashed with argon2id (memory-hard) by @node-rs/argon2, with its
 * defaults (19 MiB, 2 passes: OWASP's recommended minimum), which take 10-20 ms
 * here. The PHC string it returns carries its own parameters and salt.
 */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash signs nobody in.
    return false;
  }
}

let dummy: Promise<string> | null = null;

/**
 * Spends the time of one verification when there is no such user, so that the
 * answer time does not tell which names exist.
 */
export async function verifyNobody(password: string): Promise<false> {
  dummy ??= hash('not a password of anyone');
  await verifyPassword(await dummy, password);
  return false;
}

/** What a password must be: not empty, not only spaces, at most 1024 characters (hashing cost). */
export function passwordProblem(password: string): string | null {
  if (!password || !password.trim()) return 'The password is empty.';
  if (password.length > 1024) return 'The password is too long (at most 1024 characters).';
  return null;
}
