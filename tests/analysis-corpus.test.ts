/**
 * The research concordance on real national work reports from ../shared/corpus
 * (skipped without it): sorting across every use, the full CSV export, collocates.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db/sqlite';
import { ingest } from '@/lib/ingest/run';
import { foldToSimplified } from '@/lib/text/script';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-analysis-corpus-'));
const file = path.join(tmp, 'analysis.db');
process.env.DATABASE_URL = 'file:' + file;
const CORPUS = path.resolve(__dirname, '../../shared/corpus');
const WIKI = path.join(CORPUS, 'chinese-political-corpora/government_work_reports.jsonl');
const hasCorpus = fs.existsSync(WIKI);

type Data = typeof import('@/lib/data');
let data: Data;

beforeAll(async () => {
  if (!hasCorpus) return;
  const db = openDb({ file });
  ingest(db, [WIKI]);
  db.close();
  data = await import('@/lib/data');
});

afterAll(async () => {
  if (hasCorpus) {
    const { prisma } = await import('@/lib/db/client');
    await prisma.$disconnect();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function entry(q: string) {
  const hit = (await data.listPhrases({ q })).items.find((p) => p.exact);
  if (!hit) throw new Error(`no entry for ${q}`);
  return (await data.getPhrase(hit.id))!;
}

describe.runIf(hasCorpus)('on the national work reports', () => {
  it('社会主义: sorted by right context across every use, exported in full, collocates by logDice', async () => {
    const p = await entry('社会主义');
    expect(p.occurrenceCount).toBeGreaterThan(1000);
    const c = await data.getConcordance(p, { sort: 'right', pageSize: 200, page: 3 });
    expect(c.total).toBe(p.occurrenceCount);
    const keys = c.items.map((l) => foldToSimplified(l.sentence).slice(l.end, l.end + data.SORT_CONTEXT + 1).replace(/^[“”「」『』‘’"《》]/, ''));
    for (let i = 1; i < keys.length; i++) expect(keys[i - 1] <= keys[i]).toBe(true);
    let n = 0;
    for await (const chunk of data.concordanceCsv(p, {}, '')) n += (parse(chunk.replace(/^\uFEFF/, '')) as unknown[]).length;
    expect(n - 1).toBe(p.occurrenceCount);
    const col = await data.getCollocates(p);
    expect(col.length).toBeGreaterThan(5);
    for (const x of col) expect(x.sentences).toBeLessThanOrEqual(Math.min(p.occurrenceCount, x.phrase.occurrenceCount));
  });
});
