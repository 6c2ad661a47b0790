import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { freshDatabase } from './support/provider';
import { ingest } from '@/lib/ingest/run';
import { countUses, Needle, overlapsDates, SearchIndex } from '@/lib/search/engine';
import { promoteSearchString, isQuotedAt, undoPromotion } from '@/lib/search/promote';
import { foldToSimplified } from '@/lib/text/script';

/**
 * The search engine against brute force: for every query, the sentences whose
 * folded text contains the folded query, in chronological order.
 */
const SEED_DIR = path.resolve(__dirname, '../data/samples');
const CORPUS = path.resolve(__dirname, '../../shared/corpus');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-search-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Row {
  id: number;
  documentId: number;
  text: string;
  date: string | null;
}

function allSentences(db: Db): Row[] {
  return db
    .prepare(
      // Near-duplicate copies (duplicateOf) are not searched: their text is counted once, in the kept copy.
      `SELECT s.id, s.documentId, s.text, d.date FROM Sentence s JOIN Document d ON d.id = s.documentId
       WHERE d.duplicateOf IS NULL
       ORDER BY coalesce(d.date, '9999'), d.id, s.id`,
    )
    .all() as Row[];
}

function brute(rows: Row[], q: string, filter: (r: Row) => boolean = () => true): number[] {
  const f = foldToSimplified(q);
  return rows.filter((r) => filter(r) && foldToSimplified(r.text).includes(f)).map((r) => r.id);
}

function engineIds(index: SearchIndex, q: string, options: Parameters<SearchIndex['search']>[1] = {}): number[] {
  const first = index.search(q, { ...options, page: 1, pageSize: 200 });
  const ids = first.hits.map((h) => h.sentenceId);
  for (let p = 2; (p - 1) * 200 < first.total; p++) ids.push(...index.search(q, { ...options, page: p, pageSize: 200 }).hits.map((h) => h.sentenceId));
  expect(ids.length).toBe(first.total);
  return ids;
}

describe('search on the seed', () => {
  let db: Db;
  let index: SearchIndex;
  let rows: Row[];
  beforeAll(async () => {
    db = openDb({ file: await freshDatabase(tmp, 'seed') });
    ingest(db, [SEED_DIR]);
    index = SearchIndex.load(db)!;
    rows = allSentences(db);
  });

  it('finds 1, 2 and 3+ character strings in either script, exactly as brute force does', () => {
    for (const q of ['黨', '党', '政協', '政协', '兩個確立', '两个确立', '兩個确立', '永遠在路上', '永远在路上', '的', '。', '“', '2025', '全面從嚴治黨', 'xyz', '不存在的词']) {
      expect(engineIds(index, q), q).toEqual(brute(rows, q));
    }
  });

  it('every substring of every sentence is found in its sentence', () => {
    for (const r of rows.slice(0, 8)) {
      for (let len = 1; len <= 6; len++) {
        for (let at = 0; at + len <= r.text.length; at += 7) {
          const q = r.text.slice(at, at + len);
          if (/\s/.test(q)) continue;
          const ids = engineIds(index, q);
          expect(ids, q).toContain(r.id);
          expect(ids, q).toEqual(brute(rows, q));
        }
      }
    }
  });

  it('counts the uses and the documents as brute force does', () => {
    for (const q of ['黨', '政協', '兩個確立', '的']) {
      const f = foldToSimplified(q);
      const hits = rows.filter((r) => foldToSimplified(r.text).includes(f));
      const uses = hits.reduce((n, r) => n + foldToSimplified(r.text).split(f).length - 1, 0);
      const r = index.search(q);
      expect([r.total, r.occurrences, r.documents], q).toEqual([hits.length, uses, new Set(hits.map((h) => h.documentId)).size]);
    }
  });

  it('reports every match in a sentence with offsets into its text', () => {
    const r = index.search('政協', { pageSize: 50 });
    for (const h of r.hits) {
      const text = rows.find((x) => x.id === h.sentenceId)!.text;
      expect(h.matches.length).toBe(text.split('政協').length - 1);
      for (const [a, b] of h.matches) expect(text.slice(a, b)).toBe('政協');
    }
  });

  it('pages without overlap and orders newest first on request', () => {
    const asc = engineIds(index, '黨');
    const desc = engineIds(index, '黨', { order: 'desc' });
    expect(desc).toEqual([...asc].reverse());
    const p1 = index.search('黨', { page: 1, pageSize: 3 }).hits.map((h) => h.sentenceId);
    const p2 = index.search('黨', { page: 2, pageSize: 3 }).hits.map((h) => h.sentenceId);
    expect(p1.filter((x) => p2.includes(x))).toEqual([]);
  });

  it('filters by document, date range and section rank range', () => {
    const doc = rows[0].documentId;
    expect(engineIds(index, '黨', { documentId: doc })).toEqual(brute(rows, '黨'));
    expect(engineIds(index, '黨', { documentId: 999999 })).toEqual([]);
    expect(engineIds(index, '黨', { from: '2025', to: '2025-12-31' })).toEqual(brute(rows, '黨'));
    expect(engineIds(index, '黨', { from: '2026' })).toEqual([]);
    expect(engineIds(index, '黨', { to: '2024-12' })).toEqual([]);
    // A section: its sentences are one rank range.
    const sec = db.prepare("SELECT id FROM Section WHERE label = '（三）'").get() as { id: number };
    const inSection = (db.prepare('SELECT id FROM Sentence WHERE sectionId = ? ORDER BY id').all(sec.id) as Array<{ id: number }>).map((r) => r.id);
    const lo = index.rankOfSentence(doc, inSection[0]);
    const hi = index.rankOfSentence(doc, inSection[inSection.length - 1]) + 1;
    expect(engineIds(index, '黨', {}).filter((id) => inSection.includes(id))).toEqual(
      index.search('黨', { pageSize: 200 }, [lo, hi]).hits.map((h) => h.sentenceId),
    );
  });

  it('promotes a searched string to a phrase with all its uses, once', async () => {
    const r1 = await promoteSearchString(db, index, '政治生态');
    expect(r1.created).toBe(true);
    expect(r1.occurrences).toBe(brute(rows, '政治生态').length);
    const phrase = db.prepare('SELECT text, key, origin, occurrenceCount, quotedCount FROM Phrase WHERE id = ?').get(r1.phraseId) as Record<string, unknown>;
    expect(phrase).toMatchObject({ key: '政治生态', text: '政治生態', origin: 'search', occurrenceCount: 1, quotedCount: 0 });
    const r2 = await promoteSearchString(db, index, '政治生態');
    expect(r2).toMatchObject({ phraseId: r1.phraseId, created: false, occurrences: 0 });
    // A quoted phrase promoted again keeps its quoted uses and adds none twice.
    const r3 = await promoteSearchString(db, index, '兩個確立');
    expect(r3.created).toBe(false);
    const o = db.prepare('SELECT count(*) AS n, sum(quoted) AS q FROM Occurrence WHERE phraseId = ?').get(r3.phraseId) as { n: number; q: number };
    expect(o).toEqual({ n: 1, q: 1 });
  });

  it('promotes in slices that let other work run, and undoes a promotion', async () => {
    const before = db.prepare('SELECT count(*) AS n FROM Occurrence').get() as { n: number };
    let turns = 0;
    let running = true;
    const ticker = (async () => {
      while (running) {
        turns++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const r = await promoteSearchString(db, index, '黨', { author: 'ann', sentencesPerSlice: 2, rowsPerTransaction: 3 });
    running = false;
    await ticker;
    expect(r.created).toBe(true);
    expect(r.occurrences).toBe(rows.reduce((n, x) => n + foldToSimplified(x.text).split('党').length - 1, 0));
    expect(r.occurrences).toBeGreaterThan(5);
    // Other work ran between the slices (one turn per slice at least).
    expect(turns).toBeGreaterThan(Math.floor(r.occurrences / 3));
    const promo = db.prepare('SELECT author, created, occurrences, undoneAt FROM Promotion WHERE id = ?').get(r.promotionId);
    expect(promo).toEqual({ author: 'ann', created: 1, occurrences: r.occurrences, undoneAt: null });
    const undo = await undoPromotion(db, r.promotionId, 'bob', 4);
    expect(undo).toEqual({ ok: true, query: '黨', phraseDeleted: true, occurrences: r.occurrences });
    expect(db.prepare('SELECT id FROM Phrase WHERE id = ?').get(r.phraseId)).toBeUndefined();
    expect(db.prepare('SELECT count(*) AS n FROM Occurrence').get()).toEqual(before);
    expect(await undoPromotion(db, r.promotionId, 'bob')).toMatchObject({ ok: false, error: 'conflict' });

    // Promoting an existing quoted phrase and undoing it restores its origin and leaves its quoted uses.
    const quoted = db.prepare("SELECT id, origin, occurrenceCount FROM Phrase WHERE key = '两个确立'").get() as { id: number; origin: string; occurrenceCount: number };
    const p2 = await promoteSearchString(db, index, '兩個確立', { author: 'ann' });
    expect(p2).toMatchObject({ phraseId: quoted.id, created: false });
    expect(await undoPromotion(db, p2.promotionId, 'bob')).toMatchObject({ ok: true, phraseDeleted: false, occurrences: 0 });
    expect(db.prepare('SELECT id, origin, occurrenceCount FROM Phrase WHERE id = ?').get(quoted.id)).toEqual(quoted);
  });

  it('compares dates on the precision both sides have', () => {
    expect(overlapsDates('1955', '1955-08', '1956')).toBe(true);
    expect(overlapsDates('1955-07-05', '1955-08', '1956')).toBe(false);
    expect(overlapsDates('1956-06-15', '1955-08', '1956')).toBe(true);
    expect(overlapsDates('1957', '1955-08', '1956')).toBe(false);
    expect(overlapsDates('2024-03-05', undefined, '2024-03')).toBe(true);
    expect(overlapsDates('2024-03-05', '2024-03-06')).toBe(false);
  });

  it('knows a quoted position', () => {
    expect(isQuotedAt('做到“两个维护”。', 3, 7)).toBe(true);
    expect(isQuotedAt('做到两个维护。', 2, 6)).toBe(false);
    expect(isQuotedAt('《求是》', 1, 3)).toBe(true);
  });
});

/** Non-overlapping uses of needle in text, left to right, by String.indexOf. */
function usesByIndexOf(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** The UTF-16 code units of a string (Uint16Array.from(s) would iterate code points). */
function unitsOf(s: string): Uint16Array {
  const out = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

describe('counting uses in place (Horspool)', () => {
  it('counts as indexOf does, on every 1-6 character substring of the seed', () => {
    const text = fs
      .readdirSync(SEED_DIR)
      .map((f) => fs.readFileSync(path.join(SEED_DIR, f), 'utf8'))
      .join('\n');
    const lines = text.split(/\n+/).filter((l) => l.length > 0);
    let compared = 0;
    for (const line of lines) {
      const units = unitsOf(line);
      // Every 5th start, with every length of needle from it.
      for (let at = 0; at < line.length; at += 5) {
        for (let m = 1; m <= 6 && at + m <= line.length; m++) {
          const needle = line.slice(at, at + m);
          expect(countUses(units, 0, units.length, new Needle(needle))).toBe(usesByIndexOf(line, needle));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('counts overlapping and periodic needles left to right, and only within the range', () => {
    const cases: Array<[string, string]> = [
      ['哈哈哈哈哈哈哈', '哈哈'],
      ['哈哈哈哈哈哈哈', '哈哈哈'],
      ['一一二一一二一一', '一一二一一'],
      ['二一一一', '一一'],
      ['抓落实抓落实抓', '抓落实抓'],
      ['两个确立两个维护', '两个维护'],
      ['两个确立', '两个确立'],
      ['两个', '两个确立'],
      ['𠀋𠀋字𠀋', '𠀋'],
      ['𠀋𠀋字𠀋', '𠀋字'],
    ];
    for (const [text, needle] of cases) {
      expect(countUses(unitsOf(text), 0, text.length, new Needle(needle)), `${needle} in ${text}`).toBe(usesByIndexOf(text, needle));
    }
    // A range of a larger text, as a sentence of a segment: uses just outside it are not counted.
    const text = '全面从严治党全面从严治党全面从严治党';
    expect(countUses(unitsOf(text), 6, 12, new Needle('全面从严治党'))).toBe(1);
    expect(countUses(unitsOf(text), 5, 12, new Needle('全面从严治党'))).toBe(1);
    expect(countUses(unitsOf(text), 6, 11, new Needle('全面从严治党'))).toBe(0);
  });

  it('caps the shift of needles over 255 code units, and still finds them', () => {
    const long = '坚持'.repeat(100) + '人民' + '发展'.repeat(100);
    const text = '前' + long + '中' + long + long + '后';
    expect(long.length).toBeGreaterThan(255);
    expect(countUses(unitsOf(text), 0, text.length, new Needle(long))).toBe(3);
    expect(countUses(unitsOf(text), 0, text.length, new Needle(long.slice(1)))).toBe(usesByIndexOf(text, long.slice(1)));
  });
});

describe.runIf(fs.existsSync(CORPUS))('search on real documents', () => {
  let db: Db;
  let index: SearchIndex;
  let rows: Row[];
  beforeAll(async () => {
    db = openDb({ file: await freshDatabase(tmp, 'corpus') });
    ingest(db, [
      path.join(CORPUS, 'chinese-political-corpora/government_work_reports.jsonl'),
      ...['20240305.md', '20250101.md', '20260313.md'].map((f) => path.join(CORPUS, 'cctv_news/news', f)),
      // Plain-text copies of two Wikisource reports: near-duplicates, left out of the index.
      ...['1955政府工作报告_李富春.txt', '1956政府工作报告_李先念.txt'].map((f) => path.join(CORPUS, 'textworkshop17/demos/chineseDemo/govReports', f)),
    ]);
    index = SearchIndex.load(db)!;
    rows = allSentences(db);
  });

  it('agrees with brute force on common and rare, short and long, simplified and traditional queries', () => {
    for (const q of ['的', '鼎', '改革', '發展', '新质生产力', '全過程人民民主', '两个确立', '中国特色社会主义', '堅持黨的全面領導', '社会主义市场经济体制', '「', '1954']) {
      expect(engineIds(index, q), q).toEqual(brute(rows, q));
    }
  });

  it('counts uses and documents across many documents', () => {
    for (const q of ['改革', '社会主义', '發展']) {
      const f = foldToSimplified(q);
      const hits = rows.filter((r) => foldToSimplified(r.text).includes(f));
      const uses = hits.reduce((n, r) => n + foldToSimplified(r.text).split(f).length - 1, 0);
      const r = index.search(q);
      expect([r.total, r.occurrences, r.documents], q).toEqual([hits.length, uses, new Set(hits.map((h) => h.documentId)).size]);
    }
  });

  it('filters by date as brute force does', () => {
    const inRange = (r: Row) => r.date !== null && r.date >= '2000' && r.date.slice(0, 4) <= '2010';
    expect(engineIds(index, '改革', { from: '2000', to: '2010' })).toEqual(brute(rows, '改革', inRange));
  });

  it('keeps a whole list and cuts later pages, newest first and date filters from it, as brute force does', () => {
    const fresh = SearchIndex.load(db)!;
    const q = '社会主义';
    const f = foldToSimplified(q);
    const inRange = (r: Row) => r.date !== null && r.date >= '2000' && r.date.slice(0, 4) <= '2010';
    const uses = (keep: (r: Row) => boolean) =>
      rows.filter((r) => keep(r) && foldToSimplified(r.text).includes(f)).reduce((n, r) => n + foldToSimplified(r.text).split(f).length - 1, 0);
    // Before any whole search: the range alone is searched.
    expect(engineIds(fresh, q, { from: '2000', to: '2010' })).toEqual(brute(rows, q, inRange));
    // The whole list, large enough to be kept (QUERY_CACHE_MIN is 256).
    const whole = fresh.search(q, { pageSize: 200 });
    expect(whole.total).toBeGreaterThanOrEqual(256);
    expect(whole.occurrences).toBe(uses(() => true));
    // Then cut from it: pages, the other order, a date range and its uses.
    expect(engineIds(fresh, q)).toEqual(brute(rows, q));
    expect(engineIds(fresh, q, { order: 'desc' })).toEqual(brute(rows, q).reverse());
    expect(engineIds(fresh, q, { from: '2000', to: '2010' })).toEqual(brute(rows, q, inRange));
    expect(fresh.search(q, { from: '2000', to: '2010' }).occurrences).toBe(uses(inRange));
    // Each decade's uses: a cut at the wrong place would move a sentence's uses across a boundary.
    for (let decade = 1950; decade <= 2020; decade += 10) {
      const from = String(decade);
      const to = String(decade + 9);
      const inDecade = (r: Row) => r.date !== null && r.date.slice(0, 4) >= from && r.date.slice(0, 4) <= to;
      expect(fresh.search(q, { from, to }).occurrences, from).toBe(uses(inDecade));
    }
  });

  it('filters dates of mixed precision by overlap: a year-only date is in any range within its year', () => {
    // Year-only: the Wikisource reports of 2024 and 2025; full dates: the news of those years.
    // (The 1955 and 1956 plain-text copies, dated in full, are near-duplicates of Wikisource's: not searched.)
    const dates = new Set(rows.map((r) => r.date));
    expect([...dates].some((d) => d === '2024' || d === '2025')).toBe(true); // the premise: year-only dates exist
    expect([...dates].some((d) => d !== null && /^202[45]-/.test(d))).toBe(true); // beside full dates
    const inRange = (r: Row) =>
      r.date !== null && (r.date === '2024' || (r.date.startsWith('2024-') && r.date.slice(5, 7) >= '08') || r.date.startsWith('2025'));
    for (const q of ['的', '国家', '社会主义']) expect(engineIds(index, q, { from: '2024-08', to: '2025' }), q).toEqual(brute(rows, q, inRange));
  });
});

describe('a promoted phrase keeps its uses', () => {
  it('after the document is changed and re-ingested, and in documents ingested later', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'promote-'));
    const file = path.join(dir, 'speech.txt');
    const seed = fs.readFileSync(path.join(SEED_DIR, fs.readdirSync(SEED_DIR)[0]), 'utf8');
    fs.writeFileSync(file, seed);
    const db = openDb({ file: await freshDatabase(tmp, 'promote') });
    ingest(db, [dir]);
    const index = SearchIndex.load(db)!;
    const count = (id: number) => (db.prepare('SELECT count(*) AS n FROM Occurrence WHERE phraseId = ?').get(id) as { n: number }).n;
    const two = await promoteSearchString(db, index, '政協'); // two characters: not looked for by the rules
    const one = await promoteSearchString(db, index, '黨'); // one character
    const before = [count(two.phraseId), count(one.phraseId)];
    expect(before[0]).toBeGreaterThan(5);
    expect(before[1]).toBeGreaterThan(5);
    // The document changes (one more paragraph) and is ingested again.
    fs.writeFileSync(file, seed + '\n政協委員要加強黨性修養。');
    const r = ingest(db, [dir]);
    expect(r.updated).toBe(1);
    expect([count(two.phraseId), count(one.phraseId)]).toEqual([before[0] + 1, before[1] + 1]);
    // A later document uses them too.
    fs.writeFileSync(path.join(dir, 'later.txt'), '市政協黨組召開會議，研究政協工作。');
    ingest(db, [dir]);
    expect([count(two.phraseId), count(one.phraseId)]).toEqual([before[0] + 1 + 2, before[1] + 1 + 1]);
  });
});

describe('uses of a doubled character', () => {
  it('are counted without overlap, as a search finds them', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'doubled-'));
    fs.writeFileSync(path.join(dir, 'a.txt'), '大家哈哈哈哈哈地笑了，又“哈哈”两声。\n\n笑声哈哈，人人哈哈哈。');
    const db = openDb({ file: await freshDatabase(tmp, 'doubled') });
    ingest(db, [dir]);
    const index = SearchIndex.load(db)!;
    const rows = allSentences(db);
    for (const q of ['哈哈', '哈', '哈哈哈']) {
      const uses = rows.reduce((n, r) => n + r.text.split(q).length - 1, 0);
      expect(index.search(q).occurrences, q).toBe(uses);
      // The same count when it is tallied sentence by sentence (a filter forces that path).
      expect(index.search(q, { documentId: rows[0].documentId }).occurrences, q).toBe(uses);
    }
  });
});
