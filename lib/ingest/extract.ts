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

/**
 * A formulation written as a code: digits joined by +, ×, x/X, *, -, /, ·
 * (“1+N”, “8+4”, “4×4”, “1+1+N”, “3·15”, “5G+4K/8K+AI”), or a number of two
 * digits or more, with an N or X after it (“141”, “3820”, “415X”). It needs a
 * digit. Without an operator, Latin letters make a name or an English word
 * (“5G”, “MU5735”), and a single digit (“1”) is a numeral: those stay out.
 */
const CODE_OPERATOR = '[+＋×xX*\\-－–/／·・.]';
const NUMERIC_CODE = new RegExp(
  `^(?:(?=.*\\d)[0-9A-Za-z]+(?:\\s*${CODE_OPERATOR}\\s*[0-9A-Za-z]+)+\\s*[+＋]?|\\d{2,}[NnXx]?|\\d[NnXx])$`,
);

export function isNumericCode(key: string): boolean {
  return key.length <= 24 && NUMERIC_CODE.test(key);
}

/**
 * Whether a quoted span is a phrase at all: it has a Han character, or it is
 * a numeric code. A span of Latin letters and digits alone (“5G”, “OK”) is not
 * a Chinese formulation.
 */
export function isPhraseText(key: string): boolean {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(key) || isNumericCode(key);
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
  if (isNumericCode(key)) return 'formula';
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
    if (pairs.length === 0) return;
    // Keys come from the fold of the whole sentence, as the search index and the
    // unquoted scan see it: characters converted by context get the context.
    const folded = foldToSimplified(text);
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
      const key = folded.slice(start, end).replace(/\s+/g, '');
      if (!isPhraseText(key)) continue; // “5G”, “OK”: not a Chinese formulation
      spans.push({ sentence: si, start, end, text: surface, key, kind: classifyPhrase(key, mark === '《') });
    }
  });
  return { ...doc, spans };
}
