/**
 * Stage 5, extract: every span in “…”, 「…」, 『…』 (and ‘…’ nested in them) and
 * every 《…》 title becomes a quoted occurrence with its sentence and offsets.
 * Nested quotations are phrases too. Identity is the simplified fold.
 */
import type { ExtractedDocument, PhraseKind, QuotedSpan, SegmentedDocument } from './types';
import { foldToSimplified } from '../text/script';
import { quotePairs } from './segment';

/** Longest span kept as a phrase at all; longer ones are passages, not formulations. */
export const MAX_PHRASE_LENGTH = 120;

/** The phrase identity: the simplified fold without spaces. */
export function phraseKey(text: string): string {
  return foldToSimplified(text).replace(/\s+/g, '');
}

const NUMERAL = '[一二两三四五六七八九十百千万双]';
const FORMULA_PATTERNS = [
  // 两个确立, 四个意识, 三会一课, 五位一体, 一带一路, 八项规定, 十四五
  new RegExp(`^${NUMERAL}[个会项大条种类位统化有为不基型类]`),
  // 一委一品, 三抓三促: numeral-X-numeral-Y
  new RegExp(`^${NUMERAL}.${NUMERAL}.`),
  // 第一议题
  new RegExp(`^第${NUMERAL}+`),
  // 双联系, 两个全覆盖
  /^[双两][\u4e00-\u9fff]/,
  // 十四五, 十五五
  new RegExp(`^${NUMERAL}{2,3}$`),
];

/**
 * The kind of a phrase from its key and marks: a title (《》), a quotation (a
 * long citation, whole clauses), a numbered formula (两个确立, 三会一课, 第一议题),
 * or else a slogan/campaign name.
 */
export function classifyPhrase(key: string, titleMarks: boolean): PhraseKind {
  if (titleMarks) return 'title';
  if (isLongQuotation(key)) return 'quotation';
  if (key.length <= 12 && FORMULA_PATTERNS.some((re) => re.test(key))) return 'formula';
  return 'slogan';
}

/** A citation of whole clauses rather than a set phrase. */
export function isLongQuotation(key: string): boolean {
  return key.length > 24 || (key.length > 10 && /[，。；！？：]/.test(key));
}

export function extract(doc: SegmentedDocument): ExtractedDocument {
  const spans: QuotedSpan[] = [];
  doc.sentences.forEach((sentence, si) => {
    const text = sentence.text;
    const pairs = quotePairs(text);
    const doubles = pairs.filter(([a]) => text[a] !== '‘');
    for (const [a, b] of pairs) {
      const mark = text[a];
      // ‘…’ is a quotation only inside another quotation (elsewhere ’ is an apostrophe).
      if (mark === '‘' && !doubles.some(([x, y]) => x < a && b < y)) continue;
      let start = a + 1;
      let end = b;
      while (start < end && /\s/.test(text[start])) start++;
      while (end > start && /\s/.test(text[end - 1])) end--;
      if (end - start < 1 || end - start > MAX_PHRASE_LENGTH) continue;
      const surface = text.slice(start, end);
      const key = phraseKey(surface);
      if (!/[\u3400-\u9fff]/.test(key)) continue; // “5G”, “OK”: not a Chinese formulation
      spans.push({ sentence: si, start, end, text: surface, key, kind: classifyPhrase(key, mark === '《') });
    }
  });
  return { ...doc, spans };
}
