/**
 * Keeps the stored search index (see format.ts) in step with the sentences.
 *
 * `planIndexUpdate` compares the documents the database holds with those the
 * live segments cover: documents added or replaced since (or left out by an
 * interrupted run) go into a new segment; segments that are mostly replaced
 * documents, and runs of small segments of one size tier, are merged into it.
 * A plan with nothing to build means the index is current: that check is what
 * every ingest and the server's start run, so a crash at any point is repaired
 * by the next run. `--rebuild-index` plans every document afresh.
 *
 * A segment is built from its documents' sentences (read and folded here, so
 * memory is bounded by the segment size cap, not the corpus) in two passes:
 * the first counts each gram's sentences, the second lays the postings out in
 * gram order; they are then delta- and varint-encoded.
 */
import { crashPoint } from '../ingest/crash';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { Db } from '../db/sqlite';
import { announceGeneration } from '../db/generation';
import { foldToSimplified } from '../text/script';
import {
  chunkBytesOf,
  compareDocuments,
  decodeAscending,
  encodeAscending,
  INDEX_FORMAT,
  segmentKey,
  varintSize,
  writeVarint,
  type Manifest,
  type SegmentDocument,
  type SegmentMeta,
} from './format';

export interface BuildProgress {
  (done: number, total: number): void;
}

/** Largest segment, in characters: bounds the memory a build takes (about 10 bytes a character at its peak). */
export const SEGMENT_MAX_CHARS = 16_000_000;
/** Segments of one size tier merged at once. */
const MERGE_FACTOR = 4;
/** Smallest tier, in characters; each next tier is MERGE_FACTOR times larger. */
const TIER_BASE = 64_000;
/** A segment whose replaced documents hold more than this share of its sentences is rebuilt. */
const MAX_DEAD_SHARE = 0.5;

/** A document as the database holds it, with its size. */
export interface StoredDocument extends SegmentDocument {
  chars: number;
}

/**
 * Which documents the index covers, as an SQL condition on Document: every kept document with
 * sentences. A near-duplicate copy (duplicateOf) is left out: its text is counted once, in the
 * kept copy. The short wordings' text uses count the same documents (lib/curation/text-uses.ts).
 */
export const INDEXED_DOCUMENT = 'duplicateOf IS NULL AND sentenceCount > 0';

/**
 * The documents the index must cover (INDEXED_DOCUMENT), by id.
 * One row a document: the store keeps each document's sentence count and first sentence id on it.
 * (Counting every sentence instead took 2 s at 1 GB of text, three times an ingest: the run, the
 * index build and the linker each ask.)
 */
export function indexableDocuments(db: Db): Map<number, StoredDocument> {
  const rows = db
    .prepare(`SELECT id, date, charCount AS chars, sentenceCount AS count, firstSentenceId FROM Document WHERE ${INDEXED_DOCUMENT}`)
    .all() as StoredDocument[];
  return new Map(rows.map((r) => [r.id, r]));
}

export function readManifest(db: Db): Manifest | null {
  const row = db.prepare("SELECT value FROM SearchMeta WHERE key = 'manifest'").get() as { value: string } | undefined;
  if (!row) return null;
  const manifest = JSON.parse(row.value) as Manifest;
  return manifest.format === INDEX_FORMAT ? manifest : null;
}

export function readSegmentMeta(db: Db, segment: string): SegmentMeta {
  const row = db.prepare('SELECT value FROM SearchMeta WHERE key = ?').get(segmentKey(segment, 'meta')) as { value: string } | undefined;
  if (!row) throw new Error(`search index: segment ${segment} is missing`);
  return JSON.parse(row.value) as SegmentMeta;
}

/** A stored segment's dictionary: its grams' keys, ascending, and where each one's entry starts in its postings (one more). */
export function readDictionary(db: Db, segment: string): { keys: Uint32Array; offsets: Uint32Array } {
  return { keys: decodeAscending(readBlob(db, segment, 'keys')), offsets: decodeAscending(readBlob(db, segment, 'offsets')) };
}

/** A stored blob, reassembled from its chunks. */
export function readBlob(db: Db, segment: string, part: string): Buffer {
  const prefix = segmentKey(segment, part) + ':';
  const rows = db
    .prepare('SELECT key, blob FROM SearchMeta WHERE key >= ? AND key < ?')
    .all(prefix, prefix + '\uffff') as Array<{ key: string; blob: Buffer }>;
  rows.sort((a, b) => Number(a.key.slice(prefix.length)) - Number(b.key.slice(prefix.length)));
  return rows.length === 1 ? rows[0].blob : Buffer.concat(rows.map((r) => r.blob));
}

/**
 * Which documents of each segment are live: present in the database as they
 * were indexed (same sentences, same date), and not indexed again by a later
 * segment. A document replaced since is dead in its old segment.
 */
export function liveDocuments(metas: SegmentMeta[], stored: Map<number, StoredDocument>): Array<Set<number>> {
  const claimed = new Set<number>();
  const live: Array<Set<number>> = metas.map(() => new Set());
  for (let i = metas.length - 1; i >= 0; i--) {
    for (const d of metas[i].documents) {
      const s = stored.get(d.id);
      if (!s || claimed.has(d.id) || s.count !== d.count || s.firstSentenceId !== d.firstSentenceId || s.date !== d.date) continue;
      claimed.add(d.id);
      live[i].add(d.id);
    }
  }
  return live;
}

export interface IndexPlan {
  /** Generation of the manifest the plan was made against (null: none, or an older format). */
  base: string | null;
  /** Start from nothing: every stored row of the index goes (a rebuild, a first index, an older format). */
  fresh: boolean;
  keep: string[];
  drop: string[];
  /** Documents of each new segment, in rank order. */
  build: StoredDocument[][];
  /** Documents not covered by the live segments (new, replaced, or left by an interrupted run). */
  missing: number;
}

const tierOf = (chars: number) => Math.floor(Math.log(Math.max(chars, TIER_BASE) / TIER_BASE) / Math.log(MERGE_FACTOR));

/** What an update must do to cover every stored document (see the module comment). */
export function planIndexUpdate(db: Db, options: { rebuild?: boolean } = {}): IndexPlan {
  const stored = indexableDocuments(db);
  const existing = readManifest(db);
  const manifest = options.rebuild ? null : existing;
  const metas = manifest ? manifest.segments.map((s) => readSegmentMeta(db, s)) : [];
  const live = liveDocuments(metas, stored);
  const covered = new Set<number>();
  for (const l of live) for (const id of l) covered.add(id);
  const pool: StoredDocument[] = [];
  for (const d of stored.values()) if (!covered.has(d.id)) pool.push(d);
  const missing = pool.length;

  const keep: Array<{ id: string; chars: number; docs: StoredDocument[] }> = [];
  const drop: string[] = [];
  metas.forEach((m, i) => {
    const docs = m.documents.filter((d) => live[i].has(d.id)).map((d) => stored.get(d.id)!);
    const liveSentences = docs.reduce((n, d) => n + d.count, 0);
    if (liveSentences === 0 || liveSentences < m.sentences * (1 - MAX_DEAD_SHARE)) {
      drop.push(m.id);
      pool.push(...docs);
    } else keep.push({ id: m.id, chars: docs.reduce((n, d) => n + d.chars, 0), docs });
  });

  // Tiered merging: when the new segment joins a tier that already holds
  // MERGE_FACTOR - 1 segments, they are merged with it (and so on up).
  if (pool.length > 0) {
    for (;;) {
      const poolChars = pool.reduce((n, d) => n + d.chars, 0);
      const tier = tierOf(poolChars);
      const peers = keep.filter((k) => tierOf(k.chars) === tier);
      const merged = poolChars + peers.reduce((n, k) => n + k.chars, 0);
      if (peers.length < MERGE_FACTOR - 1 || merged > SEGMENT_MAX_CHARS) break;
      for (const p of peers) {
        keep.splice(keep.indexOf(p), 1);
        drop.push(p.id);
        pool.push(...p.docs);
      }
    }
  }

  // New segments of at most SEGMENT_MAX_CHARS, documents in rank order.
  pool.sort(compareDocuments);
  const build: StoredDocument[][] = [];
  let current: StoredDocument[] = [];
  let chars = 0;
  for (const d of pool) {
    if (current.length > 0 && chars + d.chars > SEGMENT_MAX_CHARS) {
      build.push(current);
      current = [];
      chars = 0;
    }
    current.push(d);
    chars += d.chars;
  }
  if (current.length > 0) build.push(current);
  // Without a manifest (a fresh database, an older format, a rebuild) one is written even when empty.
  return { base: existing?.generation ?? null, fresh: manifest === null, keep: keep.map((k) => k.id), drop, build, missing: manifest ? missing : -1 };
}

/** Whether the plan changes nothing: the index covers every stored document. */
export function planIsEmpty(plan: IndexPlan): boolean {
  return !plan.fresh && plan.build.length === 0 && plan.drop.length === 0;
}

/** A built segment, ready to be written (plain data: it can cross to another thread). */
export interface SegmentData {
  meta: SegmentMeta;
  keys: Uint32Array;
  /** Byte offset of each gram's entry in postings (grams + 1 values). */
  offsets: Uint32Array;
  postings: Uint8Array;
}

/** Puts a built segment in a file of `dir` (made if need be), for a writer busy elsewhere to write later (lib/ingest/worker.ts). */
export function spillSegment(dir: string, segment: SegmentData): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${segment.meta.id}.segment`);
  fs.writeFileSync(file, v8.serialize(segment));
  return file;
}

/** A segment `spillSegment` put in a file; the file goes. */
export function takeSpilledSegment(file: string): SegmentData {
  const segment = v8.deserialize(fs.readFileSync(file)) as SegmentData;
  fs.rmSync(file, { force: true });
  return segment;
}

/** The buffers a SegmentData owns, to transfer it to another thread without copying. */
export function transferList(segments: SegmentData[]): ArrayBuffer[] {
  return segments.flatMap((s) => [s.keys, s.offsets, s.postings].map((a) => a.buffer as ArrayBuffer));
}

/**
 * The folded sentences of some documents, in rank order. A document's
 * sentences must have consecutive ids from its firstSentenceId (they are
 * written in one statement): the index stores no sentence ids, it counts them
 * from there (format.ts).
 */
export function readFoldedSentences(db: Db, documents: SegmentDocument[]): string[] {
  const total = documents.reduce((n, d) => n + d.count, 0);
  const texts: string[] = new Array(total);
  const bySentence = db.prepare<[number], { id: number; text: string }>('SELECT id, text FROM Sentence WHERE documentId = ? ORDER BY id');
  let rank = 0;
  for (const d of documents) {
    const rows = bySentence.all(d.id);
    if (rows.length !== d.count || rows.some((s, k) => s.id !== d.firstSentenceId + k)) {
      throw new Error(`search index: document ${d.id} changed while it was being indexed, or its sentence ids are not consecutive`);
    }
    for (const s of rows) texts[rank++] = foldToSimplified(s.text);
  }
  return texts;
}

/**
 * A gram's counters while a segment is built, side by side in one Int32Array
 * row, so that a gram seen touches one row, not one array per counter (and,
 * for a bigram, not a hash map's slot as well): at 1 GB the build reads
 * 700 million grams, most of them in tables of several MB.
 */
const USES = 0; // its uses (non-overlapping, as a search counts them)
const LAST_SEEN = 1; // the rank + 1 of the last sentence it was seen in (0: none yet)
const SENTENCES = 2; // the number of sentences it occurs in
/**
 * Pass 1: the bytes of its encoded gaps, so that pass 2 writes the postings
 * straight into their final bytes (no array of every posting as int32: that
 * was the ingest's largest allocation, 4 bytes per posting). Pass 2: where
 * its next gap goes.
 */
const CURSOR = 3;
/** A unigram's row, at its code unit × UNIGRAM_ROW: the four counters. */
const UNIGRAM_ROW = 4;
/**
 * A bigram's row in its open-addressing table (linear probing, at most half
 * full): its key (c1 * 65536 + c2 as int32; 0 marks an empty slot, since c1 ≥ 1)
 * at BIGRAM_KEY, then the four counters from BIGRAM_COUNTERS.
 */
const BIGRAM_ROW = 5;
const BIGRAM_KEY = 0;
const BIGRAM_COUNTERS = 1;
/** Fibonacci hashing: the slot comes from the product's top bits, which depend on every bit of the key (its low bits only on the second character's). */
const HASH = 0x9e3779b1;
/**
 * The varint helpers as module constants: an imported function is reached
 * through a getter on the exporting module's object once tsx has compiled the
 * import, and computeSegment's loops call them 60 million times a segment,
 * where V8 did not inline the getter (5 % of the indexer's time at 1 GB).
 */
const sizeOfVarint = varintSize;
const putVarint = writeVarint;

/** Builds one segment from folded sentences (pure: texts in, postings out). */
export function computeSegment(documents: SegmentDocument[], texts: string[]): SegmentData {
  const total = texts.length;
  // Pass 1: every gram's counters (see USES…CURSOR). Unigrams by code unit;
  // bigrams in an open-addressing table (linear probing, at most half full).
  const unigrams = new Int32Array(65536 * UNIGRAM_ROW);
  let slotBits = 18;
  let bigrams = new Int32Array((1 << slotBits) * BIGRAM_ROW);
  let bigramCount = 0;
  /** The row offset of a bigram's slot: its own, or the empty one where it goes. */
  const slotOf = (table: Int32Array, bits: number, key: number): number => {
    const mask = (1 << bits) - 1;
    let slot = Math.imul(key, HASH) >>> (32 - bits);
    for (;;) {
      const o = slot * BIGRAM_ROW;
      const k = table[o + BIGRAM_KEY];
      if (k === key || k === 0) return o;
      slot = (slot + 1) & mask;
    }
  };
  const grow = () => {
    const old = bigrams;
    slotBits++;
    bigrams = new Int32Array((1 << slotBits) * BIGRAM_ROW);
    for (let o = 0; o < old.length; o += BIGRAM_ROW) {
      const k = old[o + BIGRAM_KEY];
      if (k !== 0) bigrams.set(old.subarray(o, o + BIGRAM_ROW), slotOf(bigrams, slotBits, k));
    }
  };
  // A gram's gap from its previous sentence (lastSeen holds that rank + 1; 0: none yet, the gap is the rank).
  const gap = (r: number, seen: number) => (seen === 0 ? r : r - seen + 1);
  let chars = 0;
  let postingsTotal = 0;
  for (let r = 0; r < total; r++) {
    const text = texts[r];
    chars += text.length;
    const mark = r + 1;
    // "哈哈哈" holds one non-overlapping "哈哈": a doubled character's bigram
    // right after one counted at the previous position is not counted.
    let doubledAt = -2;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const u = c * UNIGRAM_ROW;
      unigrams[u + USES]++;
      if (unigrams[u + LAST_SEEN] !== mark) {
        unigrams[u + CURSOR] += sizeOfVarint(gap(r, unigrams[u + LAST_SEEN]));
        unigrams[u + LAST_SEEN] = mark;
        unigrams[u + SENTENCES]++;
        postingsTotal++;
      }
      if (i + 1 < text.length && c !== 0) {
        const c2 = text.charCodeAt(i + 1);
        const key = (c * 65536 + c2) | 0;
        // slotOf, written out: a closure's call per character costs more than its probe.
        let slot = Math.imul(key, HASH) >>> (32 - slotBits);
        let o = slot * BIGRAM_ROW;
        for (let k = bigrams[o + BIGRAM_KEY]; k !== key && k !== 0; k = bigrams[o + BIGRAM_KEY]) {
          slot = (slot + 1) & ((1 << slotBits) - 1);
          o = slot * BIGRAM_ROW;
        }
        if (bigrams[o + BIGRAM_KEY] === 0) {
          if ((bigramCount + 1) * 2 > 1 << slotBits) {
            grow();
            o = slotOf(bigrams, slotBits, key);
          }
          bigrams[o + BIGRAM_KEY] = key;
          bigramCount++;
        }
        o += BIGRAM_COUNTERS;
        if (c !== c2) bigrams[o + USES]++;
        else if (doubledAt !== i - 1) {
          bigrams[o + USES]++;
          doubledAt = i;
        } else doubledAt = -2;
        if (bigrams[o + LAST_SEEN] !== mark) {
          bigrams[o + CURSOR] += sizeOfVarint(gap(r, bigrams[o + LAST_SEEN]));
          bigrams[o + LAST_SEEN] = mark;
          bigrams[o + SENTENCES]++;
          postingsTotal++;
        }
      }
    }
  }

  // Grams in key order, so the engine can binary-search the keys. Each
  // gram's entry: its uses, its count, then the gaps between its sentences.
  let grams = bigramCount;
  for (let c = 0; c < 65536; c++) if (unigrams[c * UNIGRAM_ROW + SENTENCES] > 0) grams++;
  const sortedKeys = new Uint32Array(grams);
  let n = 0;
  for (let c = 0; c < 65536; c++) if (unigrams[c * UNIGRAM_ROW + SENTENCES] > 0) sortedKeys[n++] = c;
  for (let o = 0; o < bigrams.length; o += BIGRAM_ROW) if (bigrams[o + BIGRAM_KEY] !== 0) sortedKeys[n++] = bigrams[o + BIGRAM_KEY] >>> 0;
  sortedKeys.sort();
  // Each gram's row: its counters then start at `row` in `table`.
  const rowOf = (key: number): [Int32Array, number] => (key < 65536 ? [unigrams, key * UNIGRAM_ROW] : [bigrams, slotOf(bigrams, slotBits, key | 0) + BIGRAM_COUNTERS]);
  const offsets = new Uint32Array(grams + 1);
  let bytes = 0;
  for (let i = 0; i < grams; i++) {
    const [table, row] = rowOf(sortedKeys[i]);
    offsets[i] = bytes;
    bytes += sizeOfVarint(table[row + USES]) + sizeOfVarint(table[row + SENTENCES]) + table[row + CURSOR];
  }
  offsets[grams] = bytes;
  const encoded = new Uint8Array(bytes);
  // The headers; each gram's cursor then points after its own, and pass 2 starts afresh.
  for (let i = 0; i < grams; i++) {
    const [table, row] = rowOf(sortedKeys[i]);
    table[row + CURSOR] = putVarint(encoded, putVarint(encoded, offsets[i], table[row + USES]), table[row + SENTENCES]);
    table[row + LAST_SEEN] = 0;
  }

  // Pass 2: the gaps of every gram, ascending, into their places. (The table
  // no longer grows: its size as constants, as the loop reads them.)
  const table = bigrams;
  const shift = 32 - slotBits;
  const mask = (1 << slotBits) - 1;
  for (let r = 0; r < total; r++) {
    const text = texts[r];
    const mark = r + 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const u = c * UNIGRAM_ROW;
      if (unigrams[u + LAST_SEEN] !== mark) {
        unigrams[u + CURSOR] = putVarint(encoded, unigrams[u + CURSOR], gap(r, unigrams[u + LAST_SEEN]));
        unigrams[u + LAST_SEEN] = mark;
      }
      if (i + 1 < text.length && c !== 0) {
        const key = (c * 65536 + text.charCodeAt(i + 1)) | 0;
        let slot = Math.imul(key, HASH) >>> shift;
        // Every bigram is in the table now: probe until its own slot.
        while (table[slot * BIGRAM_ROW + BIGRAM_KEY] !== key) slot = (slot + 1) & mask;
        const o = slot * BIGRAM_ROW + BIGRAM_COUNTERS;
        if (table[o + LAST_SEEN] !== mark) {
          table[o + CURSOR] = putVarint(encoded, table[o + CURSOR], gap(r, table[o + LAST_SEEN]));
          table[o + LAST_SEEN] = mark;
        }
      }
    }
  }

  const meta: SegmentMeta = {
    id: randomUUID().replace(/-/g, '').slice(0, 16),
    documents: documents.map(({ id, date, count, firstSentenceId }) => ({ id, date, count, firstSentenceId })),
    sentences: total,
    chars,
    grams,
    postings: postingsTotal,
  };
  return { meta, keys: sortedKeys, offsets, postings: encoded };
}

/**
 * Builds the segments a plan asks for, reading their sentences from the
 * database, one at a time: each is handed to `each` (which writes it, see
 * writeSegment) and let go, so that memory holds one segment, not all of them.
 * Returns what describes them, for commitIndexUpdate.
 */
export function buildSegments(db: Db, plan: IndexPlan, each: (segment: SegmentData) => void, progress?: BuildProgress): SegmentMeta[] {
  const built: SegmentMeta[] = [];
  plan.build.forEach((docs, i) => {
    // One snapshot per segment, not per build (see planAndBuildSegments).
    const texts = db.transaction(() => readFoldedSentences(db, docs))();
    // Reported once the snapshot is let go: the ingest's writer checkpoints then (run.ts).
    progress?.(i, plan.build.length);
    const segment = computeSegment(docs, texts);
    built.push(segment.meta);
    each(segment);
  });
  progress?.(plan.build.length, plan.build.length);
  return built;
}

function bytesOf(a: Uint32Array | Int32Array | Uint8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Writes one new segment in a transaction of its own. No manifest names it
 * yet, so readers do not see it: commitIndexUpdate names it, or, if the run
 * stops before that, the next update deletes it.
 */
export function writeSegment(db: Db, segment: SegmentData): void {
  const put = db.prepare('INSERT INTO SearchMeta (key, value, blob) VALUES (?, ?, ?)');
  const writeBlob = (part: string, bytes: Buffer) => {
    const size = chunkBytesOf(part);
    const chunks = Math.max(1, Math.ceil(bytes.length / size));
    for (let i = 0; i < chunks; i++) put.run(`${segmentKey(segment.meta.id, part)}:${i}`, String(chunks), bytes.subarray(i * size, (i + 1) * size));
  };
  db.transaction(() => {
    put.run(segmentKey(segment.meta.id, 'meta'), JSON.stringify(segment.meta), null);
    writeBlob('keys', bytesOf(encodeAscending(segment.keys)));
    writeBlob('offsets', bytesOf(encodeAscending(segment.offsets)));
    writeBlob('postings', bytesOf(segment.postings));
  }).immediate();
}

/** 'seg.' + a 16-character segment id + '.': the prefix of every key of a segment. */
const SEGMENT_PREFIX_LENGTH = 21;

/**
 * Names a plan's kept and newly written segments in a new manifest, in one
 * transaction: readers see the old index or the new one. The segments it
 * replaces are named as retired and stay until the next update (a server may
 * still be reading the generation before: see Manifest.retired). Everything
 * else goes in the same transaction: the segments retired by the update
 * before, all older ones (and any older format's rows) on a fresh build, and
 * segments an interrupted run wrote but never named. Fails if another writer
 * changed the index since the plan was made.
 */
export function commitIndexUpdate(db: Db, plan: IndexPlan, built: SegmentMeta[]): Manifest {
  const written = db
    .transaction((): Manifest => {
      const current = readManifest(db);
      if ((current?.generation ?? null) !== plan.base) throw new Error('search index: changed by another writer meanwhile; run the ingest again');
      const segments = [...plan.keep, ...built.map((m) => m.id)];
      // A fresh build deletes everything else at once: a rebuild says so, and an older format is unreadable.
      const retired = plan.fresh ? [] : (current?.segments ?? []).filter((id) => !segments.includes(id));
      const named = new Set([...segments, ...retired]);
      if (plan.fresh) {
        const keepPrefixes = segments.map((id) => `seg.${id}.`);
        // Every key of the index but the new segments' goes; other stages' records ('curation.…') stay.
        if (keepPrefixes.length === 0) db.prepare("DELETE FROM SearchMeta WHERE key NOT LIKE 'curation.%'").run();
        else
          db.prepare(
            `DELETE FROM SearchMeta WHERE key NOT LIKE 'curation.%' AND substr(key, 1, ${SEGMENT_PREFIX_LENGTH}) NOT IN (${keepPrefixes.map(() => '?').join(', ')})`,
          ).run(...keepPrefixes);
      } else {
        const stored = (db.prepare(`SELECT DISTINCT substr(key, 5, ${SEGMENT_PREFIX_LENGTH - 5}) AS id FROM SearchMeta WHERE key LIKE 'seg.%'`).all() as Array<{ id: string }>).map((r) => r.id);
        const del = db.prepare('DELETE FROM SearchMeta WHERE key >= ? AND key < ?');
        for (const id of stored) if (!named.has(id)) del.run(`seg.${id}.`, `seg.${id}.\uffff`);
      }
      const manifest: Manifest = { format: INDEX_FORMAT, generation: randomUUID(), segments, retired, ...(retired.length > 0 ? { retiredAt: Date.now() } : {}) };
      db.prepare("INSERT INTO SearchMeta (key, value, blob) VALUES ('manifest', ?, NULL) ON CONFLICT (key) DO UPDATE SET value = excluded.value, blob = NULL").run(JSON.stringify(manifest));
      // Read on every search: cheap to check, changes with every update.
      db.prepare("INSERT INTO SearchMeta (key, value, blob) VALUES ('generation', ?, NULL) ON CONFLICT (key) DO UPDATE SET value = excluded.value, blob = NULL").run(manifest.generation);
      // Servers listening (PostgreSQL) learn of it at the commit.
      announceGeneration(db, manifest.generation);
      crashPoint('index');
      return manifest;
    })
    .immediate();
  crashPoint('indexed');
  return written;
}

/**
 * How long the segments an update retired stay for servers still on the
 * generation before it. A server polls every 2 s and loads a 1 GB corpus's
 * index in well under a minute; one slower still searches correctly, from the
 * gone segment's text (LoadedSegment.entry in engine.ts), only slower.
 */
export const RETIRED_GRACE_MS = 60_000;

/**
 * Deletes the segments the last update retired, once RETIRED_GRACE_MS has
 * passed: otherwise only the next update that changes the index would, and
 * after a merge they can be a large part of the database. The generation
 * stays (its live segments are the same), so servers load nothing. Returns
 * how many segments went.
 */
export function dropRetiredSegments(db: Db, now = Date.now()): number {
  return db
    .transaction((): number => {
      const manifest = readManifest(db);
      if (!manifest?.retired?.length || now - (manifest.retiredAt ?? 0) < RETIRED_GRACE_MS) return 0;
      const del = db.prepare('DELETE FROM SearchMeta WHERE key >= ? AND key < ?');
      for (const id of manifest.retired) del.run(`seg.${id}.`, `seg.${id}.\uffff`);
      const kept: Manifest = { format: manifest.format, generation: manifest.generation, segments: manifest.segments, retired: [] };
      db.prepare("UPDATE SearchMeta SET value = ? WHERE key = 'manifest'").run(JSON.stringify(kept));
      return manifest.retired.length;
    })
    .immediate();
}

export interface IndexUpdate {
  /** Documents that were not covered (-1: there was no index of this format). */
  missing: number;
  built: number;
  dropped: number;
  sentences: number;
}

/**
 * Brings the index up to date in this thread (`rebuild`: from scratch) and
 * says what it did; a current index is left alone.
 */
/**
 * Plans an index update in one snapshot, then builds its segments, each read
 * in a snapshot of its own (buildSegments). No read transaction spans the
 * whole build: one would keep the writer's checkpoints from recycling the WAL,
 * which then held everything written meanwhile (7 GB during a 1 GB ingest).
 * Between the plan and a segment's read, a document's sentences could only
 * change under another ingest, which the ingest lock rules out; if one did,
 * readFoldedSentences says so.
 */
export function planAndBuildSegments(
  db: Db,
  options: { rebuild?: boolean; progress?: BuildProgress },
  each: (segment: SegmentData) => void,
): { plan: IndexPlan; built: SegmentMeta[] } {
  const plan = db.transaction(() => planIndexUpdate(db, options))();
  return { plan, built: planIsEmpty(plan) ? [] : buildSegments(db, plan, each, options.progress) };
}

export function updateSearchIndex(db: Db, options: { rebuild?: boolean; progress?: BuildProgress } = {}): IndexUpdate {
  const { plan, built } = planAndBuildSegments(db, options, (segment) => writeSegment(db, segment));
  if (planIsEmpty(plan)) return { missing: 0, built: 0, dropped: 0, sentences: 0 };
  commitIndexUpdate(db, plan, built);
  return summarizeUpdate(plan, built);
}

export function summarizeUpdate(plan: IndexPlan, built: SegmentMeta[]): IndexUpdate {
  return { missing: plan.missing, built: built.length, dropped: plan.drop.length, sentences: built.reduce((n, m) => n + m.sentences, 0) };
}

/** Whether the stored index covers every stored document as it is now. */
export function searchIndexIsCurrent(db: Db): boolean {
  return db.transaction(() => planIsEmpty(planIndexUpdate(db)))();
}
