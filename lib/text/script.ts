import * as OpenCC from 'opencc-js';

/**
 * Script conversion (简体 / 繁體) on top of OpenCC.
 *
 * `foldToSimplified` is the identity of every phrase and the text of the search
 * index. It converts character by character (OpenCC's t2s tables, Taiwan and
 * Hong Kong variants included) so that it preserves length: an offset in the
 * folded text is the same offset in the original, which the concordance and
 * the highlighting rely on. t2s is nearly one-to-one, so the per-character
 * fold loses nothing that matters for identity; phrase-level conversion is
 * used for display (`toTraditional`, `toSimplified`), where context matters.
 */

let foldTable: Uint16Array | null = null;

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

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = c;
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
        if (o.length === 1 && o.charCodeAt(0) !== c && table[c] === c && !simplified.has(c)) table[c] = o.charCodeAt(0);
      }
    }
  }
  return table;
}

function table(): Uint16Array {
  return (foldTable ??= buildFoldTable());
}

/** Folds traditional (and variant) characters to simplified, preserving length. */
export function foldToSimplified(text: string): string {
  const t = table();
  let out: string[] | null = null;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const f = t[c];
    if (f !== c) {
      out ??= [];
      out.push(text.slice(last, i), String.fromCharCode(f));
      last = i + 1;
    }
  }
  if (out === null) return text;
  out.push(text.slice(last));
  return out.join('');
}

/** True if the text contains a character the fold changes (i.e. traditional). */
export function hasTraditional(text: string): boolean {
  const t = table();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (t[c] !== c) return true;
  }
  return false;
}

let s2t: ((s: string) => string) | null = null;
let t2s: ((s: string) => string) | null = null;

/** Simplified (or mixed) → traditional (Taiwan standard characters), phrase-aware. */
export function toTraditional(text: string): string {
  s2t ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
  return s2t(text);
}

/** Traditional (or mixed) → simplified, phrase-aware (for display). */
export function toSimplified(text: string): string {
  t2s ??= OpenCC.Converter({ from: 'tw', to: 'cn' });
  return t2s(text);
}

export type Script = 'original' | 'simplified' | 'traditional';

/** Renders text in the script a reader chose. */
export function inScript(text: string, script: Script): string {
  if (script === 'simplified') return toSimplified(text);
  if (script === 'traditional') return toTraditional(text);
  return text;
}

/**
 * Converts for display while keeping length, so highlight offsets computed on the
 * original stay valid: phrase-level conversion when it keeps length, otherwise
 * character by character.
 */
export function inScriptSameLength(text: string, script: Script): string {
  if (script === 'original') return text;
  const converted = inScript(text, script);
  if (converted.length === text.length) return converted;
  if (script === 'simplified') return foldToSimplified(text);
  return Array.from(text, (ch) => {
    const t = toTraditional(ch);
    return t.length === ch.length ? t : ch;
  }).join('');
}
