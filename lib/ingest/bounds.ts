/**
 * Stage 5½, bounds: an extracted document with every part cut to a sensible
 * size, so that what ingestion holds and stores per sentence is bounded by
 * design, whatever the shape of the input (a 50 MB file with no line break
 * and no full stop is one "sentence" to the segmenter).
 *
 * - A sentence longer than `sentenceChars` is split into pieces of at most
 *   that length, at the last comma-like mark (，；：、 or a space) in the
 *   second half of each piece, else at the limit; a cut never falls inside a
 *   quoted span.
 * - A section title longer than `headingChars` is shortened (with …), and so
 *   are the section paths that repeat it.
 * Quoted spans longer than extract's MAX_PHRASE_LENGTH never become phrases
 * (extract.ts). What was cut is counted, and the ingest summary reports it.
 * Pure: a document in, a document out.
 */
import type { ExtractedDocument, QuotedSpan, SentenceNode } from './types';

export interface Limits {
  sentenceChars: number;
  headingChars: number;
}

export const LIMITS: Limits = { sentenceChars: 2000, headingChars: 200 };

/** What bounding changed in a document. */
export interface Capped {
  /** Sentences that were split (each into two pieces or more). */
  sentencesSplit: number;
  /** Section titles that were shortened. */
  headingsShortened: number;
}

const BREAKS = new Set(['，', '；', '：', '、', ',', ';', ':', ' ', '\u3000']);

/** Where to cut `text` into pieces of at most `limit` characters, never inside a span. */
function cutPoints(text: string, limit: number, spans: Array<[number, number]>): number[] {
  // covered[i]: a cut at i would fall inside a span (linear in the text, however many spans).
  const covered = new Uint8Array(text.length + 1);
  for (const [a, b] of spans) covered.fill(1, a + 1, b);
  const cuts: number[] = [];
  let from = 0;
  while (text.length - from > limit) {
    let cut = -1;
    for (let at = from + limit; at > from + limit / 2; at--) {
      if (BREAKS.has(text[at - 1]) && !covered[at]) {
        cut = at;
        break;
      }
    }
    if (cut < 0) {
      cut = from + limit;
      // A surrogate pair stays whole.
      if (/[\udc00-\udfff]/.test(text[cut])) cut--;
      // Not inside a span: before it (a span is much shorter than a piece), else after it.
      if (covered[cut]) {
        let start = cut;
        while (covered[start]) start--;
        if (start > from) cut = start;
        else while (covered[cut]) cut++;
      }
    }
    cuts.push(cut);
    from = cut;
  }
  return cuts;
}

function shorten(title: string, limit: number): string {
  if (title.length <= limit) return title;
  let cut = limit - 1;
  if (/[\udc00-\udfff]/.test(title[cut])) cut--;
  return title.slice(0, cut) + '…';
}

export function boundDocument(doc: ExtractedDocument, limits: Limits = LIMITS): { doc: ExtractedDocument; capped: Capped } {
  const capped: Capped = { sentencesSplit: 0, headingsShortened: 0 };
  const tooLong = doc.sentences.some((s) => s.text.length > limits.sentenceChars);
  const longTitle = doc.sections.some((s) => s.title.length > limits.headingChars || s.path.some((p) => p.length > limits.headingChars));
  if (!tooLong && !longTitle) return { doc, capped };

  let sections = doc.sections;
  if (longTitle) {
    sections = doc.sections.map((s) => {
      if (s.title.length > limits.headingChars) capped.headingsShortened++;
      return { ...s, title: shorten(s.title, limits.headingChars), path: s.path.map((p) => shorten(p, limits.headingChars)) };
    });
  }

  let sentences = doc.sentences;
  let spans = doc.spans;
  if (tooLong) {
    const spansOf = new Map<number, QuotedSpan[]>();
    for (const sp of doc.spans) {
      const list = spansOf.get(sp.sentence);
      if (list) list.push(sp);
      else spansOf.set(sp.sentence, [sp]);
    }
    sentences = [];
    spans = [];
    doc.sentences.forEach((s, i) => {
      const own = spansOf.get(i) ?? [];
      if (s.text.length <= limits.sentenceChars) {
        for (const sp of own) spans.push({ ...sp, sentence: sentences.length });
        sentences.push(s);
        return;
      }
      capped.sentencesSplit++;
      const cuts = [0, ...cutPoints(s.text, limits.sentenceChars, own.map((sp) => [sp.start, sp.end])), s.text.length];
      for (let k = 0; k + 1 < cuts.length; k++) {
        const [a, b] = [cuts[k], cuts[k + 1]];
        const piece: SentenceNode = { ...s, text: s.text.slice(a, b) };
        for (const sp of own) if (sp.start >= a && sp.end <= b) spans.push({ ...sp, sentence: sentences.length, start: sp.start - a, end: sp.end - a });
        sentences.push(piece);
      }
    });
  }
  return { doc: { ...doc, sections, sentences, spans }, capped };
}
