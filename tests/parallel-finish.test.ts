import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { ingest, ingestInParallel } from '@/lib/ingest/run';
import { searchIndexIsCurrent } from '@/lib/search/build';
import { HolderLookup } from '@/lib/dedupe/store';
import { SearchIndex } from '@/lib/search/engine';

/**
 * The parallel driver finishes a run with two workers side by side: one
 * builds the index, the other links unquoted uses, reaching old documents
 * through the index as it was before the run. Whatever the path (index
 * current, or left behind by an interrupted run so that the linker must wait
 * for the new one), it stores exactly what the single-thread driver stores.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-parallel-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeDoc(name: string, title: string, body: string): string {
  const file = path.join(tmp, 'in', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${title}\n\n${body}\n`);
  return file;
}

// An older report uses 枫桥经验 and 两个维护 without quotation marks; a later one quotes them (new phrases).
const OLD = writeDoc(
  '2021-old.txt',
  '政法工作会议讲话',
  '一、坚持和发展新时代枫桥经验\n\n各地要坚持和发展新时代枫桥经验，把矛盾纠纷化解在基层。要做到两个维护，推进平安中国建设。\n\n二、加强队伍建设\n\n坚持“三会一课”制度，落实全面从严治党要求。',
);
const NEW = writeDoc(
  '2023-new.txt',
  '政法工作会议报告',
  '一、总结\n\n我们坚持“新时代枫桥经验”，做到“两个维护”，坚持“三会一课”。\n\n二、部署\n\n推广新时代枫桥经验，深化平安中国建设。',
);

// A copy of the older report from another source (a footer added): stored as a near-duplicate, with no uses and
// not in the search index, so the linker must not count it among the old documents the index covers.
const COPY = writeDoc(
  'copy/2021-old.txt',
  '政法工作会议讲话',
  '一、坚持和发展新时代枫桥经验\n\n各地要坚持和发展新时代枫桥经验，把矛盾纠纷化解在基层。要做到两个维护，推进平安中国建设。\n\n二、加强队伍建设\n\n坚持“三会一课”制度，落实全面从严治党要求。\n\n（来源：转载）',
);

function contents(db: Db) {
  return {
    occurrences: db
      .prepare(
        `SELECT p.key, d.sourceKey, s.ordinal, o.start, o."end", o.quoted FROM Occurrence o JOIN Phrase p ON p.id = o.phraseId
         JOIN Sentence s ON s.id = o.sentenceId JOIN Document d ON d.id = o.documentId ORDER BY 1, 2, 3, 4`,
      )
      .all(),
    phrases: db.prepare('SELECT key, traditional, pinyin, pinyinSort, occurrenceCount, quotedCount, documentCount, status, score, scored FROM Phrase ORDER BY key').all(),
    copies: db.prepare('SELECT d.sourceKey, k.sourceKey AS kept FROM Document d JOIN Document k ON k.id = d.duplicateOf ORDER BY 1').all(),
    pending: db
      .prepare(`SELECT (SELECT count(*) FROM Document WHERE linked = 0) + (SELECT count(*) FROM Phrase WHERE linked = 0 OR pinyin = '' OR statsStale = 1 OR scored = 0) AS n`)
      .get(),
  };
}

/** Each query's matching sentences, as the search index finds them (document and ordinal). */
function hits(db: Db): Map<string, string[]> {
  const index = SearchIndex.load(db)!;
  const where = db.prepare<[number], { sourceKey: string; ordinal: number }>('SELECT d.sourceKey, s.ordinal FROM Sentence s JOIN Document d ON d.id = s.documentId WHERE s.id = ?');
  return new Map(
    ['枫桥经验', '两个维护', '三会一课', '平安中国'].map((q) => [
      q,
      [...index.matchingRanks(q, [[0, index.header.sentences]])].map((rank) => {
        const r = where.get(index.sentenceIdOf(rank))!;
        return `${r.sourceKey}|${r.ordinal}`;
      }).sort(),
    ]),
  );
}

function fresh(name: string): { db: Db; file: string } {
  const file = path.join(tmp, `${name}.db`);
  return { db: openDb({ file }), file };
}

describe('the parallel driver', () => {
  const reference = fresh('reference');
  ingest(reference.db, [OLD, COPY]);
  ingest(reference.db, [NEW]);
  const expected = contents(reference.db);

  it('finds the unquoted uses of new phrases in old documents', () => {
    const uses = (expected.occurrences as Array<{ key: string; sourceKey: string; quoted: number }>).filter((o) => o.key === '新时代枫桥经验');
    expect(uses.filter((o) => o.sourceKey.includes('2021-old') && o.quoted === 0)).toHaveLength(2);
    expect(uses.filter((o) => o.sourceKey.includes('2023-new'))).toHaveLength(2);
    expect(expected.pending).toEqual({ n: 0 });
    expect(expected.copies).toHaveLength(1);
  });

  it('stores what the single-thread driver stores, its index current', async () => {
    const { db, file } = fresh('parallel');
    await ingestInParallel(db, file, [OLD, COPY], {}, {}, 1);
    await ingestInParallel(db, file, [NEW], {}, {}, 1);
    expect(contents(db)).toEqual(expected);
    expect(searchIndexIsCurrent(db)).toBe(true);
  }, 60_000);

  it('stores the same when every index segment reaches the writer through a file (the writer was busy)', async () => {
    const { db, file } = fresh('spilled');
    await ingestInParallel(db, file, [OLD, COPY], { tuning: { segmentsInMemory: 0 } }, {}, 2);
    await ingestInParallel(db, file, [NEW], { tuning: { segmentsInMemory: 0 } }, {}, 2);
    expect(contents(db)).toEqual(expected);
    expect(searchIndexIsCurrent(db)).toBe(true);
    expect(hits(db)).toEqual(hits(reference.db));
    // Two sentences of each report (the copy is not indexed).
    expect(hits(db).get('枫桥经验')).toHaveLength(4);
  }, 60_000);

  it('waits for the new index when an interrupted run left the old one behind, and still stores the same', async () => {
    const { db, file } = fresh('stale');
    await ingestInParallel(db, file, [OLD, COPY], {}, {}, 2);
    // As if a run had stopped before writing the index: none is stored.
    db.prepare('DELETE FROM SearchMeta').run();
    expect(searchIndexIsCurrent(db)).toBe(false);
    await ingestInParallel(db, file, [NEW], {}, {}, 2);
    expect(contents(db)).toEqual(expected);
    expect(searchIndexIsCurrent(db)).toBe(true);
  }, 60_000);
});

// The national work reports, held twice in ../shared/corpus: 45 of the plain-text copies repeat a Wikisource record.
const CORPUS = path.resolve(__dirname, '../../shared/corpus');
const REPORTS = [
  path.join(CORPUS, 'chinese-political-corpora/government_work_reports.jsonl'),
  path.join(CORPUS, 'textworkshop17/demos/chineseDemo/govReports'),
];

describe.runIf(REPORTS.every((p) => fs.existsSync(p)))("duplicate detection on the workers' lookups", () => {
  const copies = (db: Db) =>
    db.prepare('SELECT d.sourceKey, k.sourceKey AS kept, d.duplicateScore FROM Document d JOIN Document k ON k.id = d.duplicateOf ORDER BY 1').all();

  it('finds the copies the single-thread driver finds, with batches written while files were out at the workers', async () => {
    // Small batches: several go to the lookup table while files wait at the workers.
    const options = { tuning: { fingerprintBatch: 5000, clauseLookups: 'workers' as const } };
    const single = fresh('reports-single');
    ingest(single.db, REPORTS, options);
    const expected = copies(single.db);
    expect(expected.length).toBeGreaterThanOrEqual(40);
    for (const workers of [1, 2]) {
      const { db, file } = fresh(`reports-${workers}`);
      // The writer's own lookups (this thread): only where a worker's could not stand.
      const direct = vi.spyOn(HolderLookup.prototype, 'holders');
      const summary = await ingestInParallel(db, file, REPORTS, options, {}, workers);
      expect(direct.mock.calls.length).toBeLessThan(summary.added / 10);
      direct.mockRestore();
      expect(copies(db)).toEqual(expected);
      expect(summary.duplicates).toBe(expected.length);
    }
    // As the ingest command runs: the workers look up while the writer is the thread behind.
    const { db, file } = fresh('reports-balanced');
    await ingestInParallel(db, file, REPORTS, { tuning: { fingerprintBatch: 5000 } });
    expect(copies(db)).toEqual(expected);
  }, 120_000);
});
