/**
 * The search index's stored form, shared by the builder and the engine.
 *
 * Sentences get a rank: their position in chronological order (document date,
 * then document, then sentence). A document, a date range and a section are
 * then each one contiguous range of ranks, and a posting list (sorted ranks)
 * can be cut to a filter by binary search.
 *
 * Grams: every character (key = its code) and every pair of adjacent characters
 * (key = 65536 + c1 * 65536 + c2) of the simplified-folded text.
 *
 * Stored: the sorted gram keys, their offsets into one flat array of postings,
 * each gram's number of uses in the whole corpus,
 * the rank → sentence id map, and a header with the documents' rank ranges.
 * The folded text itself is not stored: the engine folds the sentences as it
 * loads (the fold is cheap and the sentences are stored anyway).
 */
export const INDEX_FORMAT = 3;
export const CHUNK_BYTES = 8 * 1024 * 1024;

export function unigramKey(c: number): number {
  return c;
}

export function bigramKey(c1: number, c2: number): number {
  return 65536 + c1 * 65536 + c2;
}

export interface IndexedDocument {
  id: number;
  date: string | null;
  /** First rank of the document's sentences. */
  firstRank: number;
  /** Number of sentences. */
  count: number;
  /** Sentence id of the first sentence; ids are consecutive within a document. */
  firstSentenceId: number;
}

export interface IndexHeader {
  format: number;
  generation: string;
  sentences: number;
  grams: number;
  postings: number;
  documents: IndexedDocument[];
}
