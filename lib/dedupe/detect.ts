/**
 * Near-duplicate detection at ingest. Every document's fingerprint (its distinct
 * normalised clause hashes, see fingerprint.ts) is stored (store.ts); a new
 * document's hashes are looked up by hash, so the check costs what the new
 * document costs, not what the corpus costs. Clauses held by many documents
 * (news boilerplate: "习近平强调") are no evidence: they say nothing about which
 * text this is, so a candidate must share at least MIN_CLAUSES other clauses.
 *
 * Two documents are copies of one text when at least DUPLICATE_THRESHOLD of the
 * smaller one's clauses are in the larger, a boilerplate clause counting where
 * both hold it. Which copy is kept does not depend on
 * the order of ingest: `preferred` is a fixed order (a copy with a source URL,
 * then the fuller copy, then the smaller source key).
 */
import type { Db } from '../db/sqlite';
import { sketchOf } from './fingerprint';
import type { FingerprintStore, PrefetchedHolders } from './store';

/** Share of the smaller copy's clauses the other must hold. */
export const DUPLICATE_THRESHOLD = 0.9;
/** Fewer clauses than this is too little text to call anything a copy. */
export const MIN_CLAUSES = 5;
/** A clause held by more documents than this is boilerplate, not evidence. */
export const COMMON_CLAUSE_DOCUMENTS = 24;
/**
 * Holders listed per clause: one more than common, so that a clause with more is common
 * whether or not the document being checked is one of them.
 */
export const HOLDERS_LISTED = COMMON_CLAUSE_DOCUMENTS + 1;

export interface CopyCandidate {
  id: number;
  url: string | null;
  clauses: number;
  sourceKey: string;
}

export interface DuplicateMatch {
  /** The kept document the new one repeats. */
  documentId: number;
  shared: number;
  /** Shared clauses over the smaller document's clauses. */
  ratio: number;
}

/** True when `a` should be kept rather than `b` (a fixed order, so ingest order does not matter). */
export function preferred(a: CopyCandidate, b: CopyCandidate): boolean {
  if (!!a.url !== !!b.url) return !!a.url;
  if (a.clauses !== b.clauses) return a.clauses > b.clauses;
  return a.sourceKey < b.sourceKey;
}

export class DuplicateFinder {
  private readonly stmts;
  /**
   * Shared clauses by document id, all zero between calls of `find`: a document's
   * hundred-odd clauses have a couple of thousand holders in the 1 GB rung (each of its
   * sentences is in about 18 documents), and counting them in a Map was 23 s of the
   * writer's time there.
   */
  private sharedBy = new Int32Array(1024);

  constructor(
    db: Db,
    private readonly fingerprints: FingerprintStore,
  ) {
    this.stmts = {
      candidate: db.prepare<[number], { id: number; url: string | null; sourceKey: string; duplicateOf: number | null; clauses: number | null }>(
        `SELECT d.id, d.url, d.sourceKey, d.duplicateOf, f.clauses
         FROM Document d LEFT JOIN DocumentFingerprint f ON f.documentId = d.id WHERE d.id = ?`,
      ),
    };
  }

  /**
   * The kept document that `hashes` (of document `self`) repeat, if any. Only
   * clauses few documents hold count as evidence (at least MIN_CLAUSES of them
   * shared); the share is taken over all of the smaller document's clauses, a
   * boilerplate clause counting as shared only where both documents hold it.
   * (Leaving the boilerplate out of the smaller side's count instead made a
   * text that is mostly boilerplate, with five uncommon clauses found in a
   * longer document, "contained" in it.) `prefetched`: a document worker's
   * lookup of the same hashes, used where it is still good (store.ts).
   */
  find(self: number, hashes: number[], prefetched?: PrefetchedHolders | null): DuplicateMatch | null {
    if (hashes.length < MIN_CLAUSES) return null;
    // The uncommon clauses each other document shares with this one, counted in `sharedBy`
    // by document id; `sharers` lists the ids counted, in the order first met.
    let sharedBy = this.sharedBy;
    const sharers: number[] = [];
    const common: number[] = [];
    for (const [hash, held] of this.fingerprints.holders(hashes, HOLDERS_LISTED, prefetched)) {
      let others = 0;
      if (held !== null) for (const d of held) if (d !== self) others++;
      if (held !== null && others === 0) continue;
      if (held === null || others > COMMON_CLAUSE_DOCUMENTS) {
        common.push(hash);
        continue;
      }
      for (const d of held) {
        if (d === self) continue;
        if (d >= sharedBy.length) {
          const grown = new Int32Array(Math.max(2 * sharedBy.length, d + 1));
          grown.set(sharedBy);
          this.sharedBy = sharedBy = grown;
        }
        if (sharedBy[d]++ === 0) sharers.push(d);
      }
    }
    // Read and cleared before anything else can throw: the next document starts from zeros.
    const shared = sharers.map((id) => {
      const n = sharedBy[id];
      sharedBy[id] = 0;
      return [id, n] as const;
    });
    const candidates = new Map<number, { rare: number; common: number; clauses: number }>();
    for (const [id, n] of shared) {
      if (n < MIN_CLAUSES) continue;
      const c = this.stmts.candidate.get(id);
      if (!c || c.duplicateOf !== null || (c.clauses ?? 0) < MIN_CLAUSES) continue;
      candidates.set(id, { rare: n, common: 0, clauses: c.clauses ?? 0 });
    }
    if (candidates.size === 0) return null;
    // The common clauses a candidate holds, from its own fingerprint (the sketches of its
    // hashes): the lookup above did not bring every holder of a common clause. Not asked of a
    // candidate that could not reach the threshold were it to hold every one of them (most of
    // them, in the 1 GB rung's reshuffled corpus: about ten candidates a document).
    if (common.length > 0) {
      const sketches = new Set(common.map(sketchOf));
      for (const [id, c] of candidates) {
        const most = c.rare + Math.min(common.length, c.clauses - c.rare);
        if (Math.min(1, most / Math.min(hashes.length, c.clauses)) < DUPLICATE_THRESHOLD) continue;
        c.common = this.fingerprints.countSketches(id, sketches);
      }
    }
    let best: DuplicateMatch | null = null;
    for (const [id, c] of candidates) {
      const ratio = Math.min(1, (c.rare + c.common) / Math.min(hashes.length, c.clauses));
      if (ratio >= DUPLICATE_THRESHOLD && (!best || ratio > best.ratio || (ratio === best.ratio && id < best.documentId))) {
        best = { documentId: id, shared: c.rare + c.common, ratio };
      }
    }
    return best;
  }

  candidate(id: number): CopyCandidate | null {
    const c = this.stmts.candidate.get(id);
    return c ? { id: c.id, url: c.url, clauses: c.clauses ?? 0, sourceKey: c.sourceKey } : null;
  }
}
