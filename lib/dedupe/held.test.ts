import { describe, expect, it } from 'vitest';
import { HeldHashes } from './held';

/** A seeded generator of 52-bit hashes, as fingerprint.ts makes them (uniform), with repeats across documents. */
function* hashes(seed: number): Generator<number> {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  for (;;) yield (next() % 0x100000) * 0x100000000 + next();
}

describe('held hashes', () => {
  it('list the documents holding a hash, the pairs in table order, and let a document go, as a map of arrays would', () => {
    const held = new HeldHashes();
    const model = new Map<number, number[]>();
    const docs = new Map<number, number[]>();
    const gen = hashes(7);
    // A pool shared by the documents: a clause held by several documents, as boilerplate is.
    const pool = Array.from({ length: 5000 }, () => gen.next().value as number);
    for (let id = 1; id <= 400; id++) {
      const own = new Set<number>();
      for (let k = 0; k < 300; k++) own.add(k % 3 === 0 ? pool[(id * 31 + k * 7) % pool.length] : (gen.next().value as number));
      const list = [...own].sort((a, b) => a - b);
      held.add(id, list);
      docs.set(id, list);
    }
    // Some documents go again (replaced, or their transaction rolled back), one comes back.
    for (const id of [3, 150, 399]) {
      held.remove(id);
      docs.delete(id);
    }
    held.add(150, docs.get(151)!);
    docs.set(150, docs.get(151)!);
    for (const [id, list] of docs) for (const h of list) model.set(h, [...(model.get(h) ?? []), id]);

    expect(held.size).toBe([...docs.values()].reduce((n, l) => n + l.length, 0));
    expect(held.documents).toBe(docs.size);
    for (const [h, ids] of model) expect(held.holders(h)?.slice().sort((a, b) => a - b)).toEqual(ids.slice().sort((a, b) => a - b));
    expect(held.holders(12345)).toBeUndefined();
    expect(held.hashesOf(151)).toEqual(docs.get(151));
    expect(held.hashesOf(3)).toBeUndefined();

    const flat: number[] = [];
    const slices: number[] = [];
    expect(held.sortedPairs((values) => (flat.push(...values), slices.push(values.length / 2)), 1000)).toBe(held.size);
    expect(Math.max(...slices)).toBe(1000);
    const expected = [...docs].flatMap(([id, list]) => list.map((h) => [h, id])).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(flat).toEqual(expected.flat());

    held.clear();
    expect(held.size).toBe(0);
    expect(held.holders(pool[0])).toBeUndefined();
  });

  it('lists a hash held by several documents in the order they were added', () => {
    const held = new HeldHashes();
    held.add(9, [1, 2]);
    held.add(4, [2, 3]);
    held.add(7, [2]);
    expect(held.holders(2)).toEqual([9, 4, 7]);
    expect(held.holders(3)).toEqual([4]);
  });
});
