/**
 * Builds the search index from the stored sentences (see format.ts) and writes
 * it in one transaction, so readers see either the old index or the new one.
 *
 * Two passes over the folded text: the first counts the sentences each gram
 * occurs in, the second fills one flat Int32Array of postings laid out in gram
 * order. Memory stays at one int per (gram, sentence) pair.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/sqlite';
import { foldToSimplified } from '../text/script';
import { Uint32IntMap } from '../text/int-map';
import { bigramKey, CHUNK_BYTES, INDEX_FORMAT, type IndexedDocument, type IndexHeader } from './format';

export interface BuildProgress {
  (done: number, total: number): void;
}

function writeBlob(db: Db, name: string, bytes: Buffer): void {
  const put = db.prepare('INSERT INTO SearchMeta (key, value, blob) VALUES (?, ?, ?)');
  const chunks = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
  for (let i = 0; i < chunks; i++) {
    put.run(`${name}:${i}`, String(chunks), bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));
  }
}

function typedBytes(a: Int32Array | Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Every sentence's folded text in rank order, with the maps the index stores. */
export interface LoadedCorpus {
  documents: IndexedDocument[];
  /** Rank of each document's first sentence, by document id. */
  firstRankOf: Map<number, number>;
  texts: string[];
  sentenceIds: Int32Array;
  sectionIds: Int32Array;
}

export function loadCorpus(db: Db, progress?: BuildProgress): LoadedCorpus {
  const docs = db
    .prepare(
      // A near-duplicate copy (duplicateOf) is not indexed: its text is counted once, in the kept copy.
      `SELECT d.id, d.date, count(s.id) AS count, min(s.id) AS firstSentenceId
       FROM Document d JOIN Sentence s ON s.documentId = d.id
       WHERE d.duplicateOf IS NULL
       GROUP BY d.id ORDER BY coalesce(d.date, '9999'), d.id`,
    )
    .all() as Array<{ id: number; date: string | null; count: number; firstSentenceId: number }>;
  const documents: IndexedDocument[] = [];
  const firstRankOf = new Map<number, number>();
  let total = 0;
  for (const d of docs) {
    documents.push({ id: d.id, date: d.date, firstRank: total, count: d.count, firstSentenceId: d.firstSentenceId });
    firstRankOf.set(d.id, total);
    total += d.count;
  }
  const texts: string[] = new Array(total);
  const sentenceIds = new Int32Array(total);
  const sectionIds = new Int32Array(total);
  const bySentence = db.prepare<[number], { id: number; sectionId: number | null; text: string }>(
    'SELECT id, sectionId, text FROM Sentence WHERE documentId = ? ORDER BY id',
  );
  let rank = 0;
  documents.forEach((d, i) => {
    for (const s of bySentence.all(d.id)) {
      texts[rank] = foldToSimplified(s.text);
      sentenceIds[rank] = s.id;
      sectionIds[rank] = s.sectionId ?? 0;
      rank++;
    }
    if (i % 200 === 0) progress?.(i, documents.length);
  });
  return { documents, firstRankOf, texts, sentenceIds, sectionIds };
}

/** A built index, ready to be written (plain data: it can cross to another thread). */
export interface SearchIndexData {
  header: IndexHeader;
  keys: Float64Array;
  offsets: Int32Array;
  /** Uses of each gram in the whole corpus, aligned with keys. */
  totals: Int32Array;
  postings: Int32Array;
  sentenceIds: Int32Array;
}

/** The buffers a SearchIndexData owns, to transfer it to another thread without copying. */
export function transferList(data: SearchIndexData): ArrayBuffer[] {
  return [data.keys, data.offsets, data.totals, data.postings, data.sentenceIds].map((a) => a.buffer as ArrayBuffer);
}

export function rebuildSearchIndex(db: Db, corpus: LoadedCorpus = loadCorpus(db), progress?: BuildProgress): IndexHeader {
  const data = computeSearchIndex(corpus, progress);
  writeSearchIndex(db, data);
  return data.header;
}

/** Builds the index in memory (pure: the corpus in, the index out). */
export function computeSearchIndex(corpus: LoadedCorpus, progress?: BuildProgress): SearchIndexData {
  const { documents, texts } = corpus;
  // A copy: the index owns its arrays (they may be transferred to another thread).
  const sentenceIds = corpus.sentenceIds.slice();
  const total = texts.length;

  // Pass 1: dense gram ids and the number of sentences each occurs in.
  const unigramId = new Int32Array(65536).fill(-1);
  const bigramId = new Uint32IntMap(1 << 20);
  const keys: number[] = [];
  let counts = new Int32Array(1 << 16);
  // Uses of each gram in the whole corpus (non-overlapping, as a search counts them).
  let uses = new Int32Array(1 << 16);
  let lastSeen = new Int32Array(1 << 16);
  const idOf = (key: number, isBigram: boolean): number => {
    let id = isBigram ? bigramId.get(key) : unigramId[key];
    if (id < 0) {
      id = keys.length;
      keys.push(isBigram ? bigramKey(key >>> 16, key & 0xffff) : key);
      if (isBigram) bigramId.set(key, id);
      else unigramId[key] = id;
      if (id >= counts.length) {
        const c = new Int32Array(counts.length * 2);
        c.set(counts);
        counts = c;
        const l = new Int32Array(lastSeen.length * 2);
        l.set(lastSeen);
        lastSeen = l;
        const u = new Int32Array(uses.length * 2);
        u.set(uses);
        uses = u;
      }
    }
    return id;
  };
  // Pass 1 (the same walk as pass 2 below, written out twice: a callback per
  // gram costs a third of the time on the corpus).
  let postingsTotal = 0;
  for (let r = 0; r < total; r++) {
    const text = texts[r];
    const mark = r + 1;
    // "哈哈哈" holds one non-overlapping "哈哈": a doubled character's bigram
    // right after one counted at the previous position is not counted.
    let doubledAt = -2;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let id = unigramId[c];
      if (id < 0) id = idOf(c, false);
      uses[id]++;
      if (lastSeen[id] !== mark) {
        lastSeen[id] = mark;
        counts[id]++;
        postingsTotal++;
      }
      if (i + 1 < text.length) {
        const c2 = text.charCodeAt(i + 1);
        const k = ((c << 16) | c2) >>> 0;
        let b = bigramId.get(k);
        if (b < 0) b = idOf(k, true);
        if (c !== c2) uses[b]++;
        else if (doubledAt !== i - 1) {
          uses[b]++;
          doubledAt = i;
        } else doubledAt = -2;
        if (lastSeen[b] !== mark) {
          lastSeen[b] = mark;
          counts[b]++;
          postingsTotal++;
        }
      }
    }
    if (r % 20000 === 0) progress?.(Math.floor((r / Math.max(1, total)) * 50), 100);
  }

  // Lay the postings out in key order so the engine can binary-search the keys.
  const n = keys.length;
  // Keys are unique: sort them natively, then find each one's id again.
  const sortedByKey = Float64Array.from(keys).sort();
  const order = Array.from(sortedByKey, (key) => (key < 65536 ? unigramId[key] : bigramId.get(key - 65536)));
  const sortedKeys = new Float64Array(n);
  const totals = new Int32Array(n);
  const offsets = new Int32Array(n + 1);
  const cursor = new Int32Array(n);
  let at = 0;
  order.forEach((id, i) => {
    sortedKeys[i] = keys[id];
    totals[i] = uses[id];
    offsets[i] = at;
    cursor[id] = at;
    at += counts[id];
  });
  offsets[n] = at;

  // Pass 2: fill.
  const postings = new Int32Array(postingsTotal);
  lastSeen.fill(0);
  for (let r = 0; r < total; r++) {
    const text = texts[r];
    const mark = r + 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const id = unigramId[c];
      if (lastSeen[id] !== mark) {
        lastSeen[id] = mark;
        postings[cursor[id]++] = r;
      }
      if (i + 1 < text.length) {
        const b = bigramId.get(((c << 16) | text.charCodeAt(i + 1)) >>> 0);
        if (lastSeen[b] !== mark) {
          lastSeen[b] = mark;
          postings[cursor[b]++] = r;
        }
      }
    }
    if (r % 20000 === 0) progress?.(50 + Math.floor((r / Math.max(1, total)) * 50), 100);
  }

  const header: IndexHeader = {
    format: INDEX_FORMAT,
    generation: randomUUID(),
    sentences: total,
    grams: n,
    postings: postingsTotal,
    documents,
  };
  progress?.(100, 100);
  return { header, keys: sortedKeys, offsets, totals, postings, sentenceIds };
}

/** Replaces the stored index in one transaction: readers see the old one or the new one. */
export function writeSearchIndex(db: Db, data: SearchIndexData): void {
  db.transaction(() => {
    db.prepare('DELETE FROM SearchMeta').run();
    writeBlob(db, 'keys', typedBytes(data.keys));
    writeBlob(db, 'offsets', typedBytes(data.offsets));
    writeBlob(db, 'totals', typedBytes(data.totals));
    writeBlob(db, 'postings', typedBytes(data.postings));
    writeBlob(db, 'sentenceIds', typedBytes(data.sentenceIds));
    db.prepare('INSERT INTO SearchMeta (key, value, blob) VALUES (?, ?, NULL)').run('header', JSON.stringify(data.header));
    // Read on every search: cheap to check, changes with every rebuild.
    db.prepare('INSERT INTO SearchMeta (key, value, blob) VALUES (?, ?, NULL)').run('generation', data.header.generation);
  }).immediate();
}
