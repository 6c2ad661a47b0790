/**
 * Which stored document a new one repeats, on fingerprints made up for the
 * case: boilerplate clauses (held by more than COMMON_CLAUSE_DOCUMENTS
 * documents) are no evidence, yet count in the share where both texts hold
 * them. The 1 GB rung's reshuffled corpus, where most sentences are held by
 * dozens of documents, showed the case the share had wrong.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../tests/support/provider';
import { openDb, type Db } from '../db/sqlite';
import { COMMON_CLAUSE_DOCUMENTS, DuplicateFinder } from './detect';
import { FingerprintStore } from './store';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-detect-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
/** Clauses every news day repeats. */
const BOILERPLATE = range(1_000_000, 300);

function addDocument(db: Db, prints: FingerprintStore, key: string, hashes: number[]): number {
  const id = Number(
    db
      .prepare("INSERT INTO Document (sourceKey, title, source, format, contentHash, charCount) VALUES (?, ?, 'test', 'txt', ?, 0)")
      .run(key, key, key).lastInsertRowid,
  );
  db.transaction(() => prints.add(id, [...hashes].sort((a, b) => a - b)))();
  return id;
}

describe('near-duplicate detection', () => {
  it('takes a text for a copy by the share of its clauses the other holds, boilerplate included where both hold it', async () => {
    const db = openDb({ file: await freshDatabase(tmp, 'detect') });
    const prints = new FingerprintStore(db);
    const finder = new DuplicateFinder(db, prints);
    // Enough documents holding the boilerplate to make it common, twice over: the lookup
    // brings only the first few holders of a common clause.
    const days = 2 * COMMON_CLAUSE_DOCUMENTS;
    for (let i = 0; i < days; i++) addDocument(db, prints, `day-${i}`, [...BOILERPLATE, ...range(i * 1000, 50)]);
    const report = addDocument(db, prints, 'report', range(500_000, 191));
    prints.flush();
    const seen = prints.holders([BOILERPLATE[0], 3000, 500_000, 999_999], COMMON_CLAUSE_DOCUMENTS + 1);
    expect(seen.get(BOILERPLATE[0])).toBeNull();
    expect(seen.get(3000)).toEqual([expect.any(Number)]);
    expect(seen.get(500_000)).toEqual([report]);
    expect(seen.has(999_999)).toBe(false);
    expect(prints.holders([BOILERPLATE[0]], days).get(BOILERPLATE[0])).toHaveLength(days);
    expect(prints.holders([BOILERPLATE[0]], days - 1).get(BOILERPLATE[0])).toBeNull();

    // Mostly boilerplate, with five of the report's 191 clauses: not a copy of the report.
    const mixed = addDocument(db, prints, 'mixed', [...BOILERPLATE, ...range(500_000, 5)]);
    expect(finder.find(mixed, [...BOILERPLATE, ...range(500_000, 5)])).toBeNull();

    // A news day again, boilerplate and all: a copy of that day.
    const again = [...BOILERPLATE, ...range(3000, 50)];
    const day = db.prepare("SELECT id FROM Document WHERE sourceKey = 'day-3'").get() as { id: number };
    const copy = addDocument(db, prints, 'day-3-again', again);
    expect(finder.find(copy, again)).toMatchObject({ documentId: day.id, ratio: 1, shared: 350 });
    // The same from a day whose hashes are still held in memory, not yet in the lookup table.
    const late = addDocument(db, prints, 'day-late', [...BOILERPLATE, ...range(900_000, 50)]);
    const lateAgain = [...BOILERPLATE, ...range(900_000, 50)];
    const lateCopy = addDocument(db, prints, 'day-late-again', lateAgain);
    expect(finder.find(lateCopy, lateAgain)).toMatchObject({ documentId: late, ratio: 1, shared: 350 });

    // Nine tenths of the report: a copy of it (the report is the larger text).
    const part = range(500_000, 180);
    const partId = addDocument(db, prints, 'report-part', part);
    expect(finder.find(partId, part)).toMatchObject({ documentId: report, ratio: 1 });
    // A fifth of it, padded with boilerplate to the report's length: not a copy.
    const padded = [...range(500_000, 40), ...BOILERPLATE.slice(0, 151)];
    const paddedId = addDocument(db, prints, 'report-padded', padded);
    expect(finder.find(paddedId, padded)).toBeNull();
    db.close();
  });
});
