/**
 * The search index's stored form, shared by the builder and the engine.
 *
 * The index is a set of immutable segments, like Lucene's: an ingest appends a
 * segment for the documents it added or replaced, and small segments are
 * merged into larger ones at thresholds, so indexing costs grow with what is
 * added, not with what is stored. A manifest names the live segments; it and
 * the segments it names are written in one transaction, so readers see one
 * whole index or the next.
 *
 * Within a segment, sentences get a local rank: their position in
 * chronological order (document date, then document id, then sentence id).
 * The engine lays the live segments' documents out in the same order and maps
 * local ranks to global ones (monotone per segment), so a document, a date
 * range or a section is one range of global ranks.
 *
 * Grams: every character (key = its code) and every pair of adjacent
 * characters (key = c1 * 65536 + c2, c1 ≥ 1) of the simplified-folded text.
 * A pair starting with U+0000 is not indexed: cleaning never leaves one.
 *
 * A gram's entry in `postings` is a run of unsigned LEB128 varints: its uses in
 * the segment (non-overlapping, as a search counts them), the number of
 * sentences, then the sentences' local ranks, the first as is and each next as
 * the gap from the one before. Most gaps fit in one byte.
 *
 * Format 5 cut the postings into small chunks (POSTINGS_CHUNK_BYTES), so that
 * a search reads a gram's entry from the database without reading megabytes
 * around it: the server holds only the dictionaries (see PostingsOnDemand).
 *
 * Format 6 stores the dictionary (keys, and each entry's offset) as varint
 * gaps, not 4-byte integers (encodeAscending), and no sentence ids: a
 * document's sentences have consecutive ids from its firstSentenceId, which
 * the builder checks (readFoldedSentences). At 1 GB of text the dictionary
 * and the ids took about 100 MB as 4-byte integers.
 */
export const INDEX_FORMAT = 6;
/** Blob chunk size: SQLite reads a blob whole, so big arrays are cut. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * The postings' chunk size. A search reads the chunks that hold its grams'
 * entries: SQLite reads a 64 KB row in about 17 µs here (a 4 MB one in about
 * 1 ms, and substr() of it costs as much as the whole), so a query's reads of
 * a few hundred chunks stay in milliseconds.
 */
export const POSTINGS_CHUNK_BYTES = 64 * 1024;

/** The chunk size a segment's part is stored in. */
export function chunkBytesOf(part: string): number {
  return part === 'postings' ? POSTINGS_CHUNK_BYTES : CHUNK_BYTES;
}

export function unigramKey(c: number): number {
  return c;
}

export function bigramKey(c1: number, c2: number): number {
  return c1 * 65536 + c2;
}

/** One document of a segment, in the segment's rank order. */
export interface SegmentDocument {
  id: number;
  date: string | null;
  /** Number of sentences. */
  count: number;
  /** Id of its first sentence (ids ascend within a document). */
  firstSentenceId: number;
}

/** A segment's description, stored as JSON beside its blobs. */
export interface SegmentMeta {
  id: string;
  documents: SegmentDocument[];
  sentences: number;
  /** Characters of text indexed. */
  chars: number;
  grams: number;
  /** (gram, sentence) pairs stored. */
  postings: number;
}

/** Names the live segments; rewritten with them in one transaction. */
export interface Manifest {
  format: number;
  generation: string;
  segments: string[];
  /**
   * Segments the update that wrote this manifest took out of the index, kept
   * until the next update deletes them: a server reads postings from the
   * database as searches ask, and may still be searching the generation before
   * for the few seconds it takes to load this one.
   */
  retired?: string[];
  /** When they were retired (ms since the epoch): dropRetiredSegments (build.ts) waits RETIRED_GRACE_MS from then. */
  retiredAt?: number;
}

/** A document as the engine lays it out: its place among all live sentences. */
export interface IndexedDocument {
  id: number;
  date: string | null;
  /** First (global) rank of the document's sentences. */
  firstRank: number;
  /** Number of sentences. */
  count: number;
  /** Sentence id of the first sentence. */
  firstSentenceId: number;
}

/** Chronological order of documents: by date (undated last), then id. */
export function compareDocuments(a: { id: number; date: string | null }, b: { id: number; date: string | null }): number {
  const da = a.date ?? '9999';
  const db = b.date ?? '9999';
  if (da !== db) return da < db ? -1 : 1;
  return a.id - b.id;
}

/** SearchMeta keys of a segment's parts. */
export const segmentKey = (segment: string, part: string) => `seg.${segment}.${part}`;

/** Appends an unsigned varint to `out` at `at`; returns the next position. */
export function writeVarint(out: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    out[at++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  out[at++] = value;
  return at;
}

/** Reads the unsigned varint at `at` (an entry's head: its uses, its count). */
export function readVarint(bytes: Uint8Array, at: number): number {
  let v = 0;
  let shift = 0;
  let b: number;
  do {
    b = bytes[at++];
    v += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return v;
}

/** Ascending integers as varint gaps from the one before (the first from 0): a segment's keys and offsets as stored. */
export function encodeAscending(values: Uint32Array): Uint8Array {
  let bytes = 0;
  for (let i = 0, prev = 0; i < values.length; prev = values[i++]) bytes += varintSize(values[i] - prev);
  const out = new Uint8Array(bytes);
  for (let i = 0, prev = 0, at = 0; i < values.length; prev = values[i++]) at = writeVarint(out, at, values[i] - prev);
  return out;
}

/** encodeAscending's values back. */
export function decodeAscending(bytes: Uint8Array): Uint32Array {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] < 0x80) n++;
  const out = new Uint32Array(n);
  let value = 0;
  for (let i = 0, at = 0; i < n; i++) {
    const gap = readVarint(bytes, at);
    // writeVarint writes the shortest form, so its size says where the next starts.
    at += varintSize(gap);
    out[i] = value += gap;
  }
  return out;
}

/** Bytes a varint takes. */
export function varintSize(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}
