/**
 * The search engine: any string of one or more characters, in either script,
 * over every stored sentence. The index's segments (format.ts, built by
 * build.ts) are loaded once and shared by all requests of the process: their
 * gram dictionaries and folded text in memory, their postings read from the
 * database as searches ask for them (the server's, see PostingsOnDemand) or
 * held (scripts, tests). When an ingest writes a new generation, only the
 * segments that changed are loaded, in the background, and swapped in once
 * complete.
 *
 * 1-2 characters: the gram's posting lists are the answer (sentences containing it).
 * 3+ characters: the posting lists of its bigrams are intersected, rarest first,
 * and every candidate is verified against the folded sentence text, so counts
 * are exact. Filters (document, date range, section) are rank ranges, cut out
 * of each segment's lists before any work.
 */
import type { Db } from '../db/sqlite';
import { openDb, releaseCachedPages } from '../db/sqlite';
import { watchGeneration, type GenerationWatch } from '../db/generation';
import { foldToSimplified } from '../text/script';
import { indexableDocuments, liveDocuments, readBlob, readDictionary, readManifest, readSegmentMeta, type StoredDocument } from './build';
import { bigramKey, compareDocuments, POSTINGS_CHUNK_BYTES, readVarint, segmentKey, unigramKey, varintSize, writeVarint, type IndexedDocument, type SegmentMeta } from './format';

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

/** What the engine serves: its generation and documents in rank order. */
export interface IndexHeader {
  generation: string;
  sentences: number;
  documents: IndexedDocument[];
  /** Stored documents the index does not cover (an ingest was interrupted): the next ingest or `npm start` indexes them. */
  missing: number;
}

/** First index in sorted `a[lo, hi)` whose value is ≥ x. */
export function lowerBound(a: Int32Array | Uint32Array, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Ascending ranks, with the uses of the query in each when they were counted on the way. */
interface Matches {
  ranks: Int32Array;
  uses: Int32Array | null;
}

const NO_MATCHES: Matches = { ranks: new Int32Array(0), uses: null };

/** Merges two ascending lists (and their uses, if both have them) into one. */
function mergeTwo(x: Matches, y: Matches): Matches {
  const a = x.ranks;
  const b = y.ranks;
  const au = x.uses;
  const bu = y.uses;
  const out = new Int32Array(a.length + b.length);
  const outUses = au !== null && bu !== null ? new Int32Array(out.length) : null;
  let i = 0;
  let j = 0;
  let n = 0;
  if (outUses) {
    while (i < a.length && j < b.length) {
      if (a[i] <= b[j]) {
        outUses[n] = au![i];
        out[n++] = a[i++];
      } else {
        outUses[n] = bu![j];
        out[n++] = b[j++];
      }
    }
    outUses.set(au!.subarray(i), n);
    outUses.set(bu!.subarray(j), n + a.length - i);
  } else {
    while (i < a.length && j < b.length) out[n++] = a[i] <= b[j] ? a[i++] : b[j++];
  }
  out.set(a.subarray(i), n);
  out.set(b.subarray(j), n + a.length - i);
  return { ranks: out, uses: outUses };
}

/**
 * Merges ascending lists (and their uses, if every list has them) into one,
 * pairwise in rounds: each element is copied once per round (log2 of the
 * number of lists), not once per list merged after it, which is what one
 * segment after another costs at 1 GB (24 segments).
 */
function mergeSorted(lists: Matches[]): Matches {
  let parts = lists.filter((l) => l.ranks.length > 0);
  if (parts.length === 0) return NO_MATCHES;
  while (parts.length > 1) {
    const next: Matches[] = [];
    for (let k = 0; k + 1 < parts.length; k += 2) next.push(mergeTwo(parts[k], parts[k + 1]));
    if (parts.length % 2 === 1) next.push(parts[parts.length - 1]);
    parts = next;
  }
  return parts[0];
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

/**
 * Postings chunks recently read, shared by every segment of a process's
 * indexes, up to a number of bytes: the least recently used go first.
 */
export class ChunkCache {
  private readonly chunks = new Map<string, Buffer>();
  private bytes = 0;

  constructor(readonly budget: number) {}

  get(key: string): Buffer | undefined {
    const c = this.chunks.get(key);
    if (c) {
      // Most recently used last.
      this.chunks.delete(key);
      this.chunks.set(key, c);
    }
    return c;
  }

  set(key: string, chunk: Buffer): void {
    this.chunks.set(key, chunk);
    this.bytes += chunk.byteLength;
    for (const [k, v] of this.chunks) {
      if (this.bytes <= this.budget || k === key) break;
      this.chunks.delete(k);
      this.bytes -= v.byteLength;
    }
  }

  get size(): number {
    return this.bytes;
  }
}

/** A postings chunk is gone: a later index update merged its segment away (see LoadedSegment.entry). */
export class SegmentGoneError extends Error {}

/**
 * A segment's postings read from the database as they are asked for, a stored
 * chunk (POSTINGS_CHUNK_BYTES) at a time, through a cache. The ingest's linking
 * reads it in the transaction the index was loaded in, a snapshot in which
 * every segment it names exists. The server reads it on its own connection
 * outside any transaction (a snapshot held open would keep the ingest's
 * checkpoints from recycling the write-ahead log): segments are immutable, so
 * a chunk read is the chunk written, unless an update has deleted the segment
 * meanwhile, which SegmentGoneError says.
 */
export class PostingsOnDemand {
  private readonly read;

  constructor(
    db: Db,
    private readonly segment: string,
    private readonly cache: ChunkCache = new ChunkCache(LINKING_CHUNK_CACHE_BYTES),
  ) {
    this.read = db.prepare<[string], { blob: Buffer }>('SELECT blob FROM SearchMeta WHERE key = ?');
  }

  private chunk(i: number): Buffer {
    const key = `${segmentKey(this.segment, 'postings')}:${i}`;
    let c = this.cache.get(key);
    if (c) return c;
    const row = this.read.get(key);
    if (!row) throw new SegmentGoneError(`search index: segment ${this.segment} has no postings chunk ${i} (was it deleted while in use?)`);
    c = row.blob;
    this.cache.set(key, c);
    return c;
  }

  /** The bytes from `start` to `end`, as bytes and where they start in them: the chunk itself when it holds them all. */
  view(start: number, end: number): [Uint8Array, number] {
    const i = Math.floor(start / POSTINGS_CHUNK_BYTES);
    const from = start - i * POSTINGS_CHUNK_BYTES;
    if (end - i * POSTINGS_CHUNK_BYTES <= POSTINGS_CHUNK_BYTES) {
      const c = this.chunk(i);
      if (from + (end - start) <= c.length) return [c, from];
    }
    return [this.slice(start, end), 0];
  }

  /** The bytes from `start` to `end`. */
  slice(start: number, end: number): Uint8Array {
    const out = new Uint8Array(end - start);
    for (let at = start; at < end; ) {
      const i = Math.floor(at / POSTINGS_CHUNK_BYTES);
      const c = this.chunk(i);
      const from = at - i * POSTINGS_CHUNK_BYTES;
      const n = Math.min(end - at, c.length - from);
      if (n <= 0) throw new Error(`search index: segment ${this.segment}'s postings end before byte ${at}`);
      out.set(c.subarray(from, from + n), at - start);
      at += n;
    }
    return out;
  }
}

/** Chunks a linking pass keeps (its own cache): a few new phrases' grams, looked up in every segment. */
const LINKING_CHUNK_CACHE_BYTES = 8 * 1024 * 1024;

/** One stored segment in memory: its postings (compressed) and, for verification, its folded text. */
export class LoadedSegment {
  constructor(
    readonly meta: SegmentMeta,
    private readonly keys: Uint32Array,
    private readonly offsets: Uint32Array,
    /** In memory, or read as needed. */
    private readonly postings: Uint8Array | PostingsOnDemand,
    /** Folded text of the live sentences as UTF-16 code units, and where each local rank's starts (null: not loaded). */
    private readonly codes: Uint16Array | null,
    private readonly textStart: Uint32Array | null,
  ) {}

  /** Bytes the postings and their dictionary take. */
  get indexBytes(): number {
    return this.keys.byteLength + this.offsets.byteLength + this.postingBytes;
  }

  /** Bytes of the postings as stored: where the last gram's entry ends. */
  get storedPostingBytes(): number {
    return this.offsets[this.offsets.length - 1];
  }

  get postingsOnDemand(): boolean {
    return !(this.postings instanceof Uint8Array);
  }

  /** Bytes of postings held (none when read as needed). */
  get postingBytes(): number {
    return this.postings instanceof Uint8Array ? this.postings.byteLength : 0;
  }

  /**
   * A gram's entry: the bytes that hold it and where it starts in them. When
   * the segment is gone from the database (an update merged it away before
   * this process loaded the next generation), the entry is worked out from the
   * segment's folded text, which this process holds: the same ranks for its
   * live sentences (the only ones a search keeps), slower, until the next
   * generation is swapped in.
   */
  private entry(i: number): [Uint8Array, number] {
    if (this.postings instanceof Uint8Array) return [this.postings, this.offsets[i]];
    if (!this.gone) {
      try {
        return this.postings.view(this.offsets[i], this.offsets[i + 1]);
      } catch (e) {
        if (!(e instanceof SegmentGoneError) || !this.codes) throw e;
        this.gone = new Map();
      }
    }
    const key = this.keys[i];
    let entry = this.gone.get(key);
    if (!entry) {
      entry = this.entryFromText(key);
      this.gone.set(key, entry);
      if (this.gone.size > GONE_ENTRIES_KEPT) this.gone.delete(this.gone.keys().next().value!);
    }
    return [entry, 0];
  }

  /** Entries worked out from the text since the segment was found gone (see entry), by key. */
  private gone: Map<number, Uint8Array> | null = null;

  /** A gram's entry as the builder lays it out (format.ts), from the folded text of the live sentences. */
  private entryFromText(key: number): Uint8Array {
    const codes = this.codes!;
    const start = this.textStart!;
    const c1 = key < 65536 ? key : Math.floor(key / 65536);
    const c2 = key < 65536 ? -1 : key % 65536;
    const ranks: number[] = [];
    let uses = 0;
    for (let r = 0; r + 1 < start.length; r++) {
      let n = 0;
      for (let i = start[r], end = start[r + 1]; i < end; i++) {
        if (codes[i] !== c1) continue;
        if (c2 < 0) n++;
        else if (i + 1 < end && codes[i + 1] === c2) {
          n++;
          i++; // non-overlapping, as a search counts
        }
      }
      if (n > 0) {
        ranks.push(r);
        uses += n;
      }
    }
    const out = new Uint8Array(5 * (ranks.length + 2));
    let at = writeVarint(out, 0, uses);
    at = writeVarint(out, at, ranks.length);
    let last = 0;
    for (const r of ranks) {
      at = writeVarint(out, at, r - last);
      last = r;
    }
    return out.subarray(0, at);
  }

  get textBytes(): number {
    return (this.codes?.byteLength ?? 0) + (this.textStart?.byteLength ?? 0);
  }

  get hasTexts(): boolean {
    return this.codes !== null;
  }

  private gramIndex(key: number): number {
    const i = lowerBound(this.keys, key);
    return i < this.keys.length && this.keys[i] === key ? i : -1;
  }

  /** A gram's uses in this segment, from the head of its entry (0 if absent). */
  uses(key: number): number {
    const i = this.gramIndex(key);
    if (i < 0) return 0;
    const [p, start] = this.entry(i);
    return readVarint(p, start);
  }

  /** The ascending local ranks of a gram's sentences. */
  ranks(key: number): Int32Array {
    const i = this.gramIndex(key);
    if (i < 0) return new Int32Array(0);
    const [p, start] = this.entry(i);
    // The head: uses, then the number of sentences.
    let at = start + varintSize(readVarint(p, start));
    const n = readVarint(p, at);
    at += varintSize(n);
    const out = new Int32Array(n);
    let r = 0;
    for (let k = 0; k < n; k++) {
      // Inlined varint: this loop is the hot path of every search.
      let b = p[at++];
      let v = b & 0x7f;
      if (b & 0x80) {
        let shift = 7;
        do {
          b = p[at++];
          v += (b & 0x7f) * 2 ** shift;
          shift += 7;
        } while (b & 0x80);
      }
      r += v;
      out[k] = r;
    }
    return out;
  }

  /** Bytes of a gram's entry: a cheap measure of how common it is. */
  entryBytes(key: number): number {
    const i = this.gramIndex(key);
    return i < 0 ? 0 : this.offsets[i + 1] - this.offsets[i];
  }

  text(local: number): string {
    if (!this.codes || !this.textStart) throw new Error('search index: loaded without its text');
    return Buffer.from(this.codes.buffer, this.codes.byteOffset, this.codes.byteLength).toString('utf16le', this.textStart[local] * 2, this.textStart[local + 1] * 2);
  }

  /** Non-overlapping uses of the needle in a sentence (0 if none), counted on the code units in place (see countUses). */
  count(local: number, needle: Needle): number {
    return countUses(this.codes!, this.textStart![local], this.textStart![local + 1], needle);
  }

  /**
   * Keeps the candidates (ascending local ranks, the first n of `ranks`) that hold the needle,
   * in place, with their uses; returns how many. A candidate's text is a cache miss or two at
   * random in hundreds of MB: verified one after the other, each waits for its own. So each
   * block of candidates is first touched in a loop of independent reads, which the processor
   * runs side by side, and then verified from the cache.
   */
  verify(ranks: Int32Array, n: number, needle: Needle, uses: Int32Array): number {
    const codes = this.codes!;
    const start = this.textStart!;
    let kept = 0;
    let touched = 0;
    for (let b0 = 0; b0 < n; b0 += VERIFY_BLOCK) {
      const b1 = Math.min(n, b0 + VERIFY_BLOCK);
      for (let i = b0; i < b1; i++) {
        const r = ranks[i];
        // The first and the last code unit: a sentence spans one to three cache lines.
        touched ^= codes[start[r]] ^ codes[start[r + 1] - 1];
      }
      for (let i = b0; i < b1; i++) {
        const r = ranks[i];
        const u = countUses(codes, start[r], start[r + 1], needle);
        if (u > 0) {
          ranks[kept] = r;
          uses[kept++] = u;
        }
      }
    }
    this.touched = touched;
    return kept;
  }

  /** Where verify's reads go, so that they are not optimised away. */
  private touched = 0;
}

/** Candidates touched, then verified, at a time (see LoadedSegment.verify). */
const VERIFY_BLOCK = 16;
/**
 * A 3+ character query's bigram lists intersected: those up to this many times the rarest's
 * bytes (see SearchIndex.intersect). Decoding a byte of postings costs about 6 ns with its
 * read, verifying a candidate 100-200 ns.
 */
const INTERSECT_MAX_RATIO = 8;
/** Entries of a gone segment worked out from its text and kept (see LoadedSegment.entry). */
const GONE_ENTRIES_KEPT = 64;

/**
 * Non-overlapping uses of the needle in text[from, to), left to right, as
 * String.indexOf would find them: verifying and counting thousands of
 * candidates makes no strings. Horspool's scan: the code unit under the
 * needle's last says how far the needle may move on, its whole length for one
 * the needle does not hold. Verifying is most of a 3+ character search's time
 * at 1 GB, and this reads a few of each sentence's characters, not all.
 */
export function countUses(text: Uint16Array, from: number, to: number, needle: Needle): number {
  const codes = needle.codes;
  const shift = needle.shift;
  const inNeedle = needle.inNeedle;
  const m = codes.length;
  const lastAt = m - 1;
  const last = codes[lastAt];
  const end = to - m;
  let n = 0;
  let i = from;
  while (i <= end) {
    const c = text[i + lastAt];
    if (c === last) {
      let k = 0;
      while (k < lastAt && text[i + k] === codes[k]) k++;
      if (k === lastAt) {
        // Uses do not overlap: go on after this one.
        n++;
        i += m;
        continue;
      }
    }
    i += (inNeedle[(c >> 5) & 7] >>> (c & 31)) & 1 ? shift[c] : m;
  }
  return n;
}

/** A folded query as code units, with Horspool's shift for each code unit (see LoadedSegment.count). */
export class Needle {
  readonly codes: Uint16Array;
  /** How far the needle may move on when a code unit is under its last one (capped at 255, a safe shift). */
  readonly shift: Uint8Array;
  /**
   * The code units before the needle's last, as 256 bits (by the low 8 bits of each): a code
   * unit whose bit is clear is not among them, and the needle moves on by its whole length
   * without a look at `shift`. Chinese text spreads over some 20,000 code units, 20 KB of
   * `shift`, read at random; the 32 bytes here stay in the first-level cache.
   */
  readonly inNeedle: Int32Array;

  constructor(folded: string) {
    const m = folded.length;
    if (m === 0) throw new Error('search index: an empty needle');
    this.codes = new Uint16Array(m);
    for (let i = 0; i < m; i++) this.codes[i] = folded.charCodeAt(i);
    this.shift = new Uint8Array(65536).fill(Math.min(255, m));
    this.inNeedle = new Int32Array(8);
    for (let k = 0; k < m - 1; k++) {
      const c = this.codes[k];
      this.shift[c] = Math.min(255, m - 1 - k);
      this.inNeedle[(c >> 5) & 7] |= 1 << (c & 31);
    }
  }
}

/** A document's place in its segment and among all live sentences. */
interface PlacedDocument extends IndexedDocument {
  segment: number;
  localFirst: number;
}

/** The live segments seen as one index with global ranks (see format.ts). */
export class SearchIndex {
  readonly header: IndexHeader;
  private readonly docs: PlacedDocument[];
  private readonly docById = new Map<number, PlacedDocument>();
  /** Per segment: local rank → global rank (-1 for a replaced document's sentences). */
  private readonly toGlobal: Int32Array[];
  /** Per segment: its live documents in rank order. */
  private readonly liveOf: PlacedDocument[][];
  /** Per segment: the constant global - local when its sentences are all live and contiguous globally (else null). */
  private readonly shiftOf: Array<number | null>;
  /**
   * Recently used whole lists, by folded query, global ranks: common grams (1-2
   * characters), and 3+ character queries with their uses. A search page's
   * next page, its other order and its date filters reuse them.
   */
  private readonly resultCache = new Map<string, Matches>();
  /** End rank (exclusive) of each document, in rank order. */
  private readonly docEnds: Int32Array;
  private resultCacheBytes = 0;
  /** True when a segment holds replaced documents: its gram totals then count them too. */
  private readonly someDead: boolean;

  constructor(
    readonly segments: LoadedSegment[],
    live: Array<Set<number>>,
    generation: string,
    missing: number,
  ) {
    const docs: PlacedDocument[] = [];
    let dead = false;
    segments.forEach((seg, i) => {
      let local = 0;
      for (const d of seg.meta.documents) {
        if (live[i].has(d.id)) docs.push({ ...d, firstRank: 0, segment: i, localFirst: local });
        else dead = true;
        local += d.count;
      }
    });
    docs.sort(compareDocuments);
    this.toGlobal = segments.map((s) => new Int32Array(s.meta.sentences).fill(-1));
    this.liveOf = segments.map(() => []);
    let rank = 0;
    for (const d of docs) {
      d.firstRank = rank;
      const map = this.toGlobal[d.segment];
      for (let k = 0; k < d.count; k++) map[d.localFirst + k] = rank + k;
      rank += d.count;
      this.docById.set(d.id, d);
      this.liveOf[d.segment].push(d);
    }
    // Within a segment, live documents are in the same order locally and globally.
    for (const list of this.liveOf) list.sort((a, b) => a.localFirst - b.localFirst);
    this.shiftOf = this.toGlobal.map((map) => {
      if (map.length === 0) return null;
      const shift = map[0] - 0;
      for (let i = 0; i < map.length; i++) if (map[i] !== i + shift || map[i] < 0) return null;
      return shift;
    });
    this.docs = docs;
    this.docEnds = Int32Array.from(docs, (d) => d.firstRank + d.count);
    this.someDead = dead;
    this.header = { generation, sentences: rank, documents: docs, missing };
  }

  /**
   * Loads the stored index in one read transaction (one snapshot: an ingest
   * committing meanwhile cannot mix old postings with new sentences). Null
   * when there is none. `texts: false` loads the postings only (enough to
   * find candidates, as the ingest's linking does); `postings: 'on-demand'`
   * only their dictionaries, reading a gram's postings when it is asked for
   * (for a few lookups in a large index: see PostingsOnDemand).
   */
  static load(db: Db, options: LoadOptions = {}): SearchIndex | null {
    return db.transaction(() => {
      const steps = loadSteps(db, options);
      for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
    })();
  }

  /**
   * Bytes of postings and dictionaries (`index`), and of folded text, held in
   * memory; `storedPostingBytes`: the postings as stored, held or not.
   */
  memory(): { index: number; postingBytes: number; storedPostingBytes: number; postings: number; text: number; chars: number } {
    let index = 0;
    let text = 0;
    let chars = 0;
    let postingBytes = 0;
    let storedPostingBytes = 0;
    let postings = 0;
    for (const s of this.segments) {
      index += s.indexBytes;
      postingBytes += s.postingBytes;
      storedPostingBytes += s.storedPostingBytes;
      postings += s.meta.postings;
      text += s.textBytes;
      chars += s.meta.chars;
    }
    index += this.toGlobal.reduce((n, a) => n + a.byteLength, 0);
    return { index, postingBytes, storedPostingBytes, postings, text, chars };
  }

  /** Whether the gram counts stored with the segments are exact: no segment holds replaced documents. */
  get gramCountsExact(): boolean {
    return !this.someDead;
  }

  /**
   * Uses of a one- or two-character wording in the indexed sentences: the sum
   * of the counts stored with its gram when they are exact, else counted in
   * the sentences (null when the index was loaded without its text).
   */
  gramUses(wording: string): number | null {
    const folded = foldToSimplified(wording).replace(/\s+/g, '');
    if (folded.length < 1 || folded.length > 2) throw new Error(`search index: gramUses takes 1-2 characters, not ${JSON.stringify(wording)}`);
    if (!this.someDead) {
      const key = this.gramKey(folded);
      return this.segments.reduce((n, s) => n + s.uses(key), 0);
    }
    if (!this.segments.every((s) => s.hasTexts)) return null;
    return this.search(folded, { pageSize: 1 }).occurrences;
  }

  private gramKey(folded: string): number {
    return folded.length === 1 ? unigramKey(folded.charCodeAt(0)) : bigramKey(folded.charCodeAt(0), folded.charCodeAt(1));
  }

  documentOfRank(rank: number): IndexedDocument {
    return this.placedOfRank(rank);
  }

  private placedOfRank(rank: number): PlacedDocument {
    return this.docs[this.docIndexOfRank(rank)];
  }

  /** The index of the document holding a rank: a search of the end ranks (a typed array, not the document objects, which at 1 GB are 66,000 pointers to chase). */
  private docIndexOfRank(rank: number): number {
    const ends = this.docEnds;
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid] <= rank) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The sentence id of a rank: a document's sentences have consecutive ids (readFoldedSentences). */
  sentenceIdOf(rank: number): number {
    const d = this.placedOfRank(rank);
    return d.firstSentenceId + rank - d.firstRank;
  }

  /** The rank of a stored sentence, or -1 if it is not indexed. */
  rankOfSentence(documentId: number, sentenceId: number): number {
    const d = this.docById.get(documentId);
    if (!d) return -1;
    const at = sentenceId - d.firstSentenceId;
    return at >= 0 && at < d.count ? d.firstRank + at : -1;
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
    for (const d of this.docs) {
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

  /** The folded text of a sentence, by rank. */
  text(rank: number): string {
    const d = this.placedOfRank(rank);
    return this.segments[d.segment].text(d.localFirst + rank - d.firstRank);
  }

  /** The folded text of the sentence at a rank, for callers that verify patterns of their own (lib/search/pattern.ts, lib/data/compare.ts). */
  foldedText(rank: number): string {
    return this.text(rank);
  }

  /** The rank range [first, end) of a document's sentences, or null if the index does not hold it. */
  documentRange(documentId: number): [number, number] | null {
    const d = this.docById.get(documentId);
    return d ? [d.firstRank, d.firstRank + d.count] : null;
  }

  /** Ranks of the sentences within the ranges that contain the folded query, in ascending order. */
  matchingRanks(folded: string, ranges: Array<[number, number]>): Int32Array {
    return this.cut(this.matchingRanksIn(folded, ranges, true), ranges).ranks;
  }

  /**
   * Ranks of the sentences that may contain the folded query: for 3+
   * characters, those holding all its bigrams, not verified against the text
   * (the caller reads the sentences). Works on an index loaded without texts.
   */
  candidateRanks(folded: string, ranges: Array<[number, number]> = [[0, this.header.sentences]], segments?: (meta: SegmentMeta) => boolean): Int32Array {
    return this.cut(this.matchingRanksIn(folded, ranges, false, segments), ranges).ranks;
  }

  private cut(all: Matches, ranges: Array<[number, number]>): Matches {
    if (ranges.length <= 1) return all;
    const spans = ranges.map(([a, b]) => [lowerBound(all.ranks, a), lowerBound(all.ranks, b)]);
    const size = spans.reduce((n, [a, b]) => n + b - a, 0);
    const ranks = new Int32Array(size);
    const uses = all.uses ? new Int32Array(size) : null;
    let at = 0;
    for (const [a, b] of spans) {
      ranks.set(all.ranks.subarray(a, b), at);
      uses?.set(all.uses!.subarray(a, b), at);
      at += b - a;
    }
    return { ranks, uses };
  }

  /** The local ranks of segment `s` whose global ranks may fall in [lo, hi). */
  private localRange(s: number, lo: number, hi: number): [number, number] {
    const live = this.liveOf[s];
    // First live document ending after lo; last one starting before hi.
    let a = 0;
    let b = live.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (live[m].firstRank + live[m].count <= lo) a = m + 1;
      else b = m;
    }
    if (a >= live.length) return [0, 0];
    let c = a;
    let e = live.length;
    while (c < e) {
      const m = (c + e) >>> 1;
      if (live[m].firstRank < hi) c = m + 1;
      else e = m;
    }
    if (c === a) return [0, 0];
    const first = live[a];
    const last = live[c - 1];
    return [first.localFirst + Math.max(0, lo - first.firstRank), last.localFirst + Math.min(last.count, hi - last.firstRank)];
  }

  private matchingRanksIn(folded: string, ranges: Array<[number, number]>, verify: boolean, only?: (meta: SegmentMeta) => boolean): Matches {
    if (folded.length === 0 || ranges.length === 0) return NO_MATCHES;
    const lo = ranges[0][0];
    const hi = ranges[ranges.length - 1][1];
    if (lo >= hi) return NO_MATCHES;
    // A whole list (a gram's, or a verified query's), cached while it is among the recent large
    // ones, cut to the ranges. Grams are always listed whole: their lists are the cheap part.
    const whole = lo === 0 && hi === this.header.sentences;
    if (!only && (folded.length <= 2 || (verify && (whole || this.resultCache.has(folded))))) {
      let list = this.resultCache.get(folded);
      if (list) {
        this.resultCache.delete(folded);
        this.resultCache.set(folded, list);
      } else {
        list = this.matchingRanksIn(folded, [[0, this.header.sentences]], verify, () => true);
        if (list.ranks.length >= (folded.length <= 2 ? GRAM_CACHE_MIN : QUERY_CACHE_MIN)) this.remember(folded, list);
      }
      if (whole) return list;
      const a = lowerBound(list.ranks, lo);
      const b = lowerBound(list.ranks, hi);
      return { ranks: list.ranks.subarray(a, b), uses: list.uses ? list.uses.subarray(a, b) : null };
    }
    const parts: Matches[] = [];
    const needle = verify && folded.length > 2 ? new Needle(folded) : null;
    this.segments.forEach((seg, s) => {
      if (only && !only(seg.meta)) return;
      const [a, b] = this.localRange(s, lo, hi);
      if (a >= b) return;
      const local: Matches = folded.length <= 2 ? { ranks: this.cutLocal(seg.ranks(this.gramKey(folded)), a, b), uses: null } : this.intersect(seg, folded, a, b, needle);
      if (this.shiftOf[s] === 0) {
        // Local ranks are global ones, all within [lo, hi): the list as it is.
        parts.push(local);
        return;
      }
      const map = this.toGlobal[s];
      const out = new Int32Array(local.ranks.length);
      const outUses = local.uses ? new Int32Array(local.ranks.length) : null;
      let n = 0;
      for (let i = 0; i < local.ranks.length; i++) {
        const g = map[local.ranks[i]];
        if (g >= lo && g < hi) {
          if (outUses) outUses[n] = local.uses![i];
          out[n++] = g;
        }
      }
      parts.push({ ranks: out.subarray(0, n), uses: outUses ? outUses.subarray(0, n) : null });
    });
    return mergeSorted(parts);
  }

  /** Keeps a whole list, dropping the least recently used ones over RESULT_CACHE_BYTES. */
  private remember(folded: string, found: Matches): void {
    const bytes = (m: Matches) => m.ranks.byteLength + (m.uses?.byteLength ?? 0);
    // A list cut from a larger buffer (verified candidates) would keep the whole buffer alive.
    const own = (a: Int32Array) => (a.byteLength < a.buffer.byteLength ? a.slice() : a);
    const list = { ranks: own(found.ranks), uses: found.uses ? own(found.uses) : null };
    this.resultCache.set(folded, list);
    this.resultCacheBytes += bytes(list);
    for (const [k, v] of this.resultCache) {
      if (this.resultCacheBytes <= RESULT_CACHE_BYTES) break;
      this.resultCache.delete(k);
      this.resultCacheBytes -= bytes(v);
    }
  }

  private cutLocal(list: Int32Array, a: number, b: number): Int32Array {
    return list.subarray(lowerBound(list, a), lowerBound(list, b));
  }

  /** Local ranks in [a, b) holding every bigram of the query (and, given its needle, the query itself). */
  private intersect(seg: LoadedSegment, folded: string, a: number, b: number, needle: Needle | null): Matches {
    const seen = new Set<number>();
    const keys: number[] = [];
    for (let i = 0; i + 1 < folded.length; i++) {
      const key = bigramKey(folded.charCodeAt(i), folded.charCodeAt(i + 1));
      if (seen.has(key)) continue;
      seen.add(key);
      if (seg.entryBytes(key) === 0) return NO_MATCHES;
      keys.push(key);
    }
    // Rarest first: only the rarest list is decoded whole before the others are needed.
    keys.sort((x, y) => seg.entryBytes(x) - seg.entryBytes(y));
    const smallest = this.cutLocal(seg.ranks(keys[0]), a, b);
    if (smallest.length === 0) return NO_MATCHES;
    // When the candidates are verified against the text anyway, a list much longer than the
    // rarest is not worth reading: it costs more to read and decode than the few candidates it
    // would rule out cost to verify (a sentence holding 小康 and 康社 nearly always holds 社会).
    const used = needle ? keys.filter((k, i) => i === 0 || seg.entryBytes(k) <= INTERSECT_MAX_RATIO * seg.entryBytes(keys[0])) : keys;
    const others = used.slice(1).map((k) => this.cutLocal(seg.ranks(k), a, b));
    const cursors = new Int32Array(others.length);
    const out = new Int32Array(smallest.length);
    let n = 0;
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
      out[n++] = r;
    }
    if (!needle) return { ranks: out.subarray(0, n), uses: null };
    // Verify (the bigrams may occur apart), counting the uses on the way.
    const uses = new Int32Array(n);
    const kept = seg.verify(out, n, needle, uses);
    return { ranks: out.subarray(0, kept), uses: uses.subarray(0, kept) };
  }

  search(query: string, options: SearchOptions = {}, sectionRange?: [number, number] | null): SearchResult {
    const folded = foldToSimplified(query).replace(/\s+/g, '');
    const page = Math.max(1, Math.floor(options.page ?? 1));
    const pageSize = Math.min(200, Math.max(1, Math.floor(options.pageSize ?? 20)));
    const ranges = this.rankRanges(options, sectionRange);
    const matches = this.cut(this.matchingRanksIn(folded, ranges, true), ranges);
    const ranks = matches.ranks;
    const total = ranks.length;
    // A 1-2 character query over everything: its uses were counted when the segments were built.
    const whole = ranges.length === 1 && ranges[0][0] === 0 && ranges[0][1] === this.header.sentences;
    let known: number | null = null;
    if (whole && !this.someDead && folded.length >= 1 && folded.length <= 2) {
      const key = this.gramKey(folded);
      known = this.segments.reduce((n, s) => n + s.uses(key), 0);
    }
    if (known === null && matches.uses) known = matches.uses.reduce((n, u) => n + u, 0);
    const { occurrences, documents } = this.tally(folded, ranks, known);
    const hits: SearchHitRef[] = [];
    const start = (page - 1) * pageSize;
    for (let i = start; i < Math.min(total, start + pageSize); i++) {
      const rank = options.order === 'desc' ? ranks[total - 1 - i] : ranks[i];
      const text = this.text(rank);
      const matches: Array<[number, number]> = [];
      for (let at = text.indexOf(folded); at >= 0; at = text.indexOf(folded, at + folded.length)) {
        matches.push([at, at + folded.length]);
      }
      hits.push({ rank, sentenceId: this.sentenceIdOf(rank), documentId: this.documentOfRank(rank).id, matches });
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
    if (ranks.length === 0) return { occurrences, documents };
    const needle = new Needle(folded);
    const ends = this.docEnds;
    // Ranks ascend: the document index only moves forward, mostly to the next document.
    let di = this.docIndexOfRank(ranks[0]);
    let counted = -1;
    for (let i = 0; i < ranks.length; i++) {
      const r = ranks[i];
      if (r >= ends[di]) di = r < ends[di + 1] ? di + 1 : this.docIndexOfRank(r);
      if (di !== counted) {
        counted = di;
        documents++;
      }
      if (knownUses === null) {
        const doc = this.docs[di];
        occurrences += this.segments[doc.segment].count(doc.localFirst + r - doc.firstRank, needle);
      }
    }
    return { occurrences, documents };
  }
}

/** Whole lists kept: gram lists of at least GRAM_CACHE_MIN sentences, 3+ character ones of QUERY_CACHE_MIN (each verified candidate costs a read of its sentence), up to RESULT_CACHE_BYTES in all. */
const GRAM_CACHE_MIN = 4096;
const QUERY_CACHE_MIN = 256;
const RESULT_CACHE_BYTES = 32 * 1024 * 1024;

/** Documents of folded text read per step of a load: a background load yields between steps. */
const LOAD_STEP_DOCUMENTS = 64;

/**
 * Loads the index step by step (a generator: the server runs it across event
 * loop turns so no request waits on it). Segments of `reuse` that are still
 * live are shared, not read again; the caller holds the read transaction.
 */
export interface LoadOptions {
  /** Load the folded text, to verify 3+ character queries (default true). */
  texts?: boolean;
  /** Postings held in memory (default), or read as they are asked for (see PostingsOnDemand). */
  postings?: 'memory' | 'on-demand';
  /** Where postings read on demand come from (default: the connection loading) and the cache they go through. */
  postingsFrom?: { db: Db; cache: ChunkCache };
  /** An index loaded before, whose segments still live are shared. */
  reuse?: SearchIndex | null;
}

export function* loadSteps(db: Db, options: LoadOptions = {}): Generator<void, SearchIndex | null> {
  const texts = options.texts ?? true;
  const reuse = options.reuse ?? null;
  const onDemand = options.postings === 'on-demand';
  const manifest = readManifest(db);
  if (!manifest) return null;
  const stored = indexableDocuments(db);
  const metas = manifest.segments.map((s) => readSegmentMeta(db, s));
  const live = liveDocuments(metas, stored);
  let covered = 0;
  for (const l of live) covered += l.size;
  const old = new Map((reuse?.segments ?? []).map((s) => [s.meta.id, s]));
  const reusedDocuments = new Set((reuse?.header.documents ?? []).map((d) => d.id));
  const segments: LoadedSegment[] = [];
  for (let i = 0; i < metas.length; i++) {
    const meta = metas[i];
    const shared = old.get(meta.id);
    // A segment is immutable; its text holds only the documents live when it was loaded.
    if (shared && (shared.hasTexts || !texts) && shared.postingsOnDemand === onDemand && [...live[i]].every((id) => reusedDocuments.has(id))) {
      segments.push(shared);
      continue;
    }
    yield;
    const { keys, offsets } = readDictionary(db, meta.id);
    const postings = onDemand
      ? new PostingsOnDemand(options.postingsFrom?.db ?? db, meta.id, options.postingsFrom?.cache)
      : (readBlob(db, meta.id, 'postings') as Uint8Array);
    let codes: Uint16Array | null = null;
    let textStart: Uint32Array | null = null;
    if (texts) {
      const liveChars = meta.documents.reduce((n, d) => n + (live[i].has(d.id) ? (stored.get(d.id) as StoredDocument).chars : 0), 0);
      let buf: Uint16Array = new Uint16Array(Math.max(1, liveChars));
      let textBuf = Buffer.from(buf.buffer);
      textStart = new Uint32Array(meta.sentences + 1);
      const bySentence = db.prepare<[number], { text: string }>('SELECT text FROM Sentence WHERE documentId = ? ORDER BY id');
      let local = 0;
      let at = 0;
      let step = 0;
      for (const d of meta.documents) {
        if (live[i].has(d.id)) {
          for (const row of bySentence.all(d.id)) {
            const folded = foldToSimplified(row.text);
            if (at + folded.length > buf.length) {
              const grown: Uint16Array = new Uint16Array(Math.max(buf.length * 2, at + folded.length));
              grown.set(buf.subarray(0, at));
              buf = grown;
              textBuf = Buffer.from(buf.buffer);
            }
            textStart[local++] = at;
            textBuf.write(folded, at * 2, 'utf16le');
            at += folded.length;
          }
        } else for (let k = 0; k < d.count; k++) textStart[local++] = at;
        if (++step % LOAD_STEP_DOCUMENTS === 0) yield;
      }
      textStart[local] = at;
      codes = at < buf.length / 2 ? buf.slice(0, at) : buf;
    }
    segments.push(new LoadedSegment(meta, keys, offsets, postings, codes, textStart));
  }
  return new SearchIndex(segments, live, manifest.generation, stored.size - covered);
}

// ---------------------------------------------------------------------------
// The process-wide engine, reloaded in the background when ingestion updates the index.

interface EngineState {
  db: Db;
  /** The postings chunks the server's searches read (see PostingsOnDemand), on `db`. */
  chunks: ChunkCache;
  /** The server's timer asking for new generations (preloadIndex). */
  poll: NodeJS.Timeout | null;
  /** A connection of its own for background loads: their read transaction spans many turns. */
  loader: Db | null;
  generation: string | null;
  index: SearchIndex | null;
  /** The load under way, if any. */
  loading: Promise<void> | null;
  warned: string | null;
  /** Announcements of new generations (PostgreSQL), so that a search need not ask; null on SQLite. */
  watch: GenerationWatch | null;
}

const g = globalThis as unknown as { tifaSearch?: EngineState };

/**
 * Postings chunks the server keeps (64 KB each). The postings themselves are
 * not held: 871 MB at 1 GB of text, read instead as searches ask, a few
 * hundred chunks for the commonest grams, from the database's cached pages.
 * Whole lists of common grams and queries are kept apart (RESULT_CACHE_BYTES).
 */
const SERVER_CHUNK_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * How a server loads an index: with the text, postings read on demand on `db`
 * (its request connection) through one cache. Benchmarks load it so too.
 */
export function servingOptions(db: Db, cache = new ChunkCache(SERVER_CHUNK_CACHE_BYTES), reuse: SearchIndex | null = null): LoadOptions {
  return { texts: true, postings: 'on-demand', postingsFrom: { db, cache }, reuse };
}

function serverLoad(s: EngineState, reuse: SearchIndex | null): LoadOptions {
  return servingOptions(s.db, s.chunks, reuse);
}

function state(): EngineState {
  if (!g.tifaSearch) {
    const db = openDb({ readonly: true });
    g.tifaSearch = { db, chunks: new ChunkCache(SERVER_CHUNK_CACHE_BYTES), poll: null, loader: null, generation: null, index: null, loading: null, warned: null, watch: watchGeneration(db) };
  }
  return g.tifaSearch;
}

/** The stored generation: as announced if the server listens, else read from the database. */
function latestGeneration(s: EngineState): string | null {
  const announced = s.watch?.current();
  if (announced !== undefined) return announced;
  const stored = storedGeneration(s.db);
  s.watch?.seen(stored);
  return stored;
}

function storedGeneration(db: Db): string | null {
  const row = db.prepare("SELECT value FROM SearchMeta WHERE key = 'generation'").get() as { value: string } | undefined;
  return row?.value ?? null;
}

function warnIfBehind(s: EngineState): void {
  const missing = s.index?.header.missing ?? 0;
  if (missing > 0 && s.warned !== s.generation) {
    s.warned = s.generation;
    console.warn(`search: ${missing} stored documents are not in the search index yet; \`npm run ingest\` (any run) or \`npm start\` indexes them`);
  }
}

/**
 * Loads the stored generation across event-loop turns on the loader
 * connection (segments already loaded are shared), then swaps it in: requests
 * keep being served, by the index loaded before, meanwhile.
 */
function loadInBackground(s: EngineState): Promise<void> {
  const db = (s.loader ??= openDb({ readonly: true }));
  return new Promise<void>((resolve) => {
    db.exec('BEGIN');
    let steps: Generator<void, SearchIndex | null>;
    let generation: string | null = null;
    const finish = (index: SearchIndex | null, error?: unknown) => {
      db.exec('COMMIT');
      // The load read every segment once: give back the pages it cached (it is idle until the next generation).
      releaseCachedPages(db);
      s.loading = null;
      if (error) console.error(`search: could not load the index: ${(error as Error).message}`);
      else {
        s.index = index;
        s.generation = generation;
        warnIfBehind(s);
      }
      resolve();
    };
    const step = () => {
      try {
        steps ??= ((generation = storedGeneration(db)), loadSteps(db, serverLoad(s, s.index)));
        const r = steps.next();
        if (r.done) finish(r.value);
        else setImmediate(step);
      } catch (e) {
        finish(null, e);
      }
    };
    setImmediate(step);
  });
}

/** Starts loading a new generation if ingestion wrote one; returns the load under way, if any. */
function refresh(s: EngineState): Promise<void> | null {
  if (!s.loading && latestGeneration(s) !== s.generation) s.loading = loadInBackground(s);
  return s.loading;
}

/**
 * The index to search, for requests: the one loaded (a newer generation
 * loads in the background meanwhile); only before the first load completes
 * does a request wait, without blocking other requests.
 */
export async function readyIndex(): Promise<SearchIndex | null> {
  const s = state();
  const loading = refresh(s);
  if (s.index === null && loading) await loading;
  return s.index;
}

/** Starts loading the index (at server start), so the first search does not wait for it. */
export function preloadIndex(): Promise<void> | null {
  const s = state();
  s.poll ??= setInterval(() => {
    try {
      void refresh(s);
    } catch (e) {
      console.error(`search: could not check for a new index: ${(e as Error).message}`);
    }
  }, GENERATION_POLL_MS).unref();
  return refresh(s);
}

/**
 * How often a server asks for a new generation between requests (besides at
 * every request): an idle server follows the ingests too, so the segments its
 * index names are those of the latest generation, which an update's merges
 * leave in place (see LoadedSegment.entry for when they do not).
 */
const GENERATION_POLL_MS = 2000;

/**
 * The current index, synchronously (editor actions, scripts): loaded in place
 * if nothing is loaded yet, else as readyIndex.
 */
export function currentIndex(): SearchIndex | null {
  const s = state();
  if (s.index === null && !s.loading) {
    const generation = latestGeneration(s);
    if (generation !== s.generation) {
      s.index = generation ? SearchIndex.load(s.db, serverLoad(s, null)) : null;
      s.generation = generation;
      warnIfBehind(s);
    }
    return s.index;
  }
  refresh(s);
  return s.index;
}

/** The rank range of a section and its subsections, for the section filter. */
export function sectionRankRange(index: SearchIndex, sectionId: number): [number, number] | null {
  const db = state().db;
  const row = db
    .prepare(
      // Subsections among the document's sections only (by its index): Section.parentId has none,
      // and SQLite built one over every section for each search, 60 ms at 1 GB of text.
      `WITH RECURSIVE tree(id) AS (
         SELECT id FROM Section WHERE id = @section
         UNION ALL
         SELECT s.id FROM Section s JOIN tree ON s.parentId = tree.id WHERE s.documentId = (SELECT documentId FROM Section WHERE id = @section))
       SELECT min(st.id) AS lo, max(st.id) AS hi, min(st.documentId) AS documentId FROM Sentence st WHERE st.sectionId IN (SELECT id FROM tree)`,
    )
    .get({ section: sectionId }) as { lo: number | null; hi: number | null; documentId: number | null };
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
