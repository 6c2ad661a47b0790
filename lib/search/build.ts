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
import { Uint32IntMap } from '../text/int-map';
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

/** Builds one segment from folded sentences (pure: texts in, postings out). */
export function computeSegment(documents: SegmentDocument[], texts: string[]): SegmentData {
  const total = texts.length;
  // Pass 1: dense gram ids, the number of sentences each occurs in, its uses.
  const unigramId = new Int32Array(65536).fill(-1);
  const bigramId = new Uint32IntMap(1 << 18);
  let keys = new Float64Array(1 << 16);
  let counts = new Int32Array(1 << 16);
  // Uses of each gram (non-overlapping, as a search counts them).
  let uses = new Int32Array(1 << 16);
  let lastSeen = new Int32Array(1 << 16);
  // Bytes of each gram's encoded gaps, so that pass 2 writes the postings
  // straight into their final bytes (no array of every posting as int32:
  // that was the ingest's largest allocation, 4 bytes per posting).
  let gapBytes = new Int32Array(1 << 16);
  let grams = 0;
  const grow = () => {
    const k = new Float64Array(keys.length * 2);
    k.set(keys);
    keys = k;
    for (const name of ['counts', 'uses', 'lastSeen', 'gapBytes'] as const) {
      const a = { counts, uses, lastSeen, gapBytes }[name];
      const b = new Int32Array(a.length * 2);
      b.set(a);
      if (name === 'counts') counts = b;
      else if (name === 'uses') uses = b;
      else if (name === 'gapBytes') gapBytes = b;
      else lastSeen = b;
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
      let id = unigramId[c];
      if (id < 0) {
        if (grams === keys.length) grow();
        id = unigramId[c] = grams++;
        keys[id] = c;
      }
      uses[id]++;
      if (lastSeen[id] !== mark) {
        gapBytes[id] += varintSize(gap(r, lastSeen[id]));
        lastSeen[id] = mark;
        counts[id]++;
        postingsTotal++;
      }
      if (i + 1 < text.length && c !== 0) {
        const c2 = text.charCodeAt(i + 1);
        const k = c * 65536 + c2;
        let b = bigramId.get(k);
        if (b < 0) {
          if (grams === keys.length) grow();
          b = grams++;
          bigramId.set(k, b);
          keys[b] = k;
        }
        if (c !== c2) uses[b]++;
        else if (doubledAt !== i - 1) {
          uses[b]++;
          doubledAt = i;
        } else doubledAt = -2;
        if (lastSeen[b] !== mark) {
          gapBytes[b] += varintSize(gap(r, lastSeen[b]));
          lastSeen[b] = mark;
          counts[b]++;
          postingsTotal++;
        }
      }
    }
  }

  // Grams in key order, so the engine can binary-search the keys. Each
  // gram's entry: its uses, its count, then the gaps between its sentences.
  const sortedKeys = Uint32Array.from(keys.subarray(0, grams)).sort();
  const offsets = new Uint32Array(grams + 1);
  const cursor = new Int32Array(grams);
  let bytes = 0;
  for (let i = 0; i < grams; i++) {
    const key = sortedKeys[i];
    const id = key < 65536 ? unigramId[key] : bigramId.get(key);
    offsets[i] = bytes;
    cursor[id] = bytes; // where its header goes; after pass 2's setup, where its next gap goes
    bytes += varintSize(uses[id]) + varintSize(counts[id]) + gapBytes[id];
  }
  offsets[grams] = bytes;
  const encoded = new Uint8Array(bytes);
  for (let id = 0; id < grams; id++) {
    cursor[id] = writeVarint(encoded, writeVarint(encoded, cursor[id], uses[id]), counts[id]);
  }

  // Pass 2: the gaps of every gram, ascending, into their places.
  lastSeen.fill(0);
  for (let r = 0; r < total; r++) {
    const text = texts[r];
    const mark = r + 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const id = unigramId[c];
      if (lastSeen[id] !== mark) {
        cursor[id] = writeVarint(encoded, cursor[id], gap(r, lastSeen[id]));
        lastSeen[id] = mark;
      }
      if (i + 1 < text.length && c !== 0) {
        const b = bigramId.get(c * 65536 + text.charCodeAt(i + 1));
        if (lastSeen[b] !== mark) {
          cursor[b] = writeVarint(encoded, cursor[b], gap(r, lastSeen[b]));
          lastSeen[b] = mark;
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
      const manifest: Manifest = { format: INDEX_FORMAT, generation: randomUUID(), segments, retired };
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
