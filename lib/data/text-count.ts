/**
 * How often a folded string appears in a set of documents' text, in either
 * script: through the search index's rank ranges when the index holds the
 * documents (bigram postings, then the folded sentence), else by folding the
 * documents' sentences here. Matches never cross sentences; counts are
 * non-overlapping, like the search engine's.
 */
import { currentIndex, type SearchIndex } from '@/lib/search/engine';
import { foldToSimplified } from '@/lib/text/script';
import { Lru } from './cache';
import { rows, sql } from './db';

export function countIn(text: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

const foldedDocs = new Lru<string>(64, 10 * 60_000);

/** A document's sentences folded to simplified, one per line (cached by content). */
async function foldedDocument(documentId: number): Promise<string> {
  const h = await rows<{ contentHash: string }>(sql`SELECT contentHash FROM Document WHERE id = ${documentId}`);
  const key = `${documentId}:${h[0]?.contentHash ?? ''}`;
  return foldedDocs.getOrCompute(key, async () => {
    const r = await rows<{ text: string }>(sql`SELECT text FROM Sentence WHERE documentId = ${documentId} ORDER BY ordinal`);
    return r.map((x) => foldToSimplified(x.text)).join('\n');
  });
}

export interface TextCounter {
  /** Uses of the folded string in the set's text. */
  count(folded: string): number;
}

/** A counter over a set of documents (the index's ranges, plus folded text for any document the index lacks). */
export async function textCounter(documentIds: number[], index: SearchIndex | null = currentIndex()): Promise<TextCounter> {
  const ranges: Array<[number, number]> = [];
  const missing: number[] = [];
  for (const id of documentIds) {
    const r = index?.documentRange(id) ?? null;
    if (r && r[1] > r[0]) ranges.push(r);
    else missing.push(id);
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && last[1] >= r[0]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const texts = await Promise.all(missing.map((id) => foldedDocument(id)));
  return {
    count(folded: string): number {
      if (!folded) return 0;
      let n = 0;
      if (index && merged.length) {
        const ranks = index.matchingRanks(folded, merged);
        for (let i = 0; i < ranks.length; i++) n += countIn(index.foldedText(ranks[i]), folded);
      }
      for (const t of texts) n += countIn(t, folded);
      return n;
    },
  };
}

/** The folded key as the index searches it (spaces dropped). */
export function searchKey(key: string): string {
  return foldToSimplified(key).replace(/\s+/g, '');
}

