import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho-corasick';

type Match = [number, number, number];

function all(ac: AhoCorasick, text: string): Match[] {
  const out: Match[] = [];
  ac.search(text, (s, e, p) => out.push([s, e, p]));
  return out;
}

function brute(patterns: string[], text: string): Match[] {
  const out: Match[] = [];
  patterns.forEach((p, id) => {
    if (!p) return;
    for (let i = text.indexOf(p); i !== -1; i = text.indexOf(p, i + 1)) out.push([i, i + p.length, id]);
  });
  return out;
}

const sort = (m: Match[]) => [...m].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);

/** Deterministic PRNG (mulberry32), so a failure is reproducible. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('AhoCorasick', () => {
  it('finds overlapping and nested phrases with their offsets', () => {
    const patterns = ['两个确立', '确立', '两个维护', '两个'];
    const text = '深刻领悟“两个确立”，做到“两个维护”。';
    const got = sort(all(new AhoCorasick(patterns), text));
    expect(got).toEqual(sort(brute(patterns, text)));
    for (const [s, e, p] of got) expect(text.slice(s, e)).toBe(patterns[p]);
    expect(got.filter(([, , p]) => p === 3)).toHaveLength(2);
  });

  it('reports matches in order of end position', () => {
    const ac = new AhoCorasick(['永远在路上', '在路上', '路']);
    const ends = all(ac, '党风廉政建设永远在路上').map(([, e]) => e);
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
  });

  it('agrees with brute force on random strings over a small alphabet', () => {
    const rand = rng(20250101);
    const alphabet = ['两', '个', '确', '立', 'a', 'b'];
    const pick = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      // Distinct patterns, as the linker's are (phrase keys are unique).
      const patterns = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pick(1 + Math.floor(rand() * 4))))];
      const text = pick(Math.floor(rand() * 60));
      expect(sort(all(new AhoCorasick(patterns), text))).toEqual(sort(brute(patterns, text)));
    }
  });

  it('agrees with brute force with thousands of phrases over thousands of characters', () => {
    // Enough nodes that children share the edge table's slots and probe on,
    // and deep failure chains: phrases overlap one another's ends.
    const rand = rng(20261129);
    const alphabet = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x4e00 + i * 7));
    const common = alphabet.slice(0, 40);
    const pick = (n: number) => Array.from({ length: n }, () => (rand() < 0.7 ? common[Math.floor(rand() * common.length)] : alphabet[Math.floor(rand() * alphabet.length)])).join('');
    const patterns = [...new Set(Array.from({ length: 5000 }, () => pick(1 + Math.floor(rand() * 6))))];
    const ac = new AhoCorasick(patterns);
    for (let round = 0; round < 20; round++) {
      const text = pick(2000);
      expect(sort(all(ac, text))).toEqual(sort(brute(patterns, text)));
    }
    // The root's children and deeper ones, at the top of the BMP and at U+0000.
    const edge = ['\uffff', '\uffff\uffff', '\u0000a', 'a\u0000'];
    expect(sort(all(new AhoCorasick(edge), 'x\uffff\uffff\uffff\u0000a\u0000'))).toEqual(sort(brute(edge, 'x\uffff\uffff\uffff\u0000a\u0000')));
  });

  it('finds nothing with no patterns or in empty text', () => {
    expect(all(new AhoCorasick([]), '两个确立')).toEqual([]);
    expect(all(new AhoCorasick(['两个']), '')).toEqual([]);
  });
});
