/**
 * The search engine: any string of one or more characters, in either script,
 * over every stored sentence. The index (format.ts, built by build.ts) is
 * loaded from the database into memory once per generation and shared by all
 * requests of the process.
 *
 * 1-2 characters: the gram's posting list is the answer (sentences containing it).
 * 3+ characters: the posting lists of its bigrams are intersected, rarest first,
 * and every candidate is verified against the folded sentence text, so counts
 * are exact. Filters (document, date range, section) are rank ranges, applied
 * by binary search before any work.
 */
import type { Db } from '../db/sqlite';
import { openDb } from '../db/sqlite';
import { foldToSimplified } from '../text/script';
import { bigramKey, INDEX_FORMAT, unigramKey, type IndexedDocument, type IndexHeader } from './format';

export interface SearchFilters {
  documentId?: number;
  /** ISO date prefix (YYYY, YYYY-MM or YYYY-MM-DD), inclusive. */
  from?: string;
  to?: string;
  sectionId?: number;
}

export interface SearchOptions extends SearchFilters {
  page?: number;
  pageSize?: number;
  /** Chronological ('asc', default) or newest first ('desc'). */
  order?: 'asc' | 'desc';
}

export interface SearchHitRef {
  rank: number;
  sentenceId: number;
  documentId: number;
  /** [start, end) of every match in the sentence text. */
  matches: Array<[number, number]>;
}

export interface SearchResult {
  query: string;
  /** The query folded to simplified: what was searched for. */
  folded: string;
  /** Sentences that contain the query (within the filters): one concordance line each. */
  total: number;
  /** Uses of the query in those sentences (non-overlapping; a sentence may have several). */
  occurrences: number;
  /** Documents those sentences are in. */
  documents: number;
  page: number;
  pageSize: number;
  hits: SearchHitRef[];
}

function int32(buf: Buffer): Int32Array {
  if (buf.byteOffset % 4 === 0) return new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  return new Int32Array(new Uint8Array(buf).buffer);
}

function float64(buf: Buffer): Float64Array {
  if (buf.byteOffset % 8 === 0) return new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
  return new Float64Array(new Uint8Array(buf).buffer);
}

/** First index in sorted `a[lo, hi)` whose value is ≥ x. */
function lowerBound(a: Int32Array, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether a document date (YYYY, YYYY-MM or YYYY-MM-DD) overlaps the range
 * from..to (same forms, inclusive): dates are compared on the precision both
 * have, so "1955" overlaps from=1955-08 and "1956-06-15" is within to=1956.
 */
export function overlapsDates(date: string, from?: string, to?: string): boolean {
  if (from) {
    const n = Math.min(date.length, from.length);
    if (date.slice(0, n) < from.slice(0, n)) return false;
  }
  if (to) {
    const n = Math.min(date.length, to.length);
    if (date.slice(0, n) > to.slice(0, n)) return false;
  }
  return true;
}

export class SearchIndex {
  private readonly docById = new Map<number, IndexedDocument>();

  constructor(
    readonly header: IndexHeader,
    private readonly keys: Float64Array,
    private readonly offsets: Int32Array,
    /** Uses of each gram in the whole corpus, aligned with keys. */
    private readonly totals: Int32Array,
    private readonly postings: Int32Array,
    readonly sentenceIds: Int32Array,
    /** The folded text of every sentence, by rank. */
    private readonly texts: string[],
  ) {
    for (const d of header.documents) this.docById.set(d.id, d);
  }

  /**
   * Loads the stored index and the folded sentences it was built from, in one
   * read transaction (one snapshot: an ingest committing meanwhile cannot mix
   * old postings with new sentences). Returns null when there is no index, or
   * when the sentences no longer match it (a document was replaced since the
   * index was built: the ingest rebuilds it at its end).
   */
  static load(db: Db): SearchIndex | null {
    return db.transaction(() => SearchIndex.loadSnapshot(db))();
  }

  private static loadSnapshot(db: Db): SearchIndex | null {
    const headerRow = db.prepare("SELECT value FROM SearchMeta WHERE key = 'header'").get() as { value: string } | undefined;
    if (!headerRow) return null;
    const header = JSON.parse(headerRow.value) as IndexHeader;
    if (header.format !== INDEX_FORMAT) return null;
    const blob = (name: string): Buffer => {
      const rows = db.prepare("SELECT blob FROM SearchMeta WHERE key LIKE ? ORDER BY CAST(substr(key, length(?) + 2) AS INTEGER)").all(`${name}:%`, name) as Array<{ blob: Buffer }>;
      return rows.length === 1 ? rows[0].blob : Buffer.concat(rows.map((r) => r.blob));
    };
    // The folded sentences, in the index's rank order (documents in header
    // order, sentences by id), checked against the ids the index recorded.
    const texts: string[] = new Array(header.sentences);
    const bySentence = db.prepare('SELECT id, text FROM Sentence WHERE documentId = ? ORDER BY id');
    for (const d of header.documents) {
      const rows = bySentence.all(d.id) as Array<{ id: number; text: string }>;
      if (rows.length !== d.count || rows[0]?.id !== d.firstSentenceId) return null;
      for (let i = 0; i < rows.length; i++) texts[d.firstRank + i] = foldToSimplified(rows[i].text);
    }
    return new SearchIndex(
      header,
      float64(blob('keys')),
      int32(blob('offsets')),
      int32(blob('totals')),
      int32(blob('postings')),
      int32(blob('sentenceIds')),
      texts,
    );
  }

  /** Where a gram key stands in the sorted keys, or -1. */
  private keyIndex(key: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.keys.length && this.keys[lo] === key ? lo : -1;
  }

  /** The posting list (sorted ranks) of a gram key, as a view. */
  private postingList(key: number): Int32Array {
    const i = this.keyIndex(key);
    return i < 0 ? new Int32Array(0) : this.postings.subarray(this.offsets[i], this.offsets[i + 1]);
  }

  private gramKey(folded: string): number {
    return folded.length === 1 ? unigramKey(folded.charCodeAt(0)) : bigramKey(folded.charCodeAt(0), folded.charCodeAt(1));
  }

  documentOfRank(rank: number): IndexedDocument {
    const docs = this.header.documents;
    let lo = 0;
    let hi = docs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (docs[mid].firstRank <= rank) lo = mid;
      else hi = mid - 1;
    }
    return docs[lo];
  }

  /** The rank of a stored sentence, or -1 if it is not indexed. */
  rankOfSentence(documentId: number, sentenceId: number): number {
    const d = this.docById.get(documentId);
    if (!d) return -1;
    const offset = sentenceId - d.firstSentenceId;
    return offset >= 0 && offset < d.count ? d.firstRank + offset : -1;
  }

  /**
   * The rank ranges the filters allow, sorted and disjoint (sectionRange comes
   * from the database). A document or a section is one range; a date range
   * may be several, since a document dated only by its year ("1955") sorts
   * before the dated documents of that year and still overlaps a range that
   * starts in August.
   */
  rankRanges(filters: SearchFilters, sectionRange?: [number, number] | null): Array<[number, number]> {
    let lo = 0;
    let hi = this.header.sentences;
    if (filters.documentId !== undefined) {
      const d = this.docById.get(filters.documentId);
      if (!d) return [];
      lo = Math.max(lo, d.firstRank);
      hi = Math.min(hi, d.firstRank + d.count);
    }
    if (sectionRange) {
      lo = Math.max(lo, sectionRange[0]);
      hi = Math.min(hi, sectionRange[1]);
    }
    if (lo >= hi) return [];
    if (!filters.from && !filters.to) return [[lo, hi]];
    const ranges: Array<[number, number]> = [];
    for (const d of this.header.documents) {
      if (!d.date || !overlapsDates(d.date, filters.from, filters.to)) continue;
      const a = Math.max(lo, d.firstRank);
      const b = Math.min(hi, d.firstRank + d.count);
      if (a >= b) continue;
      const last = ranges[ranges.length - 1];
      if (last && last[1] === a) last[1] = b;
      else ranges.push([a, b]);
    }
    return ranges;
  }

  private text(rank: number): string {
    return this.texts[rank];
  }

  /** The folded text of the sentence at a rank, for callers that verify patterns of their own (lib/search/pattern.ts, lib/data/compare.ts). */
  foldedText(rank: number): string {
    return this.texts[rank];
  }

  /** The rank range [first, end) of a document's sentences, or null if the index does not hold it. */
  documentRange(documentId: number): [number, number] | null {
    const d = this.docById.get(documentId);
    return d ? [d.firstRank, d.firstRank + d.count] : null;
  }

  /** Ranks of the sentences within the ranges that contain the folded query, in ascending order. */
  matchingRanks(folded: string, ranges: Array<[number, number]>): Int32Array {
    if (ranges.length === 0) return new Int32Array(0);
    const all = this.matchingRanksIn(folded, ranges[0][0], ranges[ranges.length - 1][1]);
    if (ranges.length === 1) return all;
    const parts = ranges.map(([a, b]) => all.subarray(lowerBound(all, a), lowerBound(all, b)));
    const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** Ranks of the sentences in [lo, hi) that contain the folded query, in ascending order. */
  private matchingRanksIn(folded: string, lo: number, hi: number): Int32Array {
    if (folded.length === 0 || lo >= hi) return new Int32Array(0);
    if (folded.length <= 2) {
      const list = this.postingList(this.gramKey(folded));
      return list.subarray(lowerBound(list, lo), lowerBound(list, hi));
    }
    // Bigram lists, cut to the range, rarest first.
    const seen = new Set<number>();
    const lists: Int32Array[] = [];
    for (let i = 0; i + 1 < folded.length; i++) {
      const key = bigramKey(folded.charCodeAt(i), folded.charCodeAt(i + 1));
      if (seen.has(key)) continue;
      seen.add(key);
      const list = this.postingList(key);
      const cut = list.subarray(lowerBound(list, lo), lowerBound(list, hi));
      if (cut.length === 0) return new Int32Array(0);
      lists.push(cut);
    }
    lists.sort((a, b) => a.length - b.length);
    const [smallest, ...others] = lists;
    const cursors = new Int32Array(others.length);
    const out = new Int32Array(smallest.length);
    let n = 0;
    const texts = this.texts;
    outer: for (let i = 0; i < smallest.length; i++) {
      const r = smallest[i];
      for (let k = 0; k < others.length; k++) {
        const list = others[k];
        // Galloping search from the cursor: candidates ascend.
        let c = cursors[k];
        let step = 1;
        while (c + step < list.length && list[c + step] < r) step *= 2;
        c = lowerBound(list, r, c, Math.min(list.length, c + step + 1));
        cursors[k] = c;
        if (c >= list.length || list[c] !== r) continue outer;
      }
      // Verify: the bigrams may occur apart.
      if (texts[r].includes(folded)) out[n++] = r;
    }
    return out.subarray(0, n);
  }

  search(query: string, options: SearchOptions = {}, sectionRange?: [number, number] | null): SearchResult {
    const folded = foldToSimplified(query).replace(/\s+/g, '');
    const page = Math.max(1, Math.floor(options.page ?? 1));
    const pageSize = Math.min(200, Math.max(1, Math.floor(options.pageSize ?? 20)));
    const ranges = this.rankRanges(options, sectionRange);
    const ranks = this.matchingRanks(folded, ranges);
    const total = ranks.length;
    // A 1-2 character query over everything: its uses were counted when the index was built.
    const whole = ranges.length === 1 && ranges[0][0] === 0 && ranges[0][1] === this.header.sentences;
    const known = whole && folded.length >= 1 && folded.length <= 2 ? this.keyIndex(this.gramKey(folded)) : -1;
    const { occurrences, documents } = this.tally(folded, ranks, known >= 0 ? this.totals[known] : null);
    const hits: SearchHitRef[] = [];
    const start = (page - 1) * pageSize;
    for (let i = start; i < Math.min(total, start + pageSize); i++) {
      const rank = options.order === 'desc' ? ranks[total - 1 - i] : ranks[i];
      const text = this.text(rank);
      const matches: Array<[number, number]> = [];
      for (let at = text.indexOf(folded); at >= 0; at = text.indexOf(folded, at + folded.length)) {
        matches.push([at, at + folded.length]);
      }
      hits.push({ rank, sentenceId: this.sentenceIds[rank], documentId: this.documentOfRank(rank).id, matches });
    }
    return { query, folded, total, occurrences, documents, page, pageSize, hits };
  }

  /**
   * How many times the query occurs in the matching sentences, and in how many
   * documents: one pass over those sentences (ranks ascend, so a document's
   * sentences are consecutive).
   */
  private tally(folded: string, ranks: Int32Array, knownUses: number | null): { occurrences: number; documents: number } {
    let occurrences = knownUses ?? 0;
    let documents = 0;
    let docEnd = -1;
    const step = folded.length;
    for (let i = 0; i < ranks.length; i++) {
      const r = ranks[i];
      if (knownUses === null) {
        const text = this.texts[r];
        for (let at = text.indexOf(folded); at >= 0; at = text.indexOf(folded, at + step)) occurrences++;
      }
      if (r >= docEnd) {
        const d = this.documentOfRank(r);
        docEnd = d.firstRank + d.count;
        documents++;
      }
    }
    return { occurrences, documents };
  }
}

// ---------------------------------------------------------------------------
// The process-wide engine, reloaded when ingestion rebuilds the index.

interface EngineState {
  db: Db;
  generation: string | null;
  index: SearchIndex | null;
}

const g = globalThis as unknown as { tifaSearch?: EngineState };

function state(): EngineState {
  if (!g.tifaSearch) g.tifaSearch = { db: openDb({ readonly: true }), generation: null, index: null };
  return g.tifaSearch;
}

/** The current index (null while the database has none), reloaded if ingestion rebuilt it. */
export function currentIndex(): SearchIndex | null {
  const s = state();
  const row = s.db.prepare("SELECT value FROM SearchMeta WHERE key = 'generation'").get() as { value: string } | undefined;
  const generation = row?.value ?? null;
  if (generation !== s.generation) {
    const loaded = generation ? SearchIndex.load(s.db) : null;
    if (loaded || !generation) {
      s.index = loaded;
      s.generation = generation;
    }
    // Else the stored index no longer matches the sentences (an ingest is
    // replacing documents and will rebuild it): keep serving the one loaded,
    // and try again on the next search.
  }
  return s.index;
}

/** The rank range of a section and its subsections, for the section filter. */
export function sectionRankRange(index: SearchIndex, sectionId: number): [number, number] | null {
  const db = state().db;
  const row = db
    .prepare(
      `WITH RECURSIVE tree(id) AS (SELECT id FROM Section WHERE id = ? UNION ALL SELECT s.id FROM Section s JOIN tree ON s.parentId = tree.id)
       SELECT min(st.id) AS lo, max(st.id) AS hi, min(st.documentId) AS documentId FROM Sentence st WHERE st.sectionId IN (SELECT id FROM tree)`,
    )
    .get(sectionId) as { lo: number | null; hi: number | null; documentId: number | null };
  if (row.lo === null || row.hi === null || row.documentId === null) return null;
  const lo = index.rankOfSentence(row.documentId, row.lo);
  const hi = index.rankOfSentence(row.documentId, row.hi);
  return lo < 0 || hi < 0 ? null : [lo, hi + 1];
}

export interface HitRow {
  id: number;
  text: string;
  /** Positions in the document, for stable URLs. */
  ordinal: number;
  sectionOrdinal: number | null;
  documentId: number;
  sectionId: number | null;
  title: string;
  date: string | null;
  path: string | null;
}

/**
 * The sentences of one result page, with their documents and section paths, in
 * one indexed query on the engine's own connection (a page is fetched on every
 * search, so it skips the ORM).
 */
export function fetchHitRows(sentenceIds: number[]): HitRow[] {
  if (sentenceIds.length === 0) return [];
  const db = state().db;
  const placeholders = sentenceIds.map(() => '?').join(',');
  return db
    .prepare(
      `SELECT s.id, s.text, s.ordinal, sec.ordinal AS sectionOrdinal, s.documentId, s.sectionId, d.title, d.date, sec.path
       FROM Sentence s JOIN Document d ON d.id = s.documentId LEFT JOIN Section sec ON sec.id = s.sectionId
       WHERE s.id IN (${placeholders})`,
    )
    .all(...sentenceIds) as HitRow[];
}

/** The id of the phrase whose identity is exactly this folded string, if any. */
export function phraseIdForKey(key: string): number | null {
  const row = state().db.prepare('SELECT id FROM Phrase WHERE key = ?').get(key) as { id: number } | undefined;
  return row?.id ?? null;
}
