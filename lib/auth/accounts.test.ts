import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureMigrated } from '@/lib/db/sqlite';
import { freshDatabase, TEST_PROVIDER, urlOf } from '@/tests/support/provider';

// A fresh database for this file, set before the Prisma client is loaded (either provider).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-auth-'));
const file = await freshDatabase(dir, 'auth');
process.env.DATABASE_URL = urlOf(file);

let users: typeof import('./users');
let sessions: typeof import('./sessions');
let limit: typeof import('./rate-limit');
let signIn: typeof import('./sign-in').signIn;
let password: typeof import('./password');

beforeAll(async () => {
  ensureMigrated(file);
  users = await import('./users');
  sessions = await import('./sessions');
  limit = await import('./rate-limit');
  signIn = (await import('./sign-in')).signIn;
  password = await import('./password');
});

afterAll(async () => {
  const { prisma } = await import('@/lib/db/client');
  await prisma.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('password hashing', () => {
  it('stores argon2id PHC strings, salted, that verify only the right password', async () => {
    const a = await password.hashPassword('correct horse');
    const b = await password.hashPassword('correct horse');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(a).not.toBe(b);
    expect(await password.verifyPassword(a, 'correct horse')).toBe(true);
    expect(await password.verifyPassword(a, 'correct horsE')).toBe(false);
    expect(await password.verifyPassword('not a hash', 'x')).toBe(false);
    // Memory-hard: at least 19 MiB per hash.
    expect(Number(/m=(\d+)/.exec(a)![1])).toBeGreaterThanOrEqual(19456);
  });
});

describe('users', () => {
  it('adds, lists, refuses duplicates and bad input, changes role and password', async () => {
    const ed = await users.addUser('Ed', 'editor', 'pw one');
    expect(ed).toMatchObject({ name: 'Ed', role: 'editor', disabled: false });
    await expect(users.addUser('ed', 'editor', 'x')).rejects.toThrow(/already a user "Ed"/);
    await expect(users.addUser('bad name', 'editor', 'x')).rejects.toThrow(/user name/);
    await expect(users.addUser('zed', 'owner', 'x')).rejects.toThrow(/role/);
    await expect(users.addUser('zed', 'editor', '   ')).rejects.toThrow(/empty/);
    expect((await users.listUsers()).map((u) => u.name)).toEqual(['Ed']);
    expect((await users.setRole('ED', 'admin')).role).toBe('admin');
    await users.setRole('ed', 'editor');
    const { prisma } = await import('@/lib/db/client');
    const stored = await prisma.user.findUniqueOrThrow({ where: { nameKey: 'ed' } });
    expect(stored.passwordHash).not.toContain('pw one');
  });
});

describe('sign-in and sessions', () => {
  it('signs in with the right password only, and the session names the user until it ends', async () => {
    await users.addUser('sam', 'editor', 'sam pass');
    const wrong = await signIn('sam', 'nope', '10.0.0.1');
    expect(wrong).toMatchObject({ ok: false, error: 'invalid' });
    const unknown = await signIn('nobody', 'nope', '10.0.0.1');
    expect(unknown).toMatchObject({ ok: false, error: 'invalid', message: 'Wrong name or password.' });
    const ok = await signIn('SAM', 'sam pass', '10.0.0.1');
    if (!ok.ok) throw new Error(ok.message);
    expect(ok.user).toMatchObject({ name: 'sam', role: 'editor' });
    expect(ok.token.length).toBeGreaterThanOrEqual(40);
    expect(await sessions.sessionUser(ok.token)).toMatchObject({ name: 'sam', role: 'editor' });
    // Only the token's hash is stored.
    const { prisma } = await import('@/lib/db/client');
    const rows = await prisma.session.findMany();
    expect(rows.some((r) => r.id === ok.token)).toBe(false);
    expect(rows.some((r) => r.id === sessions.tokenId(ok.token))).toBe(true);
    // Unknown and tampered tokens are nobody; an expired session is nobody.
    expect(await sessions.sessionUser(ok.token + 'x')).toBeNull();
    expect(await sessions.sessionUser(undefined)).toBeNull();
    const later = new Date(Date.now() + (sessions.SESSION_DAYS + 1) * 86_400_000);
    expect(await sessions.sessionUser(ok.token, later)).toBeNull();
    // Signing out ends it.
    await sessions.deleteSession(ok.token);
    expect(await sessions.sessionUser(ok.token)).toBeNull();
  });

  it('disabling an account or changing its password ends its sessions', async () => {
    await users.addUser('kim', 'editor', 'kim pass');
    const a = await signIn('kim', 'kim pass', null);
    if (!a.ok) throw new Error(a.message);
    await users.setDisabled('kim', true);
    expect(await sessions.sessionUser(a.token)).toBeNull();
    expect(await signIn('kim', 'kim pass', null)).toMatchObject({ ok: false, error: 'invalid' });
    await users.setDisabled('kim', false);
    const b = await signIn('kim', 'kim pass', null);
    if (!b.ok) throw new Error(b.message);
    await users.setPassword('kim', 'new kim pass');
    expect(await sessions.sessionUser(b.token)).toBeNull();
    expect((await signIn('kim', 'new kim pass', null)).ok).toBe(true);
  });
});

describe('sign-in rate limit', () => {
  it('after 5 failures for a name, refuses even the right password until the window ends', async () => {
    await users.addUser('lee', 'editor', 'lee pass');
    const t0 = new Date('2030-01-01T00:00:00Z');
    for (let i = 0; i < limit.MAX_FAILURES_PER_NAME; i++) {
      expect(await signIn('lee', 'guess ' + i, `10.1.0.${i}`, t0)).toMatchObject({ ok: false, error: 'invalid' });
    }
    const blocked = await signIn('lee', 'lee pass', '10.1.0.99', new Date(t0.getTime() + 60_000));
    expect(blocked).toMatchObject({ ok: false, error: 'throttled' });
    if (!blocked.ok && blocked.error === 'throttled') expect(blocked.retryAfterSeconds).toBe(14 * 60);
    // Stored in the database, where another server would see it too.
    const { prisma } = await import('@/lib/db/client');
    expect(await prisma.signInLimit.findUnique({ where: { key: 'name:lee' } })).toMatchObject({ failures: 5 });
    // Once the window is over, the right password works and clears the count.
    const after = new Date(t0.getTime() + limit.WINDOW_MS + 1);
    expect((await signIn('lee', 'lee pass', '10.1.0.99', after)).ok).toBe(true);
    expect(await prisma.signInLimit.findUnique({ where: { key: 'name:lee' } })).toBeNull();
  });

  it('limits one address trying many names', async () => {
    const t0 = new Date('2031-01-01T00:00:00Z');
    for (let i = 0; i < limit.MAX_FAILURES_PER_ADDRESS; i++) await signIn(`n${i}`, 'x', '10.9.9.9', t0);
    expect(await signIn('sam', 'sam pass', '10.9.9.9', t0)).toMatchObject({ ok: false, error: 'throttled' });
    expect((await signIn('sam', 'sam pass', '10.9.9.8', t0)).ok).toBe(true);
  });
});

// SQLite locks the whole database for a writer; PostgreSQL locks rows, so an ingest never holds a note back there.
describe.runIf(TEST_PROVIDER === 'sqlite')('writes wait for the lock asynchronously', () => {
  it('a note saved while another connection holds the write lock waits, then succeeds, and timers keep running', async () => {
    const db = new Database(file);
    db.prepare(
      `INSERT INTO Phrase (key, text, simplified, traditional, pinyin, pinyinPlain, pinyinInitials, pinyinSort, kind, updatedAt)
       VALUES ('枫桥经验', '枫桥经验', '枫桥经验', '楓橋經驗', 'fēng qiáo jīng yàn', 'feng qiao jing yan', 'fqjy', 'feng1 qiao2 jing1 yan4', 'formula', 0)`,
    ).run();
    const phraseId = Number((db.prepare("SELECT id FROM Phrase WHERE key = '枫桥经验'").get() as { id: number }).id);
    db.exec('BEGIN IMMEDIATE');
    const { createNote } = await import('@/lib/editing');
    let settled = false;
    const saving = createNote({ phraseId, body: 'written during a lock' }, 'sam').then((r) => {
      settled = true;
      return r;
    });
    // The event loop is free while the write waits: these timers fire, the write has not finished.
    let ticks = 0;
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 20));
      ticks++;
    }
    expect(ticks).toBe(5);
    expect(settled).toBe(false);
    db.exec('ROLLBACK');
    const r = await saving;
    expect(r.ok).toBe(true);
    const n = db.prepare("SELECT count(*) AS n FROM Note WHERE body = 'written during a lock'").get() as { n: number };
    expect(n.n).toBe(1);
    db.close();
  });

  it('gives up with WriteLockTimeout after the stated wait (not a 500-style crash)', async () => {
    const { retryWhileBusy, WriteLockTimeout } = await import('@/lib/db/busy');
    let calls = 0;
    const always = () => {
      calls++;
      return Promise.reject(new Error('SqliteError: database is locked'));
    };
    await expect(retryWhileBusy(always, 60)).rejects.toBeInstanceOf(WriteLockTimeout);
    expect(calls).toBeGreaterThan(1);
    await expect(retryWhileBusy(() => Promise.reject(new Error('other')), 60)).rejects.toThrow('other');
  });
});
