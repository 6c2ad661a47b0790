/**
 * Timelines, families, the research concordance (sorts, filters, collapse,
 * collocates) and its CSV export, on fixtures this test writes (the same on real
 * reports: analysis-corpus.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { freshDatabase, urlOf } from './support/provider';
import { ingest } from '@/lib/ingest/run';
import { foldToSimplified } from '@/lib/text/script';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-analysis-'));
// Either provider (tests/support/provider.ts); set before the Prisma client is loaded.
const file = await freshDatabase(tmp, 'analysis');
process.env.DATABASE_URL = urlOf(file);

type Data = typeof import('@/lib/data');
let data: Data;
let db: Db;

const REPORTS = [
  { title: '2022年工作报告', year: 2022, content: '一、工作\n坚持“两个确立”，做到“两个维护”。落实“三严三实”要求。\n两个确立是根本。' },
  { title: '2023年工作报告', year: 2023, content: '一、工作\n深刻领悟“两个确立”的决定性意义，坚决做到“两个维护”。\n推进“四个全面”战略布局。' },
  { title: '2024年工作报告', year: 2024, content: '一、工作\n坚持“两个确立”。坚持“两个确立”。坚持“两个确立”。\n发展“新质生产力”。' },
];
const NEWS = [
  ['2024-05-01', '# 《新闻联播》（20240501）\n\n## 详细新闻\n\n### 要闻\n\n各地深刻领悟“两个确立”的决定性意义。'],
  ['2025-05-01', '# 《新闻联播》（20250501）\n\n## 详细新闻\n\n### 要闻\n\n大力发展新质生产力，坚定拥护“两个确立”。'],
];

beforeAll(async () => {
  const dir = path.join(tmp, 'fixture');
  fs.mkdirSync(path.join(dir, 'reports'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'news'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'reports', 'reports.jsonl'), REPORTS.map((r) => JSON.stringify(r)).join('\n') + '\n');
  for (const [date, text] of NEWS) fs.writeFileSync(path.join(dir, 'news', `${date.replace(/-/g, '')}.md`), text);
  db = openDb({ file });
  ingest(db, [dir]);
  data = await import('@/lib/data');
});

afterAll(async () => {
  const { prisma } = await import('@/lib/db/client');
  await prisma.$disconnect();
  db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function entry(q: string) {
  const hit = (await data.listPhrases({ q })).items.find((p) => p.exact);
  if (!hit) throw new Error(`no entry for ${q}`);
  return (await data.getPhrase(hit.id))!;
}

describe('timeline', () => {
  it('per year: uses, documents, characters of the year, per million, split by collection', async () => {
    const p = await entry('两个确立');
    const timeline = await data.getTimeline(p);
    const docs = db.prepare('SELECT id, year, charCount FROM Document WHERE year IS NOT NULL').all() as Array<{ id: number; year: number; charCount: number }>;
    const uses = db.prepare('SELECT documentId, count(*) AS n FROM Occurrence WHERE phraseId = ? GROUP BY documentId').all(p.id) as Array<{ documentId: number; n: number }>;
    const usesByDoc = new Map(uses.map((u) => [u.documentId, u.n]));
    for (const y of timeline) {
      const ofYear = docs.filter((d) => d.year === y.year);
      expect(y.characters, `${y.year} characters`).toBe(ofYear.reduce((a, d) => a + d.charCount, 0));
      expect(y.uses, `${y.year} uses`).toBe(ofYear.reduce((a, d) => a + (usesByDoc.get(d.id) ?? 0), 0));
      expect(y.documents).toBe(ofYear.filter((d) => usesByDoc.has(d.id)).length);
      expect(y.perMillion).toBeCloseTo((y.uses / y.characters) * 1e6, 2);
      const cells = Object.values(y.byCollection);
      expect(cells.reduce((a, c) => a + c.uses, 0)).toBe(y.uses);
      expect(cells.reduce((a, c) => a + c.characters, 0)).toBe(y.characters);
      for (const c of cells) expect(c.perMillion).toBeCloseTo(c.characters ? (c.uses / c.characters) * 1e6 : 0, 2);
    }
    const y2024 = timeline.find((y) => y.year === 2024)!;
    // Three uses in the 2024 report, one in the news of that day: two collections.
    expect(y2024.uses).toBe(4);
    expect(Object.values(y2024.byCollection).map((c) => c.uses).sort()).toEqual([1, 3]);
  });

  it('first, last and peak year; a phrase gone from a collection still published is marked', async () => {
    const gone = await entry('三严三实');
    const { facts } = await data.getTimelineWithFacts(gone);
    expect(facts.firstYear).toBe(2022);
    expect(facts.lastYear).toBe(2022);
    expect(facts.peakYear).toBe(2022);
    expect(facts.vanished.map((v) => v.lastYear)).toEqual([2022]);
    expect(facts.vanished[0].documentsSince).toBe(2);
    const alive = await data.getTimelineWithFacts(await entry('两个确立'));
    expect(alive.facts.vanished).toEqual([]);
    expect(alive.facts.lastYear).toBe(2025);
  });
});

describe('families', () => {
  it('patterns of numbered formulas', () => {
    expect(data.familyPattern('两个确立')).toBe('两个X');
    expect(data.familyPattern('两个维护')).toBe('两个X');
    expect(data.familyPattern('四个全面')).toBe('四个X');
    expect(data.familyPattern('三会一课')).toBe('三X一Y');
    expect(data.familyPattern('一带一路')).toBe('一X一Y');
    expect(data.familyPattern('三严三实')).toBe('三X三Y');
    expect(data.familyPattern('八项规定')).toBe('八项X');
    expect(data.familyPattern('四风')).toBe('四X');
    expect(data.familyPattern('十四五')).toBeNull();
    expect(data.familyPattern('一些')).toBeNull();
    expect(data.familyPattern('新质生产力')).toBeNull();
  });
  it('groups the glossary by pattern', async () => {
    const f = await data.familyOf('两个确立');
    expect(f?.members.map((m) => m.simplified).sort()).toEqual(['两个确立', '两个维护']);
  });
});

describe('research concordance', () => {
  it('sorts by the characters nearest the hit on the left and on the right', async () => {
    const p = await entry('两个确立');
    const strip = (s: string) => s.replace(/^[“”「」『』‘’"《》]/, '');
    for (const sort of ['left', 'right'] as const) {
      const c = await data.getConcordance(p, { sort, pageSize: 200 });
      expect(c.total).toBe(p.occurrenceCount);
      const keys = c.items.map((l) => {
        const f = foldToSimplified(l.sentence);
        return sort === 'left'
          ? strip([...f.slice(Math.max(0, l.start - data.SORT_CONTEXT - 1), l.start)].reverse().join(''))
          : strip(f.slice(l.end, l.end + data.SORT_CONTEXT + 1));
      });
      for (let i = 1; i < keys.length; i++) expect(keys[i - 1] <= keys[i], `${sort}: ${keys[i - 1]} before ${keys[i]}`).toBe(true);
    }
  });

  it('filters by year range, collection, genre and quotation marks, totals matching the database', async () => {
    const p = await entry('两个确立');
    const corpus = await data.getCorpus();
    const all = db
      .prepare('SELECT o.id, o.quoted, d.year, d.id AS documentId FROM Occurrence o JOIN Document d ON d.id = o.documentId WHERE o.phraseId = ?')
      .all(p.id) as Array<{ id: number; quoted: number; year: number | null; documentId: number }>;
    const news = corpus.byId.get(all.find((o) => o.year === 2025)!.documentId)!.collection;
    const cases: Array<[Parameters<Data['getConcordance']>[1], (o: (typeof all)[number]) => boolean]> = [
      [{ from: 2023, to: 2024 }, (o) => o.year !== null && o.year >= 2023 && o.year <= 2024],
      [{ quoted: 'unquoted' }, (o) => o.quoted === 0],
      [{ quoted: 'quoted', to: 2022 }, (o) => o.quoted === 1 && o.year !== null && o.year <= 2022],
      [{ collection: news }, (o) => corpus.byId.get(o.documentId)!.collection === news],
      [{ genre: 'news' }, (o) => corpus.byId.get(o.documentId)!.genre === 'news'],
      [{ collection: news, sort: 'left' }, (o) => corpus.byId.get(o.documentId)!.collection === news],
    ];
    for (const [params, keep] of cases) {
      const c = await data.getConcordance(p, { ...params, pageSize: 200 });
      const expected = all.filter(keep).map((o) => o.id).sort();
      expect(c.total, JSON.stringify(params)).toBe(expected.length);
      expect(c.items.map((l) => l.occurrenceId).sort(), JSON.stringify(params)).toEqual(expected);
    }
    expect((await data.getConcordance(p, { quoted: 'unquoted' })).items[0]?.quoted).toBe(false);
  });

  it('collapses identical sentences into one line with their count', async () => {
    const p = await entry('两个确立');
    const c = await data.getConcordance(p, { collapse: '1', pageSize: 200 });
    expect(c.items.reduce((a, l) => a + (l.count ?? 0), 0)).toBe(p.occurrenceCount);
    // 坚持“两个确立”。 three times in the 2024 report: one line, three uses.
    const repeated = c.items.find((l) => l.count === 3);
    expect(repeated?.sentence).toBe('坚持“两个确立”。');
    expect(new Set(c.items.map((l) => foldToSimplified(l.sentence))).size).toBe(c.items.length);
  });

  it('exports every use as CSV with a BOM, in batches, with the filters', async () => {
    const p = await entry('两个确立');
    const chunks: string[] = [];
    for await (const chunk of data.concordanceCsv(p, {}, 'http://tifa.test')) chunks.push(chunk);
    const text = chunks.join('');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const records = parse(text.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(records[0])).toEqual([...data.CONCORDANCE_CSV_COLUMNS]);
    expect(records.length).toBe(p.occurrenceCount);
    for (const r of records) {
      expect(foldToSimplified(r.match)).toBe('两个确立');
      expect(r.left + r.match + r.right).toBe(r.sentence);
      expect(r.url).toMatch(/^http:\/\/tifa\.test\/documents\/\d+\/(sections\/\d+|text)#s-\d+$/);
    }
    // One chunk per document at least: nothing holds every row at once.
    expect(chunks.length).toBeGreaterThan(2);
    const filtered: string[] = [];
    for await (const chunk of data.concordanceCsv(p, { from: 2024, to: 2024 }, '')) filtered.push(chunk);
    expect((parse(filtered.join('').slice(1), { columns: true }) as unknown[]).length).toBe(4);
  });
});
