import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchInsert, ensureMigrated, openDb, releaseCachedPages, writeWhenFree } from './sqlite';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-sqlite-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('ensureMigrated', () => {
  it('creates the schema and records the migrations as prisma migrate deploy does, once', () => {
    const file = path.join(tmp, 'm.db');
    ensureMigrated(file);
    ensureMigrated(file); // nothing pending the second time
    const db = openDb({ file, migrate: false });
    const applied = db.prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name').all() as Array<{
      migration_name: string;
      checksum: string;
      finished_at: string | null;
    }>;
    const shipped = fs.readdirSync(path.join(process.cwd(), 'prisma', 'migrations')).filter((d) => !d.endsWith('.toml')).sort();
    expect(applied.map((m) => m.migration_name)).toEqual(shipped);
    expect(applied.every((m) => /^[0-9a-f]{64}$/.test(m.checksum) && m.finished_at)).toBe(true);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Phrase'").get()).toEqual({ name: 'Phrase' });
    db.close();
  });

  it('creates a new file in UTF-16 (two bytes a Chinese character, not three), ordered as JavaScript orders strings', () => {
    const file = path.join(tmp, 'e.db');
    ensureMigrated(file);
    const db = openDb({ file });
    expect(db.pragma('encoding', { simple: true })).toBe('UTF-16be');
    db.exec('CREATE TABLE words (w TEXT)');
    const words = ['在', '国', '發展', '发展', 'a', '𠀀', '（', '中国'];
    const insert = db.prepare('INSERT INTO words VALUES (?)');
    for (const w of words) insert.run(w);
    const stored = db.prepare('SELECT w, length(CAST(w AS BLOB)) AS bytes FROM words ORDER BY w').all() as Array<{ w: string; bytes: number }>;
    expect(stored.map((r) => r.w)).toEqual([...words].sort());
    expect(stored.find((r) => r.w === '中国')!.bytes).toBe(4);
    db.close();
    // A file that has its first page keeps its encoding: an older database stays UTF-8.
    const old = path.join(tmp, 'old.db');
    const legacy = new Database(old);
    legacy.exec('CREATE TABLE t (x)');
    legacy.close();
    ensureMigrated(old);
    const reopened = openDb({ file: old });
    expect(reopened.pragma('encoding', { simple: true })).toBe('UTF-8');
    expect(reopened.prepare("SELECT name FROM sqlite_master WHERE name = 'Phrase'").get()).toEqual({ name: 'Phrase' });
    reopened.close();
  });
});

describe('read connections', () => {
  it('read through a bounded page cache of their own, not a map of the file, and give it back on request', () => {
    const file = path.join(tmp, 'r.db');
    const writer = openDb({ file });
    writer.exec('CREATE TABLE blob_rows (b BLOB)');
    const insert = writer.prepare('INSERT INTO blob_rows VALUES (?)');
    writer.transaction(() => {
      for (let i = 0; i < 200; i++) insert.run(Buffer.alloc(16_384, i));
    })();
    const reader = openDb({ file, readonly: true });
    // A map would count the whole file in the server's resident memory, once per connection.
    expect(reader.pragma('mmap_size', { simple: true })).toBe(0);
    expect(reader.pragma('cache_size', { simple: true })).toBe(-8192);
    expect((reader.prepare('SELECT count(*) AS n, sum(length(b)) AS bytes FROM blob_rows').get() as { n: number; bytes: number }).bytes).toBe(200 * 16_384);
    releaseCachedPages(reader); // PRAGMA shrink_memory: must not disturb what reads next
    expect((reader.prepare('SELECT count(*) AS n FROM blob_rows').get() as { n: number }).n).toBe(200);
    reader.close();
    writer.close();
  });
});

describe('BatchInsert', () => {
  it('returns the rowid of every row, across batches of any size', () => {
    const db = openDb({ file: path.join(tmp, 'b.db'), migrate: false });
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a INTEGER, b TEXT)');
    db.exec("INSERT INTO t (a, b) VALUES (0, 'before')");
    const insert = new BatchInsert(db, 'INSERT INTO t (a, b)', 2, 64);
    const values: unknown[] = [];
    for (let i = 1; i <= 150; i++) values.push(i, `row ${i}`);
    const ids = db.transaction(() => insert.run(values))();
    expect(ids).toHaveLength(150);
    for (let i = 0; i < 150; i++) {
      expect(db.prepare('SELECT a, b FROM t WHERE id = ?').get(ids[i])).toEqual({ a: i + 1, b: `row ${i + 1}` });
    }
    expect(insert.run([])).toEqual([]);
    db.close();
  });
});

describe('writeWhenFree', () => {
  it('waits for another writer without blocking the event loop, then writes', async () => {
    const file = path.join(tmp, 'busy.db');
    const ingest = openDb({ file });
    const editor = openDb({ file, migrate: false });
    ingest.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    // The other writer lets go only after the event loop has turned a few times.
    const release = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (ticks >= 5) {
          clearInterval(check);
          ingest.exec('COMMIT');
          resolve();
        }
      }, 1);
    });
    const written = writeWhenFree(editor, () => editor.prepare("INSERT INTO SearchMeta (key, value) VALUES ('probe', 'x')").run().changes);
    await release;
    expect(await written).toBe(1);
    clearInterval(ticker);
    expect(ticks).toBeGreaterThanOrEqual(5);
    // A writer that never lets go: a clear error once the limit is reached, not a frozen server.
    ingest.exec('BEGIN IMMEDIATE');
    await expect(writeWhenFree(editor, () => 1, 50)).rejects.toThrow(/stayed busy/);
    ingest.exec('ROLLBACK');
    ingest.close();
    editor.close();
  });
});
