import { describe, expect, it } from 'vitest';
import { sentenceHash } from './fingerprint';
import { WrittenHashes } from './written';

describe('WrittenHashes', () => {
  const hashes = (from: number, n: number) => Array.from({ length: n }, (_, i) => sentenceHash(`clause ${from + i}`));

  it('answers true for every hash added, through several filters, and false for nearly every other', () => {
    const written = new WrittenHashes();
    const added = hashes(0, 300_000); // past the first three filters
    for (const h of added) written.add(h);
    expect(written.size).toBe(added.length);
    expect(added.every((h) => written.mightHold(h))).toBe(true);
    const others = hashes(1_000_000, 100_000);
    const falsePositives = others.filter((h) => written.mightHold(h)).length;
    // About 1 % per filter holding its capacity; fewer while the last one fills.
    expect(falsePositives / others.length).toBeLessThan(0.03);
  });

  it('holds nothing at first', () => {
    const written = new WrittenHashes();
    expect(hashes(0, 1000).some((h) => written.mightHold(h))).toBe(false);
    expect(written.size).toBe(0);
  });

  it('tells apart hashes that differ only in their upper bits, or only in their lower ones', () => {
    const written = new WrittenHashes();
    const base = 0x12345678;
    written.add(base);
    written.add(2 ** 40 + 7);
    expect(written.mightHold(base)).toBe(true);
    expect(written.mightHold(2 ** 40 + 7)).toBe(true);
    const near = [base + 2 ** 32, base + 2 ** 45, 2 ** 40 + 8, 2 ** 41 + 7];
    expect(near.filter((h) => written.mightHold(h))).toEqual([]);
  });
});
