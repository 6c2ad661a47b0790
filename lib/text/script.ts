import * as OpenCC from 'opencc-js';
import FOLD_PAIRS from './fold-table.json';

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
