/**
 * BatchInsert and BatchUpdate (lib/db/sqlite.ts) write many rows in few
 * statements: multi-row VALUES and a statement per row on SQLite, rows sent as
 * one JSON parameter on PostgreSQL. Whatever the path, the rows must read back
 * exactly as given (text with quotes, backslashes, line breaks and characters
 * outside the BMP, NULLs, booleans given as 0/1, 52-bit hashes, timestamps),
 * ids must come back in the order of the rows, duplicates must be ignored
 * where asked, and an update must touch only its rows and respect its
 * condition. Runs on the provider of tests/support/provider.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchInsert, BatchUpdate, openDb, type Db } from './sqlite';
import { freshDatabase, TEST_PROVIDER } from '../../tests/support/provider';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-bulk-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** More rows than one statement takes on either provider (64 on SQLite, 5000 on PostgreSQL). */
const ROWS = 12_345;

const TEXTS = ['習近平新時代中國特色社會主義思想', 'a "quoted" \\ backslash', "it's", 'line\nbreak\ttab', '𠀋 outside the BMP', '{"json":[1,2]}', ''];

describe(`BatchInsert and BatchUpdate on ${TEST_PROVIDER}`, () => {
  let db: Db;
  let documentId: number;

  beforeAll(async () => {
    db = openDb({ file: await freshDatabase(tmp, 'bulk') });
    documentId = Number(
      db
        .prepare(
          `INSERT INTO Document (sourceKey, title, source, format, contentHash, charCount, ingestedAt, collection)
           VALUES ('bulk', 'bulk', 'bulk.txt', 'txt', 'h', 1, '2026-01-01T00:00:00.000Z', 'c')`,
        )
        .run().lastInsertRowid,
    );
  });
  afterAll(() => db?.close());

  it('inserts every row as given and returns the ids in the order of the rows', () => {
    const insert = new BatchInsert(db, 'INSERT INTO Sentence (documentId, sectionId, paragraph, ordinal, heading, text)', 6);
    const values: unknown[] = [];
    for (let i = 0; i < ROWS; i++) values.push(documentId, null, i % 7, i, i % 3 === 0 ? 1 : 0, `${TEXTS[i % TEXTS.length]} ${i}`);
    const ids = db.transaction(() => insert.run(values))();
    expect(ids).toHaveLength(ROWS);
    expect(new Set(ids).size).toBe(ROWS);
    const rows = db.prepare('SELECT id, sectionId, paragraph, ordinal, heading, text FROM Sentence WHERE documentId = ? ORDER BY ordinal').all(documentId) as Array<{
      id: number;
      sectionId: number | null;
      paragraph: number;
      ordinal: number;
      heading: number;
      text: string;
    }>;
    expect(rows).toHaveLength(ROWS);
    rows.forEach((r, i) => {
      expect(r).toEqual({ id: ids[i], sectionId: null, paragraph: i % 7, ordinal: i, heading: i % 3 === 0 ? 1 : 0, text: `${TEXTS[i % TEXTS.length]} ${i}` });
    });
    expect(insert.run([])).toEqual([]);
  });

  it('writes rows whose ids are not wanted, ignoring duplicates where asked, with 52-bit values intact', () => {
    const insert = new BatchInsert(db, 'INSERT OR IGNORE INTO DocumentHash (hash, documentId)', 2, 256);
    const big = 2 ** 52 - 1;
    const values: unknown[] = [];
    for (let i = 0; i < ROWS; i++) values.push(big - i, documentId);
    // The first hundred again: ignored, not an error.
    for (let i = 0; i < 100; i++) values.push(big - i, documentId);
    db.transaction(() => insert.write(values))();
    expect(db.prepare('SELECT count(*) AS n, max(hash) AS top, min(hash) AS bottom FROM DocumentHash WHERE documentId = ?').get(documentId)).toEqual({
      n: ROWS,
      top: big,
      bottom: big - ROWS + 1,
    });
  });

  it('inserts timestamps and booleans given as SQLite gives them', () => {
    const insert = new BatchInsert(
      db,
      'INSERT INTO Phrase (key, text, simplified, traditional, pinyin, pinyinPlain, pinyinInitials, pinyinSort, kind, createdAt, updatedAt, linked, statsStale)',
      13,
    );
    const now = '2026-11-28T15:00:00.123Z';
    const ids = db.transaction(() => insert.run(['甲乙', '甲乙', '甲乙', '', '', '', '', '', 'formulation', now, now, 0, 1, '丙丁', '丙丁', '丙丁', '', '', '', '', '', 'title', now, now, 1, 0]))();
    const rows = db.prepare('SELECT key, kind, createdAt, linked, statsStale FROM Phrase WHERE id IN (?, ?) ORDER BY id').all(ids[0], ids[1]);
    expect(rows).toEqual([
      { key: '甲乙', kind: 'formulation', createdAt: now, linked: 0, statsStale: 1 },
      { key: '丙丁', kind: 'title', createdAt: now, linked: 1, statsStale: 0 },
    ]);
  });

  it('updates exactly the rows given, with the constant assignments and only where the condition holds', () => {
    const ids = (db.prepare('SELECT id FROM Sentence WHERE documentId = ? ORDER BY ordinal').all(documentId) as Array<{ id: number }>).map((r) => r.id);
    // Every other row, but never those with paragraph 0 (the condition).
    const chosen = ids.filter((_, i) => i % 2 === 0);
    const update = new BatchUpdate(db, 'Sentence', ['text', 'sectionId'], { also: 'heading = 1', where: 'Sentence.paragraph <> 0' });
    db.transaction(() => update.run(chosen.map((id, k) => [`new ${TEXTS[k % TEXTS.length]} ${id}`, null, id])))();
    const rows = db.prepare('SELECT id, paragraph, ordinal, heading, text FROM Sentence WHERE documentId = ? ORDER BY ordinal').all(documentId) as Array<{
      id: number;
      paragraph: number;
      ordinal: number;
      heading: number;
      text: string;
    }>;
    let updated = 0;
    rows.forEach((r, i) => {
      if (i % 2 === 0 && r.paragraph !== 0) {
        updated++;
        expect(r.text).toBe(`new ${TEXTS[(i / 2) % TEXTS.length]} ${r.id}`);
        expect(r.heading).toBe(1);
      } else {
        expect(r.text).toBe(`${TEXTS[i % TEXTS.length]} ${i}`);
        expect(r.heading).toBe(i % 3 === 0 ? 1 : 0);
      }
    });
    expect(updated).toBeGreaterThan(ROWS / 3);
    // Nothing to update: nothing happens.
    update.run([]);
  });
});
