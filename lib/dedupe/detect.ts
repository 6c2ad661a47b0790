/**
 * Near-duplicate detection at ingest. Every document's fingerprint (its distinct
 * normalised clause hashes, see fingerprint.ts) is stored in DocumentHash; a new
 * document's hashes are looked up there, so the check costs what the new
 * document costs, not what the corpus costs. Clauses held by many documents
 * (news boilerplate: "习近平强调") are left out of the comparison: they say
 * nothing about which text this is, and they keep every lookup short.
 *
 * Two documents are copies of one text when at least DUPLICATE_THRESHOLD of the
 * smaller one's clauses are in the larger. Which copy is kept does not depend on
 * the order of ingest: `preferred` is a fixed order (a copy with a source URL,
 * then the fuller copy, then the smaller source key).
 */
import type { Db } from '../db/sqlite';

/** Share of the smaller copy's clauses the other must hold. */
export const DUPLICATE_THRESHOLD = 0.9;
/** Fewer clauses than this is too little text to call anything a copy. */
export const MIN_CLAUSES = 5;
/** A clause held by more documents than this is boilerplate, not evidence. */
export const COMMON_CLAUSE_DOCUMENTS = 24;

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
  /** Shared clauses over the smaller document's (comparable) clauses. */
  ratio: number;
}

/** True when `a` should be kept rather than `b` (a fixed order, so ingest order does not matter). */
export function preferred(a: CopyCandidate, b: CopyCandidate): boolean {
  if (!!a.url !== !!b.url) return !!a.url;
  if (a.clauses !== b.clauses) return a.clauses > b.clauses;
  return a.sourceKey < b.sourceKey;
}

/** Hashes looked up per statement: one IN list does the index lookups inside SQLite. */
const LOOKUP_BATCH = 500;

export class DuplicateFinder {
  private readonly stmts;
  private readonly lookups = new Map<number, { raw(on: true): { all(...params: unknown[]): Array<[number, number]> } }>();

  constructor(private readonly db: Db) {
    this.stmts = {
      candidate: db.prepare<[number], { id: number; url: string | null; sourceKey: string; duplicateOf: number | null; clauses: number }>(
        `SELECT d.id, d.url, d.sourceKey, d.duplicateOf, (SELECT count(*) FROM DocumentHash h WHERE h.documentId = d.id) AS clauses
         FROM Document d WHERE d.id = ?`,
      ),
    };
  }

  private lookup(n: number) {
    let s = this.lookups.get(n);
    if (!s) {
      s = this.db.prepare(`SELECT hash, documentId FROM DocumentHash WHERE hash IN (${new Array(n).fill('?').join(', ')})`) as unknown as {
        raw(on: true): { all(...params: unknown[]): Array<[number, number]> };
      };
      this.lookups.set(n, s);
    }
    return s.raw(true);
  }

  /** The kept document that `hashes` (of document `self`) repeat, if any. */
  find(self: number, hashes: number[]): DuplicateMatch | null {
    if (hashes.length < MIN_CLAUSES) return null;
    const holders = new Map<number, number[]>();
    for (let i = 0; i < hashes.length; i += LOOKUP_BATCH) {
      const chunk = hashes.slice(i, i + LOOKUP_BATCH);
      for (const [hash, documentId] of this.lookup(chunk.length).all(...chunk)) {
        if (documentId === self) continue;
        const list = holders.get(hash);
        if (list) list.push(documentId);
        else holders.set(hash, [documentId]);
      }
    }
    const shared = new Map<number, number>();
    let common = 0;
    for (const docs of holders.values()) {
      if (docs.length > COMMON_CLAUSE_DOCUMENTS) {
        common++;
        continue;
      }
      for (const d of docs) shared.set(d, (shared.get(d) ?? 0) + 1);
    }
    let best: DuplicateMatch | null = null;
    for (const [id, n] of shared) {
      if (n < MIN_CLAUSES) continue;
      const c = this.stmts.candidate.get(id);
      if (!c || c.duplicateOf !== null || c.clauses < MIN_CLAUSES) continue;
      const smaller = Math.max(1, Math.min(hashes.length, c.clauses) - common);
      const ratio = Math.min(1, n / smaller);
      if (ratio >= DUPLICATE_THRESHOLD && (!best || ratio > best.ratio || (ratio === best.ratio && id < best.documentId))) {
        best = { documentId: id, shared: n, ratio };
      }
    }
    return best;
  }

  candidate(id: number): CopyCandidate | null {
    const c = this.stmts.candidate.get(id);
    return c ? { id: c.id, url: c.url, clauses: c.clauses, sourceKey: c.sourceKey } : null;
  }
}
