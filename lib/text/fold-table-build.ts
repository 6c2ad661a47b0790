/**
 * Builds the character fold (traditional → simplified) from OpenCC. Run by
 * scripts/build-fold-table.ts into lib/text/fold-table.json; the unit tests
 * compare the shipped table with a fresh build.
 */
import * as OpenCC from 'opencc-js';

// CJK Unified Ideographs, Extension A and the compatibility block: every BMP
// character OpenCC may convert.
const RANGES: Array<[number, number]> = [
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
];

/**
 * The Han characters of GB 2312, the simplified-Chinese standard set. They are
 * simplified characters in their own right and are never folded: OpenCC's
 * variant tables would otherwise turn 么 into 幺 and 著 into 着 out of context.
 */
function gb2312Hanzi(): Set<number> {
  const set = new Set<number>();
  const decoder = new TextDecoder('gb18030');
  const bytes = new Uint8Array(2);
  for (let lead = 0xb0; lead <= 0xf7; lead++) {
    for (let trail = 0xa1; trail <= 0xfe; trail++) {
      bytes[0] = lead;
      bytes[1] = trail;
      const ch = decoder.decode(bytes);
      if (ch.length === 1 && ch !== '\ufffd') set.add(ch.charCodeAt(0));
    }
  }
  return set;
}

/**
 * The characters of GB 2312 that OpenCC's phrase-level t→cn conversion changes
 * even on their own (於 → 于, 後 → 后, 夥 → 伙, 乾 → 干): standard characters
 * in a few simplified words, but in a half-converted or damaged copy traditional
 * forms whose simplified form depends on context. The per-character fold
 * leaves them alone; a text that has one goes through the phrase conversion.
 */
export function buildContextCharacters(): string {
  const t2s = OpenCC.Converter({ from: 't', to: 'cn' });
  const out: string[] = [];
  for (const c of [...gb2312Hanzi()].sort((a, b) => a - b)) {
    const ch = String.fromCharCode(c);
    if (t2s(ch) !== ch) out.push(ch);
  }
  return out.join('');
}

/** The fold as a string of pairs: traditional character, then its simplified form. */
export function buildFoldPairs(): string {
  const table = new Map<number, number>();
  const simplified = gb2312Hanzi();
  const fromTw = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const fromHk = OpenCC.Converter({ from: 'hk', to: 'cn' });
  for (const [lo, hi] of RANGES) {
    // One call per range, characters separated by newlines so that no two
    // neighbours can form a dictionary phrase.
    const chars: string[] = [];
    for (let c = lo; c <= hi; c++) chars.push(String.fromCharCode(c));
    const src = chars.join('\n');
    for (const convert of [fromHk, fromTw]) {
      const out = convert(src).split('\n');
      if (out.length !== chars.length) continue;
      for (let i = 0; i < chars.length; i++) {
        const o = out[i];
        const c = lo + i;
        if (o.length === 1 && o.charCodeAt(0) !== c && !table.has(c) && !simplified.has(c)) table.set(c, o.charCodeAt(0));
      }
    }
  }
  return [...table.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, s]) => String.fromCharCode(t, s))
    .join('');
}
