/**
 * computeSegment against a reference built the obvious way (a Map per gram):
 * every gram's entry, as the engine reads it back, on the seed's sentences
 * and on text with enough distinct bigrams that the builder's table grows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldToSimplified } from '../text/script';
import { computeSegment } from './build';
import { LoadedSegment } from './engine';
import { bigramKey, unigramKey } from './format';

function reference(texts: string[]): Map<number, { uses: number; ranks: number[] }> {
  const grams = new Map<number, { uses: number; ranks: number[] }>();
  const add = (key: number, r: number, uses: number) => {
    let g = grams.get(key);
    if (!g) grams.set(key, (g = { uses: 0, ranks: [] }));
    g.uses += uses;
    if (g.ranks[g.ranks.length - 1] !== r) g.ranks.push(r);
  };
  texts.forEach((text, r) => {
    for (const ch of new Set(text.split(''))) add(unigramKey(ch.charCodeAt(0)), r, text.split(ch).length - 1);
    const pairs = new Set<string>();
    for (let i = 0; i + 1 < text.length; i++) pairs.add(text.slice(i, i + 2));
    // Non-overlapping uses, as split (and a search) counts them: 哈哈哈 holds one 哈哈.
    for (const p of pairs) add(bigramKey(p.charCodeAt(0), p.charCodeAt(1)), r, text.split(p).length - 1);
  });
  return grams;
}

function expectSameEntries(texts: string[]): number {
  const documents = [{ id: 1, date: '2020-01-01', count: texts.length, firstSentenceId: 1 }];
  const built = computeSegment(documents, texts);
  const loaded = new LoadedSegment(built.meta, built.keys, built.offsets, built.postings, null, null);
  const want = reference(texts);
  expect([...built.keys]).toEqual([...want.keys()].sort((a, b) => a - b));
  expect(built.meta.grams).toBe(want.size);
  expect(built.meta.postings).toBe([...want.values()].reduce((n, g) => n + g.ranks.length, 0));
  expect(built.meta.chars).toBe(texts.reduce((n, t) => n + t.length, 0));
  for (const [key, g] of want) {
    const got = { uses: loaded.uses(key), ranks: [...loaded.ranks(key)] };
    if (got.uses !== g.uses || got.ranks.length !== g.ranks.length || got.ranks.some((x, i) => x !== g.ranks[i])) {
      expect({ key, ...got }).toEqual({ key, ...g });
    }
  }
  // Nothing but the entries: the last one ends where the postings do.
  expect(built.offsets[built.offsets.length - 1]).toBe(built.postings.length);
  return want.size;
}

describe('a segment as the builder lays it out', () => {
  it('holds every gram of the seed with its uses and sentences, as counted the obvious way', () => {
    const dir = path.resolve(__dirname, '../../data/samples');
    const texts = fs
      .readdirSync(dir)
      .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split(/[。！？\n]+/))
      .map((t) => foldToSimplified(t.trim()))
      .filter((t) => t.length > 0);
    texts.push('哈哈哈', '哈哈哈哈', '哈');
    expect(expectSameEntries(texts)).toBeGreaterThan(1000);
  });

  it('keeps every bigram when there are more than its first table holds', () => {
    // 300,000 characters drawn from 20,000 CJK code points: over 250,000 distinct
    // bigrams, past the 131,072 the first table takes before it grows twice.
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const texts: string[] = [];
    for (let s = 0; s < 6000; s++) {
      let t = '';
      const length = 10 + (next() % 81);
      for (let i = 0; i < length; i++) t += String.fromCharCode(0x4e00 + (next() % 20000));
      texts.push(t);
    }
    expect(expectSameEntries(texts)).toBeGreaterThan(250_000);
  });
});
