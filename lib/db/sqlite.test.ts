import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchInsert, ensureMigrated, openDb } from './sqlite';

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
