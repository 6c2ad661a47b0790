/**
 * The index's stored form: the dictionary as varint gaps, and no sentence ids
 * (a document's sentences have consecutive ids, which the builder checks).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../tests/support/provider';
import { openDb } from '../db/sqlite';
import { ingest } from '../ingest/run';
import { readDictionary, readManifest, updateSearchIndex } from './build';
import { SearchIndex } from './engine';
import { decodeAscending, encodeAscending } from './format';

const SEED_DIR = path.resolve(__dirname, '../../data/samples');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-format-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('ascending integers as varint gaps', () => {
  it('give back what was encoded, at any gap a 32-bit value allows', () => {
    for (const values of [[], [0], [0, 0, 1], [127, 128, 16_511, 16_512], [5, 2 ** 31, 2 ** 32 - 1], [2 ** 32 - 1]]) {
      const typed = Uint32Array.from(values);
      expect([...decodeAscending(encodeAscending(typed))]).toEqual(values);
    }
    // Small gaps take a byte each: a dictionary's keys and offsets mostly are.
    const dense = Uint32Array.from({ length: 1000 }, (_, i) => 40_000 + 3 * i);
    expect(encodeAscending(dense).length).toBe(3 + 999);
  });
});

describe('a stored segment', () => {
  it('keeps its dictionary as gaps and finds every sentence by rank without stored ids', async () => {
    const file = await freshDatabase(tmp, 'seed');
    const db = openDb({ file });
    ingest(db, [SEED_DIR]);
    const [segment] = readManifest(db)!.segments;
    const { keys, offsets } = readDictionary(db, segment);
    expect(offsets.length).toBe(keys.length + 1);
    expect(keys.every((k, i) => i === 0 || k > keys[i - 1])).toBe(true);
    const stored = db.prepare("SELECT sum(length(blob)) AS n FROM SearchMeta WHERE key LIKE ? AND (key LIKE '%.keys:%' OR key LIKE '%.offsets:%')").get(`seg.${segment}.%`) as { n: number };
    expect(stored.n).toBeLessThan((keys.byteLength + offsets.byteLength) / 2);
    expect(db.prepare("SELECT count(*) AS n FROM SearchMeta WHERE key LIKE '%.sentenceIds%'").get()).toEqual({ n: 0 });

    const index = SearchIndex.load(db)!;
    const sentences = db.prepare('SELECT id, documentId FROM Sentence ORDER BY id').all() as Array<{ id: number; documentId: number }>;
    expect(sentences.length).toBeGreaterThan(10);
    for (const s of sentences) {
      const rank = index.rankOfSentence(s.documentId, s.id);
      expect(rank).toBeGreaterThanOrEqual(0);
      expect(index.sentenceIdOf(rank)).toBe(s.id);
    }
    expect(index.rankOfSentence(sentences[0].documentId, sentences[sentences.length - 1].id + 1)).toBe(-1);

    // A document whose sentence ids have a gap (not something Tifa writes) is refused, not indexed wrong.
    const last = sentences[sentences.length - 1];
    db.prepare('UPDATE Sentence SET id = id + 1000 WHERE id = ?').run(last.id);
    expect(() => updateSearchIndex(db, { rebuild: true })).toThrow(/not consecutive/);
    db.close();
  });
});
