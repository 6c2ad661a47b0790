/**
 * Which stored document a new one repeats, on documents made up for the
 * case, one numbered clause a sentence: boilerplate clauses (held by more than COMMON_CLAUSE_DOCUMENTS
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
import { COMMON_CLAUSE_DOCUMENTS, DuplicateFinder, HOLDERS_LISTED } from './detect';
import { fingerprint } from './fingerprint';
import { FingerprintStore, HolderLookup, type PrefetchedHolders } from './store';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-detect-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
/** Clauses every news day repeats. */
const BOILERPLATE = range(1_000_000, 300);

/** Clause number `n` as a sentence of its own. */
const sentence = (n: number) => `第${n}条条文的内容如下。`;
/** The hash of clause `n`. */
const hashOf = (n: number) => fingerprint([sentence(n)])[0];
/** A document's fingerprint, as the pipeline computes it. */
const printOf = (clauses: number[]) => fingerprint(clauses.map(sentence));

/**
 * Stores a document made of the numbered clauses, and its fingerprint: the
 * store works a kept document's hashes out again from its sentences.
 */
function addDocument(db: Db, prints: FingerprintStore, key: string, clauses: number[]): number {
  const id = Number(
    db
      .prepare("INSERT INTO Document (sourceKey, title, source, format, contentHash, charCount) VALUES (?, ?, 'test', 'txt', ?, 0)")
      .run(key, key, key).lastInsertRowid,
  );
  const insert = db.prepare('INSERT INTO Sentence (documentId, paragraph, ordinal, heading, text) VALUES (?, 0, ?, 0, ?)');
  db.transaction(() => {
    clauses.forEach((n, i) => insert.run(id, i, sentence(n)));
    prints.add(id, printOf(clauses));
  })();
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
    const [boilerplate] = printOf([BOILERPLATE[0]]);
    const seen = prints.holders([boilerplate, hashOf(3000), hashOf(500_000), hashOf(999_999)], COMMON_CLAUSE_DOCUMENTS + 1);
    expect(seen.get(boilerplate)).toBeNull();
    expect(seen.get(hashOf(3000))).toEqual([expect.any(Number)]);
    expect(seen.get(hashOf(500_000))).toEqual([report]);
    expect(seen.has(hashOf(999_999))).toBe(false);
    expect(prints.holders([boilerplate], days).get(boilerplate)).toHaveLength(days);
    expect(prints.holders([boilerplate], days - 1).get(boilerplate)).toBeNull();

    // Mostly boilerplate, with five of the report's 191 clauses: not a copy of the report.
    const mixed = addDocument(db, prints, 'mixed', [...BOILERPLATE, ...range(500_000, 5)]);
    expect(finder.find(mixed, printOf([...BOILERPLATE, ...range(500_000, 5)]))).toBeNull();

    // A news day again, boilerplate and all: a copy of that day.
    const again = [...BOILERPLATE, ...range(3000, 50)];
    const day = db.prepare("SELECT id FROM Document WHERE sourceKey = 'day-3'").get() as { id: number };
    const copy = addDocument(db, prints, 'day-3-again', again);
    expect(finder.find(copy, printOf(again))).toMatchObject({ documentId: day.id, ratio: 1, shared: 350 });
    // The same from a day whose hashes are still held in memory, not yet in the lookup table.
    const late = addDocument(db, prints, 'day-late', [...BOILERPLATE, ...range(900_000, 50)]);
    const lateAgain = [...BOILERPLATE, ...range(900_000, 50)];
    const lateCopy = addDocument(db, prints, 'day-late-again', lateAgain);
    expect(finder.find(lateCopy, printOf(lateAgain))).toMatchObject({ documentId: late, ratio: 1, shared: 350 });

    // Nine tenths of the report: a copy of it (the report is the larger text).
    const part = range(500_000, 180);
    const partId = addDocument(db, prints, 'report-part', part);
    expect(finder.find(partId, printOf(part))).toMatchObject({ documentId: report, ratio: 1 });
    // A fifth of it, padded with boilerplate to the report's length: not a copy.
    const padded = [...range(500_000, 40), ...BOILERPLATE.slice(0, 151)];
    const paddedId = addDocument(db, prints, 'report-padded', padded);
    expect(finder.find(paddedId, printOf(padded))).toBeNull();

    // A clause found crowded is not looked up again, until its holders go: with all but ten of
    // the days re-ingested without it, it is held by few again.
    prints.flush();
    expect(prints.holders([boilerplate], COMMON_CLAUSE_DOCUMENTS + 1).get(boilerplate)).toBeNull();
    const holding = (db.prepare('SELECT documentId FROM DocumentHash WHERE hash = ? ORDER BY documentId').all(boilerplate) as Array<{ documentId: number }>).map((r) => r.documentId);
    expect(holding.length).toBeGreaterThan(days);
    const dropped = holding.slice(10);
    db.transaction(() => dropped.forEach((id) => prints.remove(id)))();
    expect(prints.holders([boilerplate], COMMON_CLAUSE_DOCUMENTS + 1).get(boilerplate)).toEqual(holding.slice(0, 10));
    db.close();
  });

  it("takes a worker's lookup, made from its own connection while the writer went on, for what the writer would find", async () => {
    const file = await freshDatabase(tmp, 'prefetch');
    const db = openDb({ file });
    const prints = new FingerprintStore(db);
    const finder = new DuplicateFinder(db, prints);
    const worker = openDb({ file, readonly: true });
    const lookup = new HolderLookup(worker);
    // Clause 0..29 of a text, and of its copies; clause 100 is in every document (crowded by the end).
    const text = (k: number) => [100, ...range(k * 1000, 30)];
    const stored = (n: number) => prints.holders(printOf(text(n)), HOLDERS_LISTED);
    const same = (a: Map<number, number[] | null>, b: Map<number, number[] | null>) =>
      expect(new Map([...a].map(([h, d]) => [h, d && [...d].sort((x, y) => x - y)]))).toEqual(new Map([...b].map(([h, d]) => [h, d && [...d].sort((x, y) => x - y)])));

    for (let k = 0; k < 20; k++) addDocument(db, prints, `old-${k}`, text(k));
    prints.flush();
    // A file is sent: the worker looks up after the writer wrote another batch, or before.
    const sent = prints.written;
    prints.keepBatchesAfter(sent.batches);
    const early: PrefetchedHolders = { holders: lookup.holders(printOf(text(3)), HOLDERS_LISTED), limit: HOLDERS_LISTED, ...sent };
    const copies = [3, 3, 7, 3, 3].map((k, i) => addDocument(db, prints, `copy-${i}`, text(k)));
    prints.flush();
    const late: PrefetchedHolders = { holders: lookup.holders(printOf(text(3)), HOLDERS_LISTED), limit: HOLDERS_LISTED, ...sent };
    // Two more copies wait in memory, after a batch that came too late for the early lookup.
    addDocument(db, prints, 'copy-5', text(3));
    addDocument(db, prints, 'copy-6', text(3));
    expect(prints.waitingHashes).toBeGreaterThan(0);
    const hashes = printOf(text(3));
    const direct = prints.holders(hashes, HOLDERS_LISTED);
    // Clause 3000 is held by the original, four copies written since the file was sent and two waiting.
    expect(direct.get(hashOf(3000))).toHaveLength(7);
    // The early lookup saw none of the copies, the late one the batch: merged, both come to the same.
    expect(early.holders.get(hashOf(3000))).toHaveLength(1);
    expect(late.holders.get(hashOf(3000))).toHaveLength(5);
    same(prints.holders(hashes, HOLDERS_LISTED, early), direct);
    same(prints.holders(hashes, HOLDERS_LISTED, late), direct);
    expect(direct.get(hashOf(100))).toBeNull();
    const newId = addDocument(db, prints, 'new', text(3));
    expect(finder.find(newId, hashes, early)).toEqual(finder.find(newId, hashes));
    expect(finder.find(newId, hashes, early)?.ratio).toBe(1);

    // Once a document's rows leave the table, a lookup made before cannot stand: it lists them.
    prints.flush();
    db.transaction(() => prints.remove(copies[0]))();
    const after = prints.holders(hashes, HOLDERS_LISTED, late);
    expect(after.get(hashOf(3000))).not.toContain(copies[0]);
    same(after, stored(3));
    // Nor once the writer keeps no batches for it.
    const now: PrefetchedHolders = { holders: early.holders, limit: HOLDERS_LISTED, ...prints.written };
    prints.keepBatchesAfter(null);
    same(prints.holders(hashes, HOLDERS_LISTED, now), stored(3));
    expect(prints.holders(hashes, HOLDERS_LISTED, now).get(hashOf(3000))).not.toEqual(early.holders.get(hashOf(3000)));

    // The worker's crowded clauses: asked again once forgotten.
    const crowdedOnce = lookup.holders([hashOf(100)], 5).get(hashOf(100));
    expect(crowdedOnce).toBeNull();
    db.prepare('DELETE FROM DocumentHash WHERE hash = ? AND documentId NOT IN (SELECT min(documentId) FROM DocumentHash WHERE hash = ?)').run(hashOf(100), hashOf(100));
    expect(lookup.holders([hashOf(100)], 5).get(hashOf(100))).toBeNull();
    lookup.forget([hashOf(100)]);
    expect(lookup.holders([hashOf(100)], 5).get(hashOf(100))).toHaveLength(1);
    worker.close();
    db.close();
  });
});
