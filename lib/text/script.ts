import * as OpenCC from 'opencc-js';
import FOLD_PAIRS from './fold-table.json';

/**
 * Script conversion (简体 / 繁體) on top of OpenCC.
 *
 * `foldToSimplified` is the identity of every phrase and the text of the search
 * index. It preserves length (an offset in the folded text is the same offset
 * in the original, which the concordance and the highlighting rely on): a
 * per-character fold (OpenCC's t2s tables, Taiwan and Hong Kong variants
 * included), and in text that has traditional characters OpenCC's phrase-level
 * conversion on top, for the characters whose simplified form depends on
 * context (關於 → 关于). Phrase-level conversion is also used for display
 * (`toTraditional`, `toSimplified`).
 */

let foldTable: Uint16Array | null = null;

/**
 * The fold as pairs "traditional simplified …", generated from OpenCC by
 * scripts/build-fold-table.ts (`buildFoldPairs` in fold-table-build.ts) and
 * checked against a fresh build by lib/text/script.test.ts. Shipping it keeps
 * OpenCC's dictionaries (about 80 MB once built) out of every process that
 * only folds: the ingest workers, the search engine.
 */
function table(): Uint16Array {
  if (foldTable) return foldTable;
  const t = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) t[c] = c;
  const pairs = (FOLD_PAIRS as { pairs: string }).pairs;
  for (let i = 0; i + 1 < pairs.length; i += 2) t[pairs.charCodeAt(i)] = pairs.charCodeAt(i + 1);
  return (foldTable = t);
}

let contextSet: Uint8Array | null = null;

/** GB 2312 characters whose simplified form depends on context (於, 後, 夥, 乾 …): see buildContextCharacters. */
function contextCharacters(): Uint8Array {
  if (contextSet) return contextSet;
  const set = new Uint8Array(0x10000);
  const chars = (FOLD_PAIRS as { context: string }).context;
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return (contextSet = set);
}

/** The per-character fold alone: variants and traditional characters outside GB 2312. */
export function foldCharacters(text: string): string {
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

let phraseT2s: ((s: string) => string) | null = null;

/**
 * OpenCC's phrase-level traditional→simplified conversion ('t' → 'cn': script
 * only, no regional vocabulary; 'tw' would turn the particle 著 into 着, but also
 * 卓著, 原著, 著称 into 卓着, 原着, 着称), kept length-preserving position by position:
 * where OpenCC turns a phrase into one of another length (rare), the pieces of
 * text between punctuation that changed length are folded character by
 * character instead.
 */
export function convertPhrasesSameLength(text: string): string {
  phraseT2s ??= OpenCC.Converter({ from: 't', to: 'cn' });
  const converted = phraseT2s(text);
  if (converted.length === text.length) return converted;
  return text
    .split(/(?<=[\s，。、；：！？“”「」『』《》（）])/)
    .map((piece) => {
      const c = phraseT2s!(piece);
      return c.length === piece.length ? c : foldCharacters(piece);
    })
    .join('');
}

/**
 * Folds traditional (and variant) characters to simplified, preserving length:
 * the identity of every phrase and the text of the search index.
 *
 * Text without a traditional character is simplified already and is returned
 * unchanged (OpenCC would turn 一坏 into 一坯), but for the few context
 * characters that are traditional forms of their own (於, 後, 夥 …: a
 * half-converted 关於, 以後), which take OpenCC's phrase conversion. Text with a
 * traditional character is converted by
 * OpenCC's phrases, so that characters converted by context get their
 * simplified form (關於 → 关于, 以後 → 以后, 乾部 → 干部, 團夥 → 团伙, 一隻 → 一只,
 * even in a half-converted 关於), and every character the phrases leave alone
 * goes through the per-character fold (Taiwan and Hong Kong variants).
 */
export function foldToSimplified(text: string): string {
  const perChar = foldCharacters(text);
  if (perChar === text) {
    // Simplified, or half-converted with only context characters left (关於, 以後):
    // the phrase conversion is taken at those characters and nowhere else.
    const ctx = contextCharacters();
    let i = 0;
    while (i < text.length && !ctx[text.charCodeAt(i)]) i++;
    if (i === text.length) return text;
    const phrases = convertPhrasesSameLength(text);
    let out = text.slice(0, i);
    for (; i < text.length; i++) out += ctx[text.charCodeAt(i)] ? phrases[i] : text[i];
    return out;
  }
  const phrases = convertPhrasesSameLength(text);
  const out = new Array<string>(text.length);
  for (let i = 0; i < text.length; i++) out[i] = phrases[i] !== text[i] ? phrases[i] : perChar[i];
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
