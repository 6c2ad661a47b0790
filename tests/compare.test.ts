/**
 * Compare: every item checked against the documents' own text, on fixtures this
 * test writes (runs on a fresh clone) and on real report pairs from
 * ../shared/corpus (skipped without it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { freshDatabase, urlOf } from './support/provider';
import { ingest } from '@/lib/ingest/run';
import { foldToSimplified } from '@/lib/text/script';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-compare-'));
// Either provider (tests/support/provider.ts); set before the Prisma client is loaded.
const file = await freshDatabase(tmp, 'compare');
process.env.DATABASE_URL = urlOf(file);
const CORPUS = path.resolve(__dirname, '../../shared/corpus');
const WIKI = path.join(CORPUS, 'chinese-political-corpora/government_work_reports.jsonl');
const hasCorpus = fs.existsSync(WIKI);

type Data = typeof import('@/lib/data');
let data: Data;
let db: Db;

/** Two reports of one collection (a JSON Lines file) and a lone speech: A traditional, B simplified. */
const FIXTURE = [
  {
    title: '二〇二三年工作報告',
    year: 2023,
    content:
      '一、過去一年的工作\n我們堅持“兩個確立”，推進“放管服”改革。\n全面從嚴治黨取得成效，保交樓工作穩步推進。\n二、今年的任務\n要落實“六穩”“六保”任務。',
  },
  {
    title: '2024年工作报告',
    year: 2024,
    content:
      '一、过去一年的工作\n我们坚持“两个确立”，坚持“全面从严治党”。\n推进“新质生产力”发展，加快“新质生产力”培育，新质生产力不断壮大。\n二、今年的任务\n要落实“保交房”任务，放管服改革继续深化。',
  },
];

function folded(documentId: number): string {
  const r = db.prepare('SELECT text FROM Sentence WHERE documentId = ? ORDER BY ordinal').all(documentId) as Array<{ text: string }>;
  return r.map((x) => foldToSimplified(x.text)).join('\n');
}

function uses(text: string, key: string): number {
  let n = 0;
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + key.length)) n++;
  return n;
}

/** Every item against the texts; every phrase recorded in either document in exactly one list. */
function checkAgainstTexts(r: Awaited<ReturnType<Data['compare']>>, aIds: number[], bIds: number[]) {
  const textA = aIds.map(folded).join('\n');
  const textB = bIds.map(folded).join('\n');
  const keyOf = db.prepare('SELECT key FROM Phrase WHERE id = ?');
  const seen = new Set<number>();
  for (const [list, name] of [[r.added, 'added'], [r.dropped, 'dropped'], [r.kept, 'kept']] as const) {
    for (const item of list) {
      const key = (keyOf.get(item.id) as { key: string }).key.replace(/\s+/g, '');
      const inA = uses(textA, key);
      const inB = uses(textB, key);
      expect(seen.has(item.id), `${item.text} listed twice`).toBe(false);
      seen.add(item.id);
      if (name === 'added') {
        expect(inA, `${item.text} is added but appears in A`).toBe(0);
        expect(inB, `${item.text} is added but absent from B`).toBeGreaterThan(0);
      } else if (name === 'dropped') {
        expect(inB, `${item.text} is dropped but appears in B`).toBe(0);
        expect(inA, `${item.text} is dropped but absent from A`).toBeGreaterThan(0);
      } else {
        expect(inA * inB, `${item.text} is kept but absent from one side`).toBeGreaterThan(0);
      }
      expect(item.usesA, `${item.text} uses in A`).toBe(inA);
      expect(item.usesB, `${item.text} uses in B`).toBe(inB);
    }
    for (let i = 1; i < list.length; i++) {
      const f = (x: (typeof list)[number]) => (name === 'added' ? x.usesB : name === 'dropped' ? x.usesA : x.usesA + x.usesB);
      expect(f(list[i - 1]), `${name} sorted by uses`).toBeGreaterThanOrEqual(f(list[i]));
    }
  }
  const ids = [...aIds, ...bIds];
  const recorded = db
    .prepare(`SELECT DISTINCT phraseId FROM Occurrence WHERE documentId IN (${ids.map(() => '?').join(',')})`)
    .all(...ids) as Array<{ phraseId: number }>;
  for (const p of recorded) expect(seen.has(p.phraseId), `phrase ${p.phraseId} recorded but in no list`).toBe(true);
}

beforeAll(async () => {
  const dir = path.join(tmp, 'fixture');
  fs.mkdirSync(path.join(dir, 'reports'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'reports', 'reports.jsonl'), FIXTURE.map((r) => JSON.stringify(r)).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'speech.txt'), '在座谈会上的讲话\n\n我们要坚持“两个确立”。');
  db = openDb({ file });
  ingest(db, [dir, ...(hasCorpus ? [WIKI] : [])]);
  data = await import('@/lib/data');
});

afterAll(async () => {
  const { prisma } = await import('@/lib/db/client');
  await prisma.$disconnect();
  db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function docBy(title: string): number {
  return (db.prepare('SELECT id FROM Document WHERE title = ?').get(title) as { id: number }).id;
}

describe('compare on fixtures', () => {
  it('lists as new only what the earlier text lacks in either script, quoted or not', async () => {
    const a = docBy(FIXTURE[0].title);
    const b = docBy(FIXTURE[1].title);
    const r = await data.compare({ a, b });
    checkAgainstTexts(r, [a], [b]);
    const names = (l: Array<{ simplified: string }>) => l.map((x) => x.simplified);
    // New: quoted in B, nowhere in A.
    expect(names(r.added)).toEqual(['新质生产力', '保交房']);
    expect(r.added[0].usesB).toBe(3);
    // 全面从严治党 is quoted only in B but written (unquoted, traditional) in A: kept, not new.
    expect(names(r.kept)).toContain('全面从严治党');
    expect(names(r.kept)).toContain('两个确立');
    // 放管服 quoted in A, unquoted in B: kept.
    expect(names(r.kept)).toContain('放管服');
    expect(names(r.dropped).sort()).toEqual(['六保', '六稳'].sort());
  });

  it('the previous document of a collection is the earlier report, not a document of another collection', async () => {
    const a = docBy(FIXTURE[0].title);
    const b = docBy(FIXTURE[1].title);
    expect((await data.previousDocument(b))?.id).toBe(a);
    expect(await data.previousDocument(a)).toBeNull();
  });

  it('compares years of a collection', async () => {
    const corpus = await data.getCorpus();
    const collection = corpus.byId.get(docBy(FIXTURE[1].title))!.collection;
    const r = await data.compare({ yearA: 2023, yearB: 2024, collection });
    expect(r.a.documentIds).toEqual([docBy(FIXTURE[0].title)]);
    checkAgainstTexts(r, r.a.documentIds, r.b.documentIds);
    expect(r.added.map((x) => x.simplified)).toContain('新质生产力');
  });

  it('rejects bad parameters', () => {
    expect(data.compareParams.safeParse({ a: '1' }).success).toBe(false);
    expect(data.compareParams.safeParse({ a: 'x', b: '2' }).success).toBe(false);
    expect(data.compareParams.safeParse({ a: '1', b: '2', yearA: '2020', yearB: '2021' }).success).toBe(false);
    expect(data.compareParams.safeParse({ yearA: '2020', yearB: '2021' }).success).toBe(true);
  });

  it('an unknown document is an input error, not a crash', async () => {
    await expect(data.compare({ a: 999999, b: 1 })).rejects.toBeInstanceOf(data.CompareInputError);
  });

  it('a near-duplicate copy is an input error that names the kept document', async () => {
    const [speech, report] = ['在座谈会上的讲话', '2024年工作报告'].map((t) => (db.prepare('SELECT id FROM Document WHERE title = ?').get(t) as { id: number }).id);
    db.prepare('UPDATE Document SET duplicateOf = ? WHERE id = ?').run(report, speech);
    try {
      const err = await data.compare({ a: speech, b: report }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(data.CompareInputError);
      expect((err as Error).message).toContain(`copy of document ${report}`);
    } finally {
      db.prepare('UPDATE Document SET duplicateOf = NULL WHERE id = ?').run(speech);
    }
  });
});

describe.runIf(hasCorpus)('compare on real national work reports', () => {
  const report = (year: number): number =>
    (db.prepare("SELECT id FROM Document WHERE title LIKE ? AND title LIKE '%政府工作报告' ORDER BY id LIMIT 1").get(`${year}年%`) as { id: number }).id;

  for (const [ya, yb] of [
    [2024, 2025],
    [2012, 2013],
  ]) {
    it(`${ya} vs ${yb}: every item agrees with the texts`, async () => {
      const a = report(ya);
      const b = report(yb);
      const r = await data.compare({ a, b });
      expect(r.added.length).toBeGreaterThan(3);
      expect(r.dropped.length).toBeGreaterThan(3);
      expect(r.kept.length).toBeGreaterThan(10);
      checkAgainstTexts(r, [a], [b]);
    });
  }

  it('2025 vs 2024: 十五五 is new (not in the 2024 report in any form), the previous report of 2025 is 2024', async () => {
    const r = await data.compare({ a: report(2024), b: report(2025) });
    expect(r.added.map((x) => x.simplified)).toContain('十五五');
    expect((await data.previousDocument(report(2025)))?.id).toBe(report(2024));
  });
});
