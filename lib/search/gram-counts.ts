/**
 * Uses of chosen one- and two-character grams, counted as the index counts
 * them (format.ts: every character; every pair of adjacent characters, a
 * doubled character's pair once per non-overlapping pair, as a search counts
 * "哈哈" in "哈哈哈"): from folded text, or from a segment's stored counts
 * without loading the segment, reading its dictionary and only the postings
 * chunks that hold the entries asked for.
 */
import type { Db } from '../db/sqlite';
import { foldToSimplified } from '../text/script';
import { bigramKey, readVarint, unigramKey } from './format';
import { lowerBound, PostingsOnDemand } from './engine';
import { readDictionary } from './build';

/** The gram key of a wording as a 1-2 character query folds it, or null if it is not 1-2 characters then. */
export function gramKeyOf(wording: string): number | null {
  const folded = foldToSimplified(wording).replace(/\s+/g, '');
  if (folded.length === 1) return unigramKey(folded.charCodeAt(0));
  if (folded.length === 2 && folded.charCodeAt(0) !== 0) return bigramKey(folded.charCodeAt(0), folded.charCodeAt(1));
  return null;
}

/** Counts the uses of a fixed set of grams in folded sentences (each sentence on its own: pairs do not cross sentences). */
export class GramCounter {
  /** Per key, its uses so far (same order as the keys given). */
  readonly uses: Float64Array;
  private readonly unigramSlot = new Int32Array(65536).fill(-1);
  private readonly firstOfPair = new Uint8Array(65536);
  private readonly bigramSlot = new Map<number, number>();

  constructor(readonly keys: number[]) {
    this.uses = new Float64Array(keys.length);
    keys.forEach((k, i) => {
      if (k < 65536) this.unigramSlot[k] = i;
      else {
        this.bigramSlot.set(k, i);
        this.firstOfPair[Math.floor(k / 65536)] = 1;
      }
    });
  }

  /** Adds one sentence, already folded to simplified. */
  addFolded(text: string): void {
    const uses = this.uses;
    // As in computeSegment: a doubled character's pair right after one counted is not counted.
    let doubledAt = -2;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const u = this.unigramSlot[c];
      if (u >= 0) uses[u]++;
      if (i + 1 < text.length && c !== 0 && this.firstOfPair[c]) {
        const c2 = text.charCodeAt(i + 1);
        const b = this.bigramSlot.get(c * 65536 + c2);
        if (b === undefined) continue;
        if (c !== c2) uses[b]++;
        else if (doubledAt !== i - 1) {
          uses[b]++;
          doubledAt = i;
        } else doubledAt = -2;
      }
    }
  }

  /** Adds the sentences of stored documents. */
  addDocuments(db: Db, documentIds: Iterable<number>): void {
    const sentences = db.prepare<[number], { text: string }>('SELECT text FROM Sentence WHERE documentId = ?');
    for (const id of documentIds) for (const s of sentences.all(id)) this.addFolded(foldToSimplified(s.text));
  }
}

/**
 * A stored segment's uses of each key (all its documents, replaced ones too):
 * the head of each gram's postings entry, read from the chunk that holds it.
 */
export function storedGramUses(db: Db, segment: string, keys: number[]): number[] {
  const { keys: dictionary, offsets } = readDictionary(db, segment);
  const postings = new PostingsOnDemand(db, segment);
  return keys.map((key) => {
    const i = lowerBound(dictionary, key);
    if (i >= dictionary.length || dictionary[i] !== key) return 0;
    return readVarint(...postings.view(offsets[i], offsets[i + 1]));
  });
}
