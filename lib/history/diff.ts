import { diffChars, diffWordsWithSpace } from 'diff';

/** One piece of a text diff: kept, added or removed. */
export interface DiffPart {
  op: '=' | '+' | '-';
  text: string;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]|[\ud840-\ud87f][\udc00-\udfff]/;

/**
 * The difference between two versions of a text (jsdiff): by character where
 * either side has Chinese (a word there is not delimited), by word otherwise.
 */
export function diffText(before: string | null, after: string | null): DiffPart[] {
  const a = before ?? '';
  const b = after ?? '';
  if (a === b) return a ? [{ op: '=', text: a }] : [];
  const parts = CJK.test(a) || CJK.test(b) ? diffChars(a, b) : diffWordsWithSpace(a, b);
  return parts.filter((p) => p.value !== '').map((p) => ({ op: p.added ? '+' : p.removed ? '-' : '=', text: p.value }));
}
