import { foldToSimplified } from '@/lib/text/script';

/**
 * What a reader typed into the search box, classified: Chinese characters (either
 * script, folded to the simplified identity used by Phrase.key) or pinyin (with or
 * without tone marks or tone numbers, spaced or run together, or initials).
 */
export type PhraseQuery =
  | { type: 'han'; key: string }
  | { type: 'pinyin'; /** "liang ge" */ spaced: string; /** "liangge" */ compact: string };

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
const PINYIN_CHARS = /^[a-z\u00c0-\u024f\u0300-\u036f\s'’:0-9-]+$/i;

/** Strips tone marks and tone numbers; ü (or v, u:) becomes ü. */
export function normalizePinyin(input: string): string {
  return input
    .toLowerCase()
    .replace(/u:/g, 'ü')
    .normalize('NFD')
    .replace(/u\u0308/g, '\u0001')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\u0001/g, 'ü')
    .replace(/v/g, 'ü')
    .replace(/[0-9]/g, ' ')
    .replace(/['’-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parsePhraseQuery(raw: string | null | undefined): PhraseQuery | null {
  const q = (raw ?? '').normalize('NFC').trim();
  if (!q) return null;
  if (!HAN.test(q) && PINYIN_CHARS.test(q)) {
    const spaced = normalizePinyin(q);
    if (!spaced) return null;
    return { type: 'pinyin', spaced, compact: spaced.replace(/ /g, '') };
  }
  // Quotation marks typed around a phrase are not part of it.
  const stripped = q.replace(/^[“"「『]+|[”"」』]+$/g, '').trim() || q;
  // The phrase identity: folded, without the spaces a reader may type (两个 确立).
  return { type: 'han', key: foldToSimplified(stripped).replace(/\s+/g, '') };
}

/** Escapes % and _ for a LIKE pattern used with ESCAPE '\'. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}
