/**
 * Fingerprints are written one row per document, and the hash lookup table in
 * sorted batches (lib/dedupe/store.ts). Detection must not notice: a copy is
 * found whether the kept text's hashes are in the table yet or only waiting,
 * across an interrupted run, and a database from before is caught up from its
 * sentences. Real text: the seed and a copy of it in the other script.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from './support/provider';
import { openDb, type Db } from '@/lib/db/sqlite';
import { ingest } from '@/lib/ingest/run';
import { DocumentStore, type StoreResult } from '@/lib/ingest/store';
import { processFile } from '@/lib/ingest/process-file';
import { sketchOf } from '@/lib/dedupe/fingerprint';
import { FingerprintStore, HolderLookup } from '@/lib/dedupe/store';
import { toTraditional } from '@/lib/text/script';

const ROOT = path.resolve(__dirname, '..');
const SEED_DIR = path.join(ROOT, 'data/samples');
const SEED = path.join(SEED_DIR, fs.readdirSync(SEED_DIR).find((f) => f.endsWith('.txt'))!);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-fingerprints-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The seed, and a copy of it in traditional script under another name. */
function files(): { seed: string; copy: string } {
  const dir = fs.mkdtempSync(path.join(tmp, 'in-'));
  const seed = path.join(dir, 'seed.txt');
  const copy = path.join(dir, 'seed-traditional.txt');
  fs.copyFileSync(SEED, seed);
  fs.writeFileSync(copy, toTraditional(fs.readFileSync(SEED, 'utf8')));
  return { seed, copy };
}

function processed(file: string) {
  const r = processFile(file, {});
  if (r.kind !== 'documents' || r.documents[0].kind !== 'document') throw new Error(`${file} should process`);
  return r.documents[0].processed;
}

function storeWith(store: DocumentStore, file: string): StoreResult {
  const p = processed(file);
  return store.store(p.doc, p.contentHash, p.charCount);
}

type Row = { documentId: number; sketch: Buffer; clauses: number; indexed: number | boolean };
const rows = (db: Db) => db.prepare('SELECT documentId, sketch, clauses, indexed FROM DocumentFingerprint ORDER BY documentId').all() as Row[];
/** A document's rows of the lookup table, ascending. */
const lookupOf = (db: Db, documentId: number) =>
  (db.prepare('SELECT hash FROM DocumentHash WHERE documentId = ? ORDER BY hash').all(documentId) as Array<{ hash: number | bigint }>).map((r) => Number(r.hash));
const lookupRows = (db: Db) => (db.prepare('SELECT count(*) AS n FROM DocumentHash').get() as { n: number }).n;
const copies = (db: Db) => (db.prepare('SELECT count(*) AS n FROM Document WHERE duplicateOf IS NOT NULL').get() as { n: number }).n;

describe('fingerprint storage', () => {
  it('keeps one row per document with the pipeline fingerprint, and the lookup table written at the end of the run', async () => {
    const { seed, copy } = files();
    const db = openDb({ file: await freshDatabase(tmp, 'one-run') });
    ingest(db, [seed, copy]);
    const stored = rows(db);
    expect(stored).toHaveLength(2);
    const seedRow = stored[0];
    const pipeline = processed(seed).doc.fingerprint;
    expect(seedRow.clauses).toBe(pipeline.length);
    expect(seedRow.clauses).toBeGreaterThan(50);
    // Not stored with the row: worked out again from the stored sentences, the same hashes.
    expect(lookupOf(db, seedRow.documentId)).toEqual(pipeline);
    expect(new FingerprintStore(db).hashesOf(seedRow.documentId)).toEqual(pipeline);
    // What is stored: the low 32 bits of each, for detection to ask a candidate.
    const store = new FingerprintStore(db);
    expect(store.countSketches(seedRow.documentId, new Set(pipeline.map(sketchOf)))).toBe(pipeline.length);
    expect(store.countSketches(seedRow.documentId, new Set(pipeline.slice(0, 10).map(sketchOf)))).toBe(10);
    expect(store.countSketches(seedRow.documentId, new Set([pipeline[0] + 1].map(sketchOf)))).toBe(0);
    expect(stored.every((r) => !!r.indexed)).toBe(true);
    expect(lookupRows(db)).toBe(stored.reduce((n, r) => n + r.clauses, 0));
    expect(copies(db)).toBe(1);
    db.close();
  });

  it('finds a copy of a text whose hashes are still waiting, and an interrupted run loses none of them', async () => {
    const { seed, copy } = files();
    const db = openDb({ file: await freshDatabase(tmp, 'interrupted') });
    // A run that stored the seed and stopped before its batch: the row is there, the lookup table empty.
    const first = storeWith(new DocumentStore(db), seed);
    expect(first.status).toBe('added');
    expect(rows(db).map((r) => !!r.indexed)).toEqual([false]);
    expect(lookupRows(db)).toBe(0);
    // The next run sees the waiting hashes from its start: the copy is found.
    const second = storeWith(new DocumentStore(db), copy);
    expect(second.duplicateOf !== null || second.replaced !== null).toBe(true);
    expect(copies(db)).toBe(1);
    // Any later run writes what waits into the lookup table.
    ingest(db, []);
    const stored = rows(db);
    expect(stored.every((r) => !!r.indexed)).toBe(true);
    expect(lookupRows(db)).toBe(stored.reduce((n, r) => n + r.clauses, 0));
    db.close();
  });

  it('writes batches while a run goes on when hashes pile up, with the same result', async () => {
    const { seed, copy } = files();
    const db = openDb({ file: await freshDatabase(tmp, 'batches') });
    const store = new DocumentStore(db, { fingerprintBatch: 1 });
    storeWith(store, seed);
    // Written at once: the batch size is one hash.
    expect(rows(db).map((r) => !!r.indexed)).toEqual([true]);
    expect(lookupRows(db)).toBe(rows(db)[0].clauses);
    const r = storeWith(store, copy);
    expect(r.duplicateOf !== null || r.replaced !== null).toBe(true);
    expect(lookupRows(db)).toBe(rows(db).reduce((n, x) => n + x.clauses, 0));
    db.close();
  });

  it('asks the lookup table, while it held nothing when the run began, only for hashes the run wrote there', async () => {
    const { seed, copy } = files();
    // Every clause of the seed changed: none of its hashes is the seed's.
    const unrelated = path.join(path.dirname(seed), 'unrelated.txt');
    fs.writeFileSync(unrelated, fs.readFileSync(seed, 'utf8').replace(/([\u4e00-\u9fff])/g, '$1之'));
    const db = openDb({ file: await freshDatabase(tmp, 'written-only') });
    const asked = vi.spyOn(HolderLookup.prototype, 'holders');
    const hashesAsked = () => asked.mock.calls.reduce((n, [hashes]) => n + hashes.length, 0);
    try {
      const store = new DocumentStore(db, { fingerprintBatch: 1 });
      storeWith(store, seed);
      expect(hashesAsked()).toBe(0);
      // Written at once (a batch of one hash): an unrelated text's hashes are not asked, bar a few.
      const clauses = processed(unrelated).doc.fingerprint.length;
      expect(storeWith(store, unrelated).duplicateOf).toBeNull();
      expect(hashesAsked()).toBeLessThan(0.05 * clauses);
      // The copy's are the seed's: asked, and the copy found.
      asked.mockClear();
      const r = storeWith(store, copy);
      expect(r.duplicateOf !== null || r.replaced !== null).toBe(true);
      expect(hashesAsked()).toBeGreaterThanOrEqual(processed(copy).doc.fingerprint.length);
      // A run that begins with rows in the table asks for every hash.
      asked.mockClear();
      const later = new DocumentStore(db, { fingerprintBatch: 1 });
      fs.writeFileSync(unrelated, fs.readFileSync(seed, 'utf8').replace(/([\u4e00-\u9fff])/g, '$1乎'));
      storeWith(later, unrelated);
      expect(hashesAsked()).toBe(processed(unrelated).doc.fingerprint.length);
    } finally {
      asked.mockRestore();
      db.close();
    }
  });

  it('leaves the lookups to the writer while the clauses it looks up are new, not once most are held', async () => {
    const { seed } = files();
    const db = openDb({ file: await freshDatabase(tmp, 'filtered-share') });
    const store = new DocumentStore(db, { fingerprintBatch: 1 });
    expect(store.workerLookups.lookupsMostlyFiltered).toBe(true);
    storeWith(store, seed);
    expect(store.workerLookups.lookupsMostlyFiltered).toBe(true);
    // Copies of the seed, each with a line of its own: their clauses are the seed's, written.
    for (let i = 1; i <= 4; i++) {
      const copy = path.join(path.dirname(seed), `copy-${i}.txt`);
      fs.writeFileSync(copy, `${toTraditional(fs.readFileSync(seed, 'utf8'))}\n这是第${i}份抄本的说明文字。\n`);
      storeWith(store, copy);
    }
    expect(store.workerLookups.lookupsMostlyFiltered).toBe(false);
    // A run that begins with rows in the table: its lookups are all asked of the table.
    expect(new DocumentStore(db).workerLookups.lookupsMostlyFiltered).toBe(false);
    db.close();
  });

  it('catches a database from before up: fingerprints computed from the stored sentences, the lookup table rewritten', async () => {
    const { seed, copy } = files();
    const db = openDb({ file: await freshDatabase(tmp, 'older') });
    ingest(db, [seed, copy]);
    const before = rows(db);
    const lookups = lookupRows(db);
    const held = before.map((r) => lookupOf(db, r.documentId));
    const sketches = before.map((r) => r.sketch);
    // What the migrations leave: no fingerprint rows (they came with one, and changed form in
    // another), and no lookup rows where the hash changed.
    for (const emptied of [['DocumentFingerprint'], ['DocumentFingerprint', 'DocumentHash']]) {
      for (const table of emptied) db.prepare(`DELETE FROM ${table}`).run();
      ingest(db, []);
      const after = rows(db);
      expect(after.map((r) => [r.documentId, r.clauses])).toEqual(before.map((r) => [r.documentId, r.clauses]));
      expect(after.map((r) => r.sketch)).toEqual(sketches);
      expect(after.map((r) => lookupOf(db, r.documentId))).toEqual(held);
      expect(after.every((r) => !!r.indexed)).toBe(true);
      expect(lookupRows(db)).toBe(lookups);
    }
    db.close();
  });

  it("replaces a re-ingested document's rows of the lookup table, found by their keys", async () => {
    const { seed } = files();
    const db = openDb({ file: await freshDatabase(tmp, 'replaced') });
    ingest(db, [seed]);
    const [before] = rows(db);
    // The same file with its second half cut: a changed text under the same source.
    const text = fs.readFileSync(seed, 'utf8');
    fs.writeFileSync(seed, text.slice(0, Math.floor(text.length / 2)));
    ingest(db, [seed]);
    const [after] = rows(db);
    expect(after.documentId).toBe(before.documentId);
    expect(after.clauses).toBeLessThan(before.clauses);
    // The old text's rows went (found from its sentences before they were replaced); the new text's came.
    expect(lookupOf(db, after.documentId)).toEqual(processed(seed).doc.fingerprint);
    expect(lookupRows(db)).toBe(after.clauses);
    db.close();
  });

  it('matches the database again after a transaction that changed a fingerprint rolled back', async () => {
    const { seed } = files();
    const db = openDb({ file: await freshDatabase(tmp, 'rollback') });
    ingest(db, [seed]);
    const [{ documentId }] = rows(db);
    const own = lookupOf(db, documentId);
    expect(own.length).toBeGreaterThan(50);
    const prints = new FingerprintStore(db);
    const holdersOf = () => [...prints.holders(own, own.length).values()].flatMap((h) => h ?? []);
    expect(holdersOf()).toEqual(own.map(() => documentId));
    expect(() =>
      db.transaction(() => {
        prints.put(documentId, own.slice(0, 10));
        throw new Error('failed mid-document');
      })(),
    ).toThrow('failed mid-document');
    prints.restore(documentId);
    expect(holdersOf()).toEqual(own.map(() => documentId));
    expect(prints.waitingHashes).toBe(0);
    expect(prints.hashesOf(documentId)).toEqual(own);
    db.close();
  });

  it("compares a kept text's copies with its new text once it is replaced, not with the rows it took out", async () => {
    // The lookups run on a read connection of their own, which sees only what is committed:
    // in the transaction that takes a re-ingested text's rows out, they must not be asked there.
    const { seed, copy } = files();
    const db = openDb({ file: await freshDatabase(tmp, 'replaced-kept') });
    ingest(db, [seed, copy]);
    expect(copies(db)).toBe(1);
    const kept = db.prepare('SELECT sourceKey FROM Document WHERE duplicateOf IS NULL').get() as { sourceKey: string };
    const keptFile = [seed, copy].find((f) => kept.sourceKey.endsWith(path.basename(f)))!;
    fs.writeFileSync(
      keptFile,
      `另一篇讲话\n\n${Array.from({ length: 30 }, (_, i) => `第${i + 1}项工作要抓紧落实，各地要在${2000 + i}年前完成任务。`).join('\n')}\n`,
    );
    const summary = ingest(db, [keptFile]);
    expect(summary.updated).toBe(1);
    // The copy holds the old text, which nothing holds now: it is kept in its own right.
    expect(copies(db)).toBe(0);
    db.close();
  });
});
