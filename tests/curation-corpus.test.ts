/**
 * The goals of curation and duplicate detection on the whole ../shared/corpus
 * with the bundled sample: read at run time, never copied into the repository.
 * Skipped on a clone without the corpus. Prints the top 100 of the default list
 * sorted by quoted uses, for a reader to judge.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { ingestInParallel } from '@/lib/ingest/run';
import { phraseReadings, type ReadingsRow } from '@/lib/ingest/phrase-info';

const CORPUS = path.resolve(__dirname, '../../shared/corpus');
const SAMPLE = path.resolve(__dirname, '../data/samples');
// Made in beforeAll: vitest runs a skipped suite's body to collect it, and nothing would remove it.
let dir: string;
let file: string;

const SEED_PHRASES = ['第一议题', '书香政协·红色课堂', '领导领学+专家辅学+委员践学', '百场宣讲进基层', '双联系', '两个确立', '两个维护',
  '党委点题、政协破题', '数字经济赋能产业转型', '乡村振兴示范带建设', '两个全覆盖', '一委一品', '同心共富', '民情直通车', '三会一课', '党员先锋岗', '永远在路上'];
const WELL_KNOWN = ['两个确立', '一带一路', '枫桥经验', '放管服'];
const NOT_FORMULATIONS = ['五一', '北溪', '语', '左', '停摆', '人民日报'];

type Data = typeof import('@/lib/data');
let data: Data;
let db: Db;
/** The default list, sorted by quoted uses. */
let defaults: Awaited<ReturnType<Data['listPhrases']>>['items'] = [];

describe.runIf(fs.existsSync(path.join(CORPUS, 'cctv_news')) && fs.existsSync(path.join(CORPUS, 'textworkshop17')))('the whole corpus', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-goals-'));
    file = path.join(dir, 'goals.db');
    // Before lib/data (and its Prisma client) is first imported.
    process.env.DATABASE_URL = 'file:' + file;
    const w = openDb({ file });
    await ingestInParallel(w, file, [CORPUS, SAMPLE]);
    w.close();
    db = openDb({ file, readonly: true });
    data = await import('@/lib/data');
    for (let page = 1; ; page++) {
      const list = await data.listPhrases({ sort: 'quoted', pageSize: 200, page });
      defaults.push(...list.items);
      if (page >= list.pageCount) break;
    }
  }, 1_800_000);
  afterAll(async () => {
    db?.close();
    const { prisma } = await import('@/lib/db/client');
    await prisma.$disconnect();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives every phrase the readings of its key', () => {
    const rows = db.prepare('SELECT id, key, simplified, traditional, pinyin, pinyinPlain, pinyinInitials, pinyinSort FROM Phrase').all() as Array<ReadingsRow & { key: string }>;
    // Tens of thousands of new phrases: many batches were asked for while files were still stored.
    expect(rows.length).toBeGreaterThan(10_000);
    const wrong = rows.filter(({ id, key, ...stored }) => JSON.stringify(stored) !== JSON.stringify(phraseReadings(key)));
    expect(wrong.slice(0, 3)).toEqual([]);
  });

  it('finds the national reports held twice, and no 新闻联播 pair', () => {
    const pairs = db
      .prepare(
        `SELECT d.year, k.year AS keptYear FROM Document d JOIN Document k ON k.id = d.duplicateOf
         WHERE d.collection = 'textworkshop17' AND k.collection = 'chinese-political-corpora'`,
      )
      .all() as Array<{ year: number | null; keptYear: number | null }>;
    console.log(`near-duplicates: ${pairs.length} national reports from textworkshop17 filed under chinese-political-corpora`);
    expect(pairs.length).toBeGreaterThanOrEqual(44);
    for (const p of pairs) if (p.year && p.keptYear) expect(p.year).toBe(p.keptYear);
    const news = db.prepare("SELECT count(*) AS n FROM Document WHERE collection = 'cctv_news' AND duplicateOf IS NOT NULL").get() as { n: number };
    expect(news.n).toBe(0);
  });

  it('keeps the well-known formulations and the sample’s 17 phrases in the default list', () => {
    const keys = new Set(defaults.map((p) => p.simplified));
    for (const k of [...WELL_KNOWN, ...SEED_PHRASES]) expect(keys.has(k), k).toBe(true);
  });

  it('leaves holidays, names of things, single characters, titles and emphasis out of it', () => {
    const keys = new Set(defaults.map((p) => p.simplified));
    for (const k of NOT_FORMULATIONS) expect(keys.has(k), k).toBe(false);
    const top = defaults.slice(0, 100);
    console.log('top 100 by quoted uses:\n' + top.map((p, i) => `${i + 1}. ${p.simplified} (${p.quotedCount} quoted, ${p.kind}, ${p.score.toFixed(2)})`).join('\n'));
    expect(top).toHaveLength(100);
    for (const p of top) {
      expect(p.simplified.length, p.simplified).toBeGreaterThan(1);
      expect(['title', 'name']).not.toContain(p.kind);
    }
  });
});
