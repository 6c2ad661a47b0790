import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_PROVIDER, urlOf } from './support/provider';
import { dialectOf } from '@/lib/db/dialect';
import { openDb, type Db } from '@/lib/db/sqlite';
import { ingest } from '@/lib/ingest/run';
import { refreshPhraseStats } from '@/lib/ingest/stats';
import { scorePhrases } from '@/lib/curation/score';
import { DocumentStore } from '@/lib/ingest/store';
import { processFile } from '@/lib/ingest/process-file';
import { buildSegments, commitIndexUpdate, dropRetiredSegments, planAndBuildSegments, RETIRED_GRACE_MS, planIndexUpdate, planIsEmpty, readManifest, searchIndexIsCurrent, updateSearchIndex, writeSegment } from '@/lib/search/build';
import { ChunkCache, PostingsOnDemand, SearchIndex, SegmentGoneError } from '@/lib/search/engine';
import { POSTINGS_CHUNK_BYTES as CHUNK_BYTES, segmentKey } from '@/lib/search/format';
import { foldToSimplified } from '@/lib/text/script';
import { COLLECTION_COUNT_CAP } from '@/lib/curation/score';

/**
 * The cost of an ingest follows what it adds, and the results do not depend
 * on how the documents arrived: one batch, several, or a rebuild give the
 * same glossary, counts and search results. The index checks itself against
 * the sentences and repairs what an interrupted run left.
 */
const ROOT = path.resolve(__dirname, '..');
const SEED_DIR = path.join(ROOT, 'data/samples');
const SEED = path.join(SEED_DIR, fs.readdirSync(SEED_DIR).find((f) => f.endsWith('.txt'))!);
const NEWS = path.resolve(ROOT, '../shared/corpus/cctv_news/news');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-incremental-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const QUERIES = ['的', '党', '黨', '政協', '社会主义', '改革开放', '两个确立', '高质量发展', '习近平', '。', '人民', '中国式现代化', '全面從嚴治黨', '不存在的词'];

/** Everything a reader sees, by content (ids differ between databases). */
function fingerprint(db: Db, index: SearchIndex) {
  const phrases = db
    .prepare(
      `SELECT key, text, kind, traditional, pinyin, occurrenceCount, quotedCount, documentCount, firstDate, lastDate,
         (SELECT sourceKey FROM Document WHERE id = firstDocumentId) AS firstDoc, (SELECT sourceKey FROM Document WHERE id = lastDocumentId) AS lastDoc,
         (SELECT ${dialectOf(db).groupConcat("form || ':' || count || ':' || quotedCount", '|')} FROM (SELECT form, count, quotedCount FROM PhraseForm f WHERE f.phraseId = p.id ORDER BY form) AS f) AS forms,
         quotedDocumentCount, authoritativeDocumentCount, quotedAuthoritativeDocumentCount, titleMarkedCount, thingFollowedCount,
         yearCount, collectionCount, score, statsStale, scored
       FROM Phrase p ORDER BY key`,
    )
    .all();
  const occurrences = db
    .prepare(
      `SELECT p.key, d.sourceKey, s.ordinal, o.start, o."end", o.quoted FROM Occurrence o JOIN Phrase p ON p.id = o.phraseId
       JOIN Sentence s ON s.id = o.sentenceId JOIN Document d ON d.id = o.documentId ORDER BY 1, 2, 3, 4`,
    )
    .all();
  const where = db.prepare('SELECT d.sourceKey, s.ordinal FROM Sentence s JOIN Document d ON d.id = s.documentId WHERE s.id = ?');
  const search = QUERIES.map((q) => {
    const all = index.search(q, { pageSize: 200 });
    const late = index.search(q, { pageSize: 50, from: '2022-01-10', order: 'desc' });
    return [q, all.total, all.occurrences, all.documents, all.hits.map((h) => [where.get(h.sentenceId), h.matches]), late.total, late.occurrences, late.hits.map((h) => where.get(h.sentenceId))];
  });
  return { phrases, occurrences, search };
}

/** The figures and scores kept up as documents came and went are what counting every phrase again gives. */
function expectFiguresAsRecounted(db: Db): void {
  const index = SearchIndex.load(db)!;
  const taken = fingerprint(db, index);
  refreshPhraseStats(db);
  scorePhrases(db);
  expect(fingerprint(db, index)).toEqual(taken);
}

/** The sentences holding `q`, by reading every one; near-duplicate copies are not indexed (lib/dedupe), so not read either. */
function brute(db: Db, q: string): number[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.text FROM Sentence s JOIN Document d ON d.id = s.documentId WHERE d.duplicateOf IS NULL
       ORDER BY coalesce(d.date, '9999'), d.id, s.id`,
    )
    .all() as Array<{ id: number; text: string }>;
  const f = foldToSimplified(q);
  return rows.filter((r) => foldToSimplified(r.text).includes(f)).map((r) => r.id);
}

function allIds(index: SearchIndex, q: string): number[] {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const r = index.search(q, { page, pageSize: 200 });
    ids.push(...r.hits.map((h) => h.sentenceId));
    if (page * 200 >= r.total) return ids;
  }
}

/** Real documents: the seed, and some days of 新闻联播 when the shared corpus is present. */
function inputs(): { first: string[]; second: string[] } {
  if (!fs.existsSync(NEWS)) return { first: [SEED], second: [] };
  const days = fs.readdirSync(NEWS).sort().slice(0, 24).map((f) => path.join(NEWS, f));
  return { first: days.slice(0, 16), second: [...days.slice(16), SEED] };
}

/** A fixture written by the test: the seed's body repeated `times` times in one document. */
function repeatedSeed(times: number): string {
  const [title, ...body] = fs.readFileSync(SEED, 'utf8').split('\n');
  const file = path.join(tmp, `seed-x${times}.txt`);
  fs.writeFileSync(file, [title, ...Array.from({ length: times }, () => body.join('\n'))].join('\n'));
  return file;
}

describe('ingesting in batches', () => {
  it('gives the glossary, counts and search results of one batch, and of a full rebuild', async () => {
    const { first, second } = inputs();
    const one = openDb({ file: await freshDatabase(tmp, 'one') });
    ingest(one, [...first, ...second]);
    const two = openDb({ file: await freshDatabase(tmp, 'two') });
    ingest(two, first);
    const afterFirst = readManifest(two)!.segments;
    const r = ingest(two, second);
    if (second.length > 0) {
      // The second batch got a segment of its own; the first one's was kept, not rebuilt.
      expect(r.index?.built).toBe(1);
      expect(readManifest(two)!.segments).toContain(afterFirst[0]);
    }
    const expected = fingerprint(one, SearchIndex.load(one)!);
    expect(expected.phrases.length).toBeGreaterThan(10);
    expect(fingerprint(two, SearchIndex.load(two)!)).toEqual(expected);
    // The second batch added its uses to the figures of the phrases the first one had counted;
    // recounting every phrase from its occurrences, and rescoring it, changes nothing.
    if (second.length > 0) expect(r.refreshedPhrases).toBeLessThan(expected.phrases.length / 2);
    refreshPhraseStats(two);
    expect(scorePhrases(two)).toBe(expected.phrases.length);
    expect(fingerprint(two, SearchIndex.load(two)!)).toEqual(expected);
    // A full rebuild gives one index with the same answers.
    updateSearchIndex(two, { rebuild: true });
    expect(readManifest(two)!.segments).toHaveLength(1);
    expect(fingerprint(two, SearchIndex.load(two)!)).toEqual(expected);
    one.close();
    two.close();
  });

  it("takes a replaced document's and a demoted copy's uses from the figures: what a recount of every phrase gives", async () => {
    const db = openDb({ file: await freshDatabase(tmp, 'remove') });
    const dir = fs.mkdtempSync(path.join(tmp, 'remove-'));
    const { first } = inputs();
    fs.copyFileSync(SEED, path.join(dir, 'seed.txt'));
    ingest(db, [...first, dir]);
    const phrases = (db.prepare('SELECT count(*) AS n FROM Phrase').get() as { n: number }).n;
    // The seed replaced by its first half; the first news day again, with one paragraph more, so that the
    // new, fuller copy is the one kept and the stored day becomes its copy (when the corpus is here). The
    // paragraph, not the file's name, decides: between copies of equal length the smaller source key is
    // kept, and source keys are absolute paths, which sort differently on every machine.
    const text = fs.readFileSync(SEED, 'utf8');
    fs.writeFileSync(path.join(dir, 'seed.txt'), text.slice(0, Math.floor(text.length / 2)));
    if (first[0] !== SEED) {
      const fuller = fs.readFileSync(first[0], 'utf8') + '\n\n本台记者补充报道：今天上午，水利部召开专题会议，部署冬季农田水利建设，要求各地抓紧修缮灌溉渠道，确保明年春耕用水。\n';
      fs.writeFileSync(path.join(dir, path.basename(first[0])), fuller);
    }
    const r = ingest(db, [dir]);
    expect(r.updated).toBe(1);
    if (first[0] !== SEED) {
      // The stored day is the copy now (its uses went), the new one is kept.
      const copies = db.prepare('SELECT id, duplicateOf FROM Document WHERE duplicateOf IS NOT NULL').all() as Array<{ id: number; duplicateOf: number }>;
      expect(copies).toHaveLength(1);
      expect(copies[0].id).toBeLessThan(copies[0].duplicateOf);
      expect(db.prepare('SELECT count(*) AS n FROM Occurrence WHERE documentId = ?').get(copies[0].id)).toEqual({ n: 0 });
    }
    // Only phrases new to this run are counted from their occurrences.
    expect(r.refreshedPhrases).toBeLessThan(phrases / 10);
    expectFiguresAsRecounted(db);
    db.close();
  });

  it("takes a replaced document's uses from figures counted to their cap: a phrase in more collections than the cap counts", async () => {
    // Four collections (folders of one directory); the last holds one document, replaced. Phrases the
    // other three share are at the collection cap, and the replaced document was the only one of its
    // collection: what remains is counted collection by collection (PhraseFigures.remainingCollections).
    const COMMON = '会议强调，要深刻领悟“两个确立”的决定性意义，增强“四个意识”，做到“两个维护”。';
    const db = openDb({ file: await freshDatabase(tmp, 'capped') });
    const root = fs.mkdtempSync(path.join(tmp, 'capped-'));
    const { first } = inputs();
    const texts =
      first[0] !== SEED
        ? first.slice(0, 13).map((f) => fs.readFileSync(f, 'utf8'))
        : (() => {
            // No corpus here: the seed's sentences dealt out to 13 documents (none a copy of another),
            // each ending with the same sentence of three formulations.
            const sentences = fs.readFileSync(SEED, 'utf8').split(/(?<=。)/).filter((l) => l.trim());
            return Array.from({ length: 13 }, (_, i) => [sentences.filter((_, j) => j % 13 === i).join(''), COMMON].join('\n\n'));
          })();
    texts.forEach((text, i) => {
      const folder = path.join(root, ['a', 'b', 'c', 'd'][Math.min(3, Math.floor(i / 4))]);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, `${i}.md`), text);
    });
    ingest(db, [root]);
    expect((db.prepare('SELECT count(DISTINCT collection) AS n FROM Document').get() as { n: number }).n).toBe(4);
    const last = path.join(root, 'd', '12.md');
    const capped = db
      .prepare(
        `SELECT count(*) AS n FROM Phrase p WHERE p.collectionCount = ${COLLECTION_COUNT_CAP} AND p.statsStale = 0
           AND p.id IN (SELECT o.phraseId FROM Occurrence o JOIN Document d ON d.id = o.documentId WHERE d.collection = 'd')`,
      )
      .get() as { n: number };
    expect(capped.n).toBeGreaterThan(0);
    // Its uses of most of those phrases go.
    fs.writeFileSync(last, fs.readFileSync(last, 'utf8').replace(COMMON, '').split('\n').slice(0, 8).join('\n'));
    expect(ingest(db, [root]).updated).toBe(1);
    expectFiguresAsRecounted(db);
    db.close();
  });

  it('recounts only the phrases a new document uses, and links new phrases into old documents', async () => {
    const db = openDb({ file: await freshDatabase(tmp, 'recount') });
    const dir = fs.mkdtempSync(path.join(tmp, 'recount-'));
    fs.copyFileSync(SEED, path.join(dir, 'seed.txt'));
    ingest(db, [dir]);
    const phrases = (db.prepare('SELECT count(*) AS n FROM Phrase').get() as { n: number }).n;
    // A later document quotes a new phrase that the seed uses without quotation marks.
    fs.writeFileSync(path.join(dir, 'later.txt'), '会议强调，要坚持“政协工作”方向，做到“两个维护”。');
    const before = db.prepare("SELECT occurrenceCount, quotedCount, documentCount, quotedDocumentCount FROM Phrase WHERE key = '两个维护'").get() as Record<string, number>;
    const r = ingest(db, [dir]);
    expect(r).toMatchObject({ added: 1, newPhrases: 1 });
    // Only the new phrase is counted from its occurrences: 两个维护's one more use is added to its figures.
    expect(r.refreshedPhrases).toBe(1);
    expect(r.refreshedPhrases).toBeLessThan(phrases);
    expect(db.prepare("SELECT occurrenceCount, quotedCount, documentCount, quotedDocumentCount FROM Phrase WHERE key = '两个维护'").get()).toEqual({
      occurrenceCount: before.occurrenceCount + 1,
      quotedCount: before.quotedCount + 1,
      documentCount: before.documentCount + 1,
      quotedDocumentCount: before.quotedDocumentCount + 1,
    });
    const texts = (db.prepare('SELECT text FROM Sentence').all() as Array<{ text: string }>).map((r) => foldToSimplified(r.text));
    const seedUses = texts.reduce((n, t) => n + t.split('政协工作').length - 1, 0);
    expect(seedUses).toBeGreaterThan(1);
    const p = db.prepare("SELECT occurrenceCount, quotedCount, documentCount FROM Phrase WHERE key = '政协工作'").get();
    expect(p).toEqual({ occurrenceCount: seedUses, quotedCount: 1, documentCount: 2 });
    expect(db.prepare('SELECT count(*) AS n FROM Phrase WHERE statsStale = 1').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('postings read on demand', () => {
  it('give the candidates and gram uses of postings held in memory, holding none', async () => {
    const db = openDb({ file: await freshDatabase(tmp, 'on-demand') });
    const { first, second } = inputs();
    ingest(db, first);
    ingest(db, second);
    const held = SearchIndex.load(db, { texts: false })!;
    const onDemand = SearchIndex.load(db, { texts: false, postings: 'on-demand' })!;
    expect(held.segments.length).toBeGreaterThan(second.length > 0 ? 1 : 0);
    expect(held.memory().postingBytes).toBeGreaterThan(1000);
    expect(onDemand.memory().postingBytes).toBe(0);
    for (const q of QUERIES) {
      const folded = foldToSimplified(q);
      expect([...onDemand.candidateRanks(folded)], q).toEqual([...held.candidateRanks(folded)]);
      if (folded.length <= 2) expect(onDemand.gramUses(q), q).toBe(held.gramUses(q));
    }
    db.close();
  });

  it('are read from the snapshot the index was loaded in, while another connection deletes its segments', async () => {
    const file = await freshDatabase(tmp, 'snapshot');
    const db = openDb({ file });
    ingest(db, [SEED]);
    const expected = [...SearchIndex.load(db, { texts: false })!.candidateRanks('政协工作')];
    expect(expected.length).toBeGreaterThan(0);
    const reader = openDb({ file, readonly: true });
    const found = reader.transaction(() => {
      const index = SearchIndex.load(reader, { texts: false, postings: 'on-demand' })!;
      // As an index update that merges segments does, committed meanwhile.
      db.prepare("DELETE FROM SearchMeta WHERE key LIKE 'seg.%'").run();
      return [...index.candidateRanks('政协工作')];
    })();
    expect(found).toEqual(expected);
    expect(() => SearchIndex.load(reader, { texts: false, postings: 'on-demand' })!.candidateRanks('政协工作')).toThrow();
    reader.close();
    db.close();
  });

  /** What a search shows, by sentence: totals, each hit's sentence and matches, a filtered page. */
  const results = (index: SearchIndex) =>
    QUERIES.map((q) => {
      const all = index.search(q, { pageSize: 500 });
      const late = index.search(q, { pageSize: 50, from: '2022-01-10', order: 'desc' });
      return [q, all.total, all.occurrences, all.documents, all.hits.map((h) => [h.sentenceId, h.matches]), late.total, late.hits.map((h) => h.sentenceId)];
    });

  /** A database of two ingests (so several segments), the index loaded with its postings held, and a reader. */
  async function twoIngests(label: string) {
    const file = await freshDatabase(tmp, label);
    const db = openDb({ file });
    const { first, second } = inputs();
    ingest(db, first);
    ingest(db, second);
    return { db, held: SearchIndex.load(db)!, reader: openDb({ file, readonly: true }) };
  }

  it("as the server reads them (its own connection, one cache for all segments), give the results of postings held in memory", async () => {
    const { db, held, reader } = await twoIngests('server-postings');
    // A cache smaller than the postings: chunks are read again after being let go.
    const cache = new ChunkCache(2 * CHUNK_BYTES);
    const served = SearchIndex.load(reader, { postings: 'on-demand', postingsFrom: { db: reader, cache } })!;
    expect(served.memory().postingBytes).toBe(0);
    expect(served.memory().text).toBe(held.memory().text);
    expect(results(served)).toEqual(results(held));
    expect(cache.size).toBeGreaterThan(0);
    expect(cache.size).toBeLessThanOrEqual(2 * CHUNK_BYTES);
    for (const q of ['的', '政協', '。']) expect(served.gramUses(q), q).toBe(held.gramUses(q));
    reader.close();
    db.close();
  });

  it('of segments an update has deleted since the index was loaded are worked out from its text: the same results', async () => {
    const { db, held, reader } = await twoIngests('gone');
    const expected = results(held);
    const gramUses = ['的', '政協', '。', '人民'].map((q) => held.gramUses(q));
    const served = SearchIndex.load(reader, { postings: 'on-demand', postingsFrom: { db: reader, cache: new ChunkCache(CHUNK_BYTES) } })!;
    // Read a little first: some chunks are cached, the rest are gone.
    served.search('社会主义');
    const bare = SearchIndex.load(reader, { texts: false, postings: 'on-demand' })!;
    // Two updates later, every segment this index names is deleted (at most a
    // retired generation is kept): here, all at once.
    db.prepare("DELETE FROM SearchMeta WHERE key LIKE 'seg.%'").run();
    expect(results(served)).toEqual(expected);
    expect(['的', '政協', '。', '人民'].map((q) => served.gramUses(q))).toEqual(gramUses);
    // An index loaded without its text cannot: it says the segment is gone.
    expect(() => bare.candidateRanks('政协工作')).toThrow(SegmentGoneError);
    reader.close();
    db.close();
  });

  it('of a deleted segment, worked out from its text, are the entries the build wrote: every gram, runs of one character too', async () => {
    // The build (computeSegment) and LoadedSegment.entryFromText count by the same rule, in two
    // ways: "哈哈哈" holds one "哈哈", "哈哈哈哈" two. Every gram of the seed and of runs written here.
    const dir = fs.mkdtempSync(path.join(tmp, 'runs-'));
    fs.copyFileSync(SEED, path.join(dir, 'seed.txt'));
    fs.writeFileSync(
      path.join(dir, 'runs.txt'),
      '重复的字\n\n哈哈哈，他笑了。哈哈哈哈哈哈哈，又笑了。常常常常说，了了。\n\n人人人都说好好好，谢谢谢谢。\n',
    );
    const file = await freshDatabase(tmp, 'runs');
    const db = openDb({ file });
    ingest(db, [dir]);
    const held = SearchIndex.load(db)!;
    const reader = openDb({ file, readonly: true });
    const served = SearchIndex.load(reader, { postings: 'on-demand', postingsFrom: { db: reader, cache: new ChunkCache(CHUNK_BYTES) } })!;
    db.prepare("DELETE FROM SearchMeta WHERE key LIKE 'seg.%'").run();
    const grams = new Set<string>();
    for (const { text } of db.prepare('SELECT text FROM Sentence').all() as Array<{ text: string }>) {
      const folded = foldToSimplified(text).replace(/\s+/g, '');
      for (let i = 0; i < folded.length; i++) grams.add(folded.slice(i, i + 1)).add(folded.slice(i, i + 2));
    }
    for (const g of ['哈哈', '常常', '谢谢', '人人', '好好']) expect(grams).toContain(g);
    expect(held.gramUses('哈哈')).toBe(1 + 3);
    expect(grams.size).toBeGreaterThan(1000);
    for (const g of grams) {
      expect(served.gramUses(g), g).toBe(held.gramUses(g));
      expect([...served.candidateRanks(g)], g).toEqual([...held.candidateRanks(g)]);
    }
    reader.close();
    db.close();
  });

  it('are cut from the stored chunks, across their boundaries', async () => {
    const db = openDb({ file: await freshDatabase(tmp, 'chunks') });
    const bytes = new Uint8Array(2 * CHUNK_BYTES + 1000).map((_, i) => (i * 7919) % 251);
    const put = db.prepare('INSERT INTO SearchMeta (key, value, blob) VALUES (?, ?, ?)');
    for (let i = 0; i < 3; i++) put.run(`${segmentKey('probe', 'postings')}:${i}`, '3', Buffer.from(bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES)));
    const postings = new PostingsOnDemand(db, 'probe');
    for (const [a, b] of [[0, 10], [CHUNK_BYTES - 3, CHUNK_BYTES + 5], [5, 2 * CHUNK_BYTES + 999], [2 * CHUNK_BYTES + 990, 2 * CHUNK_BYTES + 1000], [CHUNK_BYTES, CHUNK_BYTES]]) {
      expect(Buffer.from(postings.slice(a, b)).equals(Buffer.from(bytes.subarray(a, b))), `${a}-${b}`).toBe(true);
    }
    expect(() => postings.slice(2 * CHUNK_BYTES + 990, 2 * CHUNK_BYTES + 1010)).toThrow(/postings end before/);
    db.close();
  });
});

describe('scores', () => {
  it('wait for a marked phrase to be recounted, and come from its recounted evidence', async () => {
    const db = openDb({ file: await freshDatabase(tmp, 'scores') });
    ingest(db, [SEED]);
    const read = () => db.prepare("SELECT score, CAST(scored AS INTEGER) AS scored, CAST(statsStale AS INTEGER) AS statsStale, quotedDocumentCount FROM Phrase WHERE key = '两个维护'").get() as Record<string, unknown>;
    const before = read();
    expect(before).toMatchObject({ scored: 1, statsStale: 0, quotedDocumentCount: 1 });
    expect(before.score).toBeGreaterThan(0);
    // As a migration that adds evidence leaves it: marked, evidence not counted yet.
    db.prepare("UPDATE Phrase SET statsStale = 1, scored = 0, quotedDocumentCount = 0, yearCount = 0, collectionCount = 0 WHERE key = '两个维护'").run();
    scorePhrases(db);
    expect(read()).toMatchObject({ score: before.score, scored: 0, statsStale: 1 });
    refreshPhraseStats(db, 'stale');
    expect(scorePhrases(db)).toBe(1);
    expect(read()).toEqual(before);
    db.close();
  });
});

describe('index segments', () => {
  it('are appended per ingest, merged by size tier, and replaced documents are masked until merged away', async () => {
    const db = openDb({ file: await freshDatabase(tmp, 'segments') });
    const dir = fs.mkdtempSync(path.join(tmp, 'segments-'));
    const seed = fs.readFileSync(SEED, 'utf8');
    const paragraphs = seed.split(/\n+/).filter((p) => p.trim().length > 20);
    const segmentCounts: number[] = [];
    for (let i = 0; i < 8; i++) {
      fs.writeFileSync(path.join(dir, `part-${i}.txt`), paragraphs.slice(i * 2, i * 2 + 4).join('\n\n'));
      ingest(db, [dir]);
      segmentCounts.push(readManifest(db)!.segments.length);
    }
    // Small segments of one tier are merged four at a time: the count never grows past the merge factor.
    expect(Math.max(...segmentCounts)).toBeLessThanOrEqual(4);
    expect(segmentCounts).toContain(1);
    // A replaced document: its old sentences are not found, its new ones are.
    fs.writeFileSync(path.join(dir, 'part-0.txt'), '全新的段落讲“数字政协”建设。');
    ingest(db, [dir]);
    const index = SearchIndex.load(db)!;
    expect(index.header.missing).toBe(0);
    for (const q of ['数字政协', '政協', '黨', '的', '永遠在路上']) expect(allIds(index, q), q).toEqual(brute(db, q));
    expect(searchIndexIsCurrent(db)).toBe(true);
    db.close();
  });

  it('are built each in a snapshot of its own: the writer checkpoints the whole WAL while the builder goes on', async () => {
    const file = await freshDatabase(tmp, 'own-snapshots');
    const db = openDb({ file });
    ingest(db, [SEED]);
    // The builder reads on a connection of its own, as the ingest's index worker does; the writer
    // writes each segment as it comes, and checkpoints.
    const builder = openDb({ file, readonly: true });
    const checkpoints: Array<{ busy: number; log: number; checkpointed: number }> = [];
    // Progress is reported once a segment's snapshot is let go: the ingest's writer checkpoints then (run.ts).
    const inTransactionAtProgress: boolean[] = [];
    const progress = (done: number, total: number) => inTransactionAtProgress.push(builder.inTransaction && done <= total);
    const { plan, built } = planAndBuildSegments(builder, { rebuild: true, progress }, (segment) => {
      writeSegment(db, segment);
      if (TEST_PROVIDER === 'sqlite') checkpoints.push((db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>)[0]);
    });
    expect(built.length).toBeGreaterThan(0);
    expect(inTransactionAtProgress).toEqual(new Array(built.length + 1).fill(false));
    if (TEST_PROVIDER === 'sqlite') {
      // Every frame the writer wrote could be copied back: no snapshot of the builder's held them.
      expect(checkpoints).toHaveLength(built.length);
      for (const c of checkpoints) expect(c.log > 0 && c.checkpointed === c.log, JSON.stringify(c)).toBe(true);
    }
    commitIndexUpdate(db, plan, built);
    const index = SearchIndex.load(db)!;
    for (const q of ['黨', '政協', '两个确立', '的']) expect(allIds(index, q), q).toEqual(brute(db, q));
    builder.close();
    db.close();
  });

  it('store postings compressed: under 2 bytes per posting, and folded text at 2 bytes a character', async () => {
    const db = openDb({ file: await freshDatabase(tmp, 'bytes') });
    const { first, second } = inputs();
    // Without the shared corpus the seed alone (about 1,000 characters) is too small to weigh
    // postings: one document of its body written twelve times over stands in.
    ingest(db, second.length > 0 ? [...first, ...second] : [repeatedSeed(12)]);
    const m = SearchIndex.load(db)!.memory();
    expect(m.chars).toBeGreaterThan(10_000);
    // Uncompressed, a posting takes 4 bytes (what the index took before).
    expect(m.postings).toBeGreaterThan(m.chars);
    expect(m.postingBytes / m.postings).toBeLessThan(2);
    // Postings, dictionary and rank maps: about 3 bytes a character on the 新闻联播 folder, more on small inputs
    // where the dictionary weighs more (npm run bench prints the figure for the whole corpus).
    expect(m.index / m.chars).toBeLessThan(second.length > 0 ? 6 : 12);
    expect(m.text).toBeLessThanOrEqual(m.chars * 2 + 4 * (m.chars / 8));
    db.close();
  });
});

describe('the index checks itself', () => {
  it('against the sentence count and first sentence kept on each document as its sentences are stored and replaced', async () => {
    const db = openDb({ file: await freshDatabase(tmp, 'sentence-counts') });
    const dir = fs.mkdtempSync(path.join(tmp, 'counts-'));
    fs.copyFileSync(SEED, path.join(dir, 'seed.txt'));
    fs.writeFileSync(path.join(dir, 'other.txt'), '会议强调，要坚持“两个维护”。\n\n各地要抓好落实。');
    ingest(db, [dir]);
    // The seed replaced by its first half: fewer sentences, new ids.
    const text = fs.readFileSync(SEED, 'utf8');
    fs.writeFileSync(path.join(dir, 'seed.txt'), text.slice(0, Math.floor(text.length / 2)));
    ingest(db, [dir]);
    const counted = db
      .prepare('SELECT documentId AS id, count(*) AS count, min(id) AS firstSentenceId FROM Sentence GROUP BY documentId ORDER BY documentId')
      .all();
    const kept = db.prepare('SELECT id, sentenceCount AS count, firstSentenceId FROM Document ORDER BY id').all();
    expect(kept).toEqual(counted);
    expect(counted).toHaveLength(2);
    db.close();
  });

  const changedSeed = () => fs.readFileSync(SEED, 'utf8').replace(/\n[^\n]+\n/, '\n市政協召開“智慧政協”建設推進會。\n');
  /** A fresh database holding the seed, ingested from a folder of its own (its file can then be changed). */
  async function seeded(label: string): Promise<{ dir: string; file: string; db: Db }> {
    const dir = fs.mkdtempSync(path.join(tmp, `${label}-`));
    const file = path.join(dir, 'seed.txt');
    fs.copyFileSync(SEED, file);
    const db = openDb({ file: await freshDatabase(tmp, label) });
    ingest(db, [dir]);
    return { dir, file, db };
  }

  it('an ingest that stopped after storing a replaced document leaves an index that masks it, and any next run repairs it', async () => {
    const { file, db } = await seeded('stale');
    // What a kill -9 after the store leaves: the document replaced, the rest not run.
    fs.writeFileSync(file, changedSeed());
    const result = processFile(file, {});
    if (result.kind !== 'documents' || result.documents[0].kind !== 'document') throw new Error('the changed seed should process');
    const { processed } = result.documents[0];
    expect(new DocumentStore(db).store(processed.doc, processed.contentHash, processed.charCount).status).toBe('updated');
    expect(searchIndexIsCurrent(db)).toBe(false);
    // A server loading now serves no stale sentence and says what is missing.
    const stale = SearchIndex.load(db)!;
    expect(stale.header.missing).toBe(1);
    expect(stale.search('黨').total).toBe(0);
    // The next run, even with nothing new to ingest, finishes the work.
    const r = ingest(db, []);
    expect(r.index?.built).toBe(1);
    expect(searchIndexIsCurrent(db)).toBe(true);
    const index = SearchIndex.load(db)!;
    for (const q of ['智慧政协', '黨', '政協', '的']) expect(allIds(index, q), q).toEqual(brute(db, q));
    expect((db.prepare("SELECT occurrenceCount FROM Phrase WHERE key = '智慧政协'").get() as { occurrenceCount: number }).occurrenceCount).toBe(1);
    db.close();
  });

  it('segments are written one at a time and named at the end: what a stopped run wrote is unseen, then deleted by the next update', async () => {
    const { dir, file, db } = await seeded('unnamed');
    const before = readManifest(db)!;
    const segmentIds = () =>
      new Set((db.prepare("SELECT DISTINCT substr(key, 5, 16) AS id FROM SearchMeta WHERE key LIKE 'seg.%'").all() as Array<{ id: string }>).map((r) => r.id));
    expect(segmentIds()).toEqual(new Set(before.segments));
    // A run that wrote a whole new index's segments and stopped before naming them.
    const plan = db.transaction(() => planIndexUpdate(db, { rebuild: true }))();
    const unnamed = buildSegments(db, plan, (segment) => writeSegment(db, segment));
    expect(unnamed.length).toBeGreaterThan(0);
    expect(segmentIds().size).toBe(before.segments.length + unnamed.length);
    // Readers go by the manifest: they see the index as it was.
    expect(readManifest(db)).toEqual(before);
    const index = SearchIndex.load(db)!;
    for (const q of ['黨', '政協', '的']) expect(allIds(index, q), q).toEqual(brute(db, q));
    // The next update (a changed document) names its own segments and deletes the unnamed ones.
    fs.writeFileSync(file, changedSeed());
    const r = ingest(db, [dir]);
    expect(r.updated).toBe(1);
    const after = readManifest(db)!;
    // The segments this update replaced stay, retired, until the next one (see Manifest.retired).
    expect(after.retired?.length).toBeGreaterThan(0);
    expect(segmentIds()).toEqual(new Set([...after.segments, ...after.retired!]));
    for (const id of unnamed) expect(after.segments).not.toContain(id.id);
    const updated = SearchIndex.load(db)!;
    for (const q of ['智慧政协', '黨', '政協', '的']) expect(allIds(updated, q), q).toEqual(brute(db, q));
    // A run that changes nothing, right after, leaves them for servers still loading…
    expect(ingest(db, [dir]).skipped).toBe(1);
    expect(readManifest(db)).toEqual(after);
    expect(segmentIds()).toEqual(new Set([...after.segments, ...after.retired!]));
    // …and deletes them once RETIRED_GRACE_MS has passed, the generation kept: servers load nothing.
    expect(after.retiredAt).toBeGreaterThan(Date.now() - RETIRED_GRACE_MS);
    const aged = { ...after, retiredAt: Date.now() - RETIRED_GRACE_MS - 1 };
    db.prepare("UPDATE SearchMeta SET value = ? WHERE key = 'manifest'").run(JSON.stringify(aged));
    expect(ingest(db, [dir]).skipped).toBe(1);
    expect(readManifest(db)).toEqual({ format: after.format, generation: after.generation, segments: after.segments, retired: [] });
    expect(segmentIds()).toEqual(new Set(after.segments));
    // A server that loaded before still searches the same (its segments are live); so does a new one.
    for (const q of ['智慧政协', '黨', '政協', '的']) expect(allIds(updated, q), q).toEqual(brute(db, q));
    for (const q of ['智慧政协', '黨', '政協', '的']) expect(allIds(SearchIndex.load(db)!, q), q).toEqual(brute(db, q));
    // With nothing retired, the next one is a no-op too.
    expect(dropRetiredSegments(db, Date.now() + 10 * RETIRED_GRACE_MS)).toBe(0);
    // The next update that changes the index deletes what the one before retired, and retires its own.
    fs.writeFileSync(file, changedSeed().replace('推進會', '推進大會'));
    expect(ingest(db, [dir]).updated).toBe(1);
    const next = readManifest(db)!;
    expect(next.generation).not.toBe(after.generation);
    expect(next.retired?.length).toBeGreaterThan(0);
    expect(segmentIds()).toEqual(new Set([...next.segments, ...(next.retired ?? [])]));
    const latest = SearchIndex.load(db)!;
    for (const q of ['推進大會', '黨', '政協', '的']) expect(allIds(latest, q), q).toEqual(brute(db, q));
    db.close();
  });

  it('survives a kill -9 of the ingest command at the end of a re-ingest, and `--rebuild-index` rebuilds it', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'kill-'));
    const file = path.join(dir, 'seed.txt');
    fs.copyFileSync(SEED, file);
    for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(dir, `copy-${i}.txt`), fs.readFileSync(SEED, 'utf8').replace(/市/g, '县'.repeat(1 + (i % 3))));
    const dbFile = await freshDatabase(tmp, 'kill');
    const env = { ...process.env, DATABASE_URL: urlOf(dbFile) };
    const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/ingest.ts'), '--quiet', ...args], { env, cwd: ROOT, encoding: 'utf8' });
    expect(cli([dir]).status).toBe(0);
    const hashBefore = (() => {
      const db = openDb({ file: dbFile, readonly: true });
      const h = (db.prepare("SELECT contentHash FROM Document WHERE sourceKey LIKE '%seed.txt'").get() as { contentHash: string }).contentHash;
      db.close();
      return h;
    })();
    // Re-ingest a changed document; kill the command as soon as the document is stored.
    fs.writeFileSync(file, changedSeed());
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/ingest.ts'), '--quiet', dir], { env, cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const watcher = openDb({ file: dbFile, readonly: true });
    let killed = false;
    while (child.exitCode === null) {
      const row = watcher.prepare("SELECT contentHash FROM Document WHERE sourceKey LIKE '%seed.txt'").get() as { contentHash: string };
      if (row.contentHash !== hashBefore) {
        child.kill('SIGKILL');
        killed = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await exited;
    watcher.close();
    expect(killed).toBe(true);
    const db = openDb({ file: dbFile });
    if (TEST_PROVIDER === 'sqlite') expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    // The next run repairs whatever the kill left; search answers correctly.
    const next = cli([dir]);
    expect(next.status).toBe(0);
    const check = openDb({ file: dbFile, readonly: true });
    expect(searchIndexIsCurrent(check)).toBe(true);
    let index = SearchIndex.load(check)!;
    for (const q of ['智慧政协', '黨', '县', '的']) expect(allIds(index, q), q).toEqual(brute(check, q));
    const generation = index.header.generation;
    // --rebuild-index, without paths: a new generation with the same answers.
    const rebuilt = cli(['--rebuild-index']);
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toMatch(/search index: 1 segment\(s\) built/);
    index = SearchIndex.load(check)!;
    expect(index.header.generation).not.toBe(generation);
    for (const q of ['智慧政协', '黨', '县', '的']) expect(allIds(index, q), q).toEqual(brute(check, q));
    expect(planIsEmpty(planIndexUpdate(check))).toBe(true);
    check.close();
    // Four runs of the command: generous on a busy machine (nothing here is timed).
  }, 900_000);
});
