import { describe, expect, it } from 'vitest';
import { Uint32IntMap } from './int-map';

describe('Uint32IntMap', () => {
  it('stores, overwrites and misses', () => {
    const m = new Uint32IntMap(4);
    expect(m.get(7)).toBe(-1);
    m.set(7, 1);
    m.set(0, 2);
    m.set(7, 3);
    expect(m.get(7)).toBe(3);
    expect(m.get(0)).toBe(2);
    expect(m.size).toBe(2);
  });

  it('grows past its initial capacity and agrees with a Map', () => {
    const m = new Uint32IntMap(8);
    const ref = new Map<number, number>();
    // Bigram-like keys: two UTF-16 code units packed into 32 bits.
    const text = '深刻领悟两个确立的决定性意义坚决做到两个维护'.repeat(3) + '黨風廉政建設永遠在路上';
    for (let i = 0; i + 1 < text.length; i++) {
      const key = ((text.charCodeAt(i) << 16) | text.charCodeAt(i + 1)) >>> 0;
      const v = (ref.get(key) ?? 0) + 1;
      ref.set(key, v);
      m.set(key, v);
    }
    for (let k = 0; k < 5000; k++) {
      const key = (k * 2654435761) >>> 0;
      if (key === 0xffffffff) continue;
      ref.set(key, -k - 1);
      m.set(key, -k - 1);
    }
    expect(m.size).toBe(ref.size);
    for (const [k, v] of ref) expect(m.get(k)).toBe(v);
    expect(m.get(123456789)).toBe(ref.get(123456789) ?? -1);
  });

  it('rejects the reserved empty key', () => {
    expect(() => new Uint32IntMap().set(0xffffffff, 1)).toThrow(RangeError);
  });
});
