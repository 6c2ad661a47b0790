import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from './sqlite';
import { backupDatabase, checkDatabaseFile, databaseInUse, MaintenanceError, restoreDatabase } from './backup';
import { ingest } from '../ingest/run';

const SEED = path.resolve(__dirname, '../../data/samples');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const live = path.join(tmp, 'live.db');

function rows(file: string, sql: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

function addNote(file: string, body: string): void {
  const db = openDb({ file });
  try {
    const phrase = db.prepare("SELECT id FROM Phrase WHERE key = '两个确立'").get() as { id: number };
    db.prepare("INSERT INTO Note (phraseId, body, author, updatedAt) VALUES (?, ?, 'test', datetime('now'))").run(phrase.id, body);
  } finally {
    db.close();
  }
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

beforeAll(() => {
  const db = openDb({ file: live });
  ingest(db, [SEED]);
  db.close();
  addNote(live, 'before the backup');
});

describe('backup', () => {
  it('copies the live database while another process commits, as one consistent snapshot', async () => {
    // A writer in another process commits notes two at a time: a consistent
    // copy always holds an even number of them.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))});
         const db = new D(${JSON.stringify(live)}); db.pragma('busy_timeout = 10000');
         const p = db.prepare("SELECT id FROM Phrase WHERE key = '两个确立'").get().id;
         const ins = db.prepare("INSERT INTO Note (phraseId, body, author, updatedAt) VALUES (?, 'pair', 'writer', datetime('now'))");
         const pair = db.transaction(() => { ins.run(p); ins.run(p); });
         process.stdout.write('ready\\n');
         for (let i = 0; i < 3000; i++) pair();
         db.close();`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise((resolve) => writer.stdout.once('data', resolve));
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const out = path.join(tmp, `snapshot-${i}.db`);
      const summary = await backupDatabase(live, out);
      expect(summary.documents).toBe(1);
      expect(checkDatabaseFile(out).phrases).toBe(17);
      const [{ n }] = rows(out, "SELECT count(*) AS n FROM Note WHERE author = 'writer'") as Array<{ n: number }>;
      counts.push(n);
      // A single file, no WAL needed beside it.
      expect(fs.existsSync(out + '-wal')).toBe(false);
    }
    await new Promise((resolve) => writer.once('exit', resolve));
    expect(counts.every((n) => n % 2 === 0)).toBe(true);
    expect(rows(live, "SELECT count(*) AS n FROM Note WHERE author = 'writer'")).toEqual([{ n: 6000 }]);
  });

  it('refuses to overwrite a file unless forced, and leaves no temporary file behind', async () => {
    const out = path.join(tmp, 'exists.db');
    fs.writeFileSync(out, 'precious');
    const e = await rejection(backupDatabase(live, out));
    expect(e).toBeInstanceOf(MaintenanceError);
    expect(e.message).toMatch(/exists; pass --force/);
    expect(fs.readFileSync(out, 'utf8')).toBe('precious');
    await backupDatabase(live, out, { force: true });
    expect(checkDatabaseFile(out).documents).toBe(1);
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to write over the database itself or into a missing folder', async () => {
    expect((await rejection(backupDatabase(live, live, { force: true }))).message).toMatch(/the database itself/);
    expect((await rejection(backupDatabase(live, path.join(tmp, 'no/such/dir.db')))).message).toMatch(/no such directory/);
  });
});

describe('restore', () => {
  let good: string;
  beforeAll(async () => {
    good = path.join(tmp, 'good.db');
    await backupDatabase(live, good);
  });

  const liveBytes = () => {
    const db = new Database(live);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return fs.readFileSync(live);
  };

  it('refuses a file that is not a database, a damaged one, another database, or one from a newer version, and changes nothing', async () => {
    const before = liveBytes();
    const garbage = path.join(tmp, 'garbage.db');
    fs.writeFileSync(garbage, 'SQLite format 3\0 but not really'.repeat(200));
    const truncated = path.join(tmp, 'truncated.db');
    const bytes = fs.readFileSync(good);
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const corrupted = path.join(tmp, 'corrupted.db');
    const flipped = Buffer.from(bytes);
    // Scribble over the pages after the first few (table b-tree pages).
    for (let at = 4096 * 3; at < flipped.length; at += 4096) flipped.fill(0x5a, at + 8, at + 200);
    fs.writeFileSync(corrupted, flipped);
    const other = path.join(tmp, 'other.db');
    const o = new Database(other);
    o.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    o.close();
    const newer = path.join(tmp, 'newer.db');
    fs.copyFileSync(good, newer);
    const n = new Database(newer);
    n.prepare(
      "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ('x', 'x', datetime('now'), '99990101000000_from_the_future', datetime('now'), 1)",
    ).run();
    n.close();

    const cases: Array<[string, RegExp]> = [
      [path.join(tmp, 'missing.db'), /no such file/],
      [garbage, /not a usable SQLite database/],
      [truncated, /integrity check|not a usable SQLite database|malformed/],
      [corrupted, /integrity check|not a usable SQLite database|malformed/],
      [other, /not a Tifa database/],
      [newer, /newer version of Tifa/],
    ];
    for (const [file, message] of cases) {
      const e = await rejection(restoreDatabase(file, live));
      expect(e).toBeInstanceOf(MaintenanceError);
      expect(e.message).toMatch(message);
    }
    expect(liveBytes().equals(before)).toBe(true);
  });

  it('refuses while another connection has the database open, unless forced', async () => {
    const server = new Database(live, { readonly: true });
    server.prepare('SELECT count(*) FROM Document').get();
    try {
      expect(databaseInUse(live)).toBe(true);
      const e = await rejection(restoreDatabase(good, live));
      expect(e.message).toMatch(/open in another process/);
    } finally {
      server.close();
    }
    expect(databaseInUse(live)).toBe(false);
  });

  it('swaps the backup in atomically, keeps the previous database', async () => {
    addNote(live, 'after the backup');
    expect(rows(live, "SELECT count(*) AS n FROM Note WHERE body = 'after the backup'")).toEqual([{ n: 1 }]);
    const r = await restoreDatabase(good, live);
    expect(r.previous).toBe(`${live}.before-restore`);
    expect(rows(live, "SELECT count(*) AS n FROM Note WHERE body = 'after the backup'")).toEqual([{ n: 0 }]);
    expect(rows(live, "SELECT count(*) AS n FROM Note WHERE body = 'before the backup'")).toEqual([{ n: 1 }]);
    expect(rows(r.previous!, "SELECT count(*) AS n FROM Note WHERE body = 'after the backup'")).toEqual([{ n: 1 }]);
    expect(rows(live, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    // The restored database works for the next writer.
    addNote(live, 'after the restore');
    expect(rows(live, 'SELECT count(*) AS n FROM Note')).toEqual([{ n: 6002 }]);
  });
});
