/**
 * Search syntax (* ? | and quotation marks around the query) against brute
 * force over every folded sentence: on the bundled sample, and on the national
 * work reports of ../shared/corpus when present. Also the search CSV export.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { freshDatabase, urlOf } from './support/provider';
import { ingest } from '@/lib/ingest/run';
import { SearchIndex } from '@/lib/search/engine';
import { parseQuery, QuerySyntaxError, searchPattern, stripQuotes, WILDCARD_MAX } from '@/lib/search/pattern';
import { foldToSimplified } from '@/lib/text/script';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-syntax-'));
// Either provider (tests/support/provider.ts); set before the Prisma client is loaded.
const file = await freshDatabase(tmp, 'syntax');
process.env.DATABASE_URL = urlOf(file);
const SAMPLE = path.resolve(__dirname, '../data/samples');
const WIKI = path.resolve(__dirname, '../../shared/corpus/chinese-political-corpora/government_work_reports.jsonl');
const hasCorpus = fs.existsSync(WIKI);

let db: Db;
let index: SearchIndex;
let sentences: Array<{ id: number; text: string }>;

beforeAll(() => {
  db = openDb({ file });
  ingest(db, [SAMPLE, ...(hasCorpus ? [WIKI] : [])]);
  index = SearchIndex.load(db)!;
  sentences = (db.prepare('SELECT id, text FROM Sentence').all() as Array<{ id: number; text: string }>).map((s) => ({ id: s.id, text: foldToSimplified(s.text) }));
});

afterAll(async () => {
  const { prisma } = await import('@/lib/db/client');
  await prisma.$disconnect();
  db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The same syntax, written out by hand as a regular expression per alternative. */
function bruteRegex(alternatives: string[]): RegExp {
  const word = '[\\p{L}\\p{N}]';
  const src = alternatives
    .map((a) =>
      [...a].map((c) => (c === '*' ? `${word}{0,${WILDCARD_MAX}}` : c === '?' ? word : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join(''),
    )
    .join('|');
  return new RegExp(src, 'u');
}

function engineIds(q: string): number[] {
  const parsed = parseQuery(q);
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const r = searchPattern(index, q, parsed, { page, pageSize: 200 });
    ids.push(...r.hits.map((h) => h.sentenceId));
    if (page * 200 >= r.total) {
      expect(ids.length).toBe(r.total);
      break;
    }
  }
  return ids.sort((a, b) => a - b);
}

describe('parsing', () => {
  it('ignores quotation marks typed around the query, ASCII or Chinese', () => {
    for (const q of ['“两个确立”', '"两个确立"', "'两个确立'", '「两个确立」', '『兩個確立』', ' “两个确立” ']) {
      expect(parseQuery(q).alternatives, q).toEqual(['两个确立']);
      expect(parseQuery(q).pattern, q).toBe(false);
    }
    expect(stripQuotes('“两个确立”和“两个维护”')).toBe('两个确立”和“两个维护');
  });
  it('splits alternatives, keeps wildcards, refuses queries of wildcards only', () => {
    expect(parseQuery('两个确立|兩個維護').alternatives).toEqual(['两个确立', '两个维护']);
    expect(parseQuery('两个*').pattern).toBe(true);
    expect(parseQuery('两个？').alternatives).toEqual(['两个?']);
    expect(() => parseQuery('*')).toThrow(QuerySyntaxError);
    expect(() => parseQuery('两个|??')).toThrow(QuerySyntaxError);
    expect(() => parseQuery('“”')).toThrow(QuerySyntaxError);
  });
});

describe('patterns against brute force', () => {
  const queries = ['两个*', '两个??', '两个确立|两个维护', '四个?', '全面*治党', '?会一课', '兩個*|三会一课', '从严*'];
  for (const q of queries) {
    it(q, () => {
      const re = bruteRegex(parseQuery(q).alternatives);
      const expected = sentences.filter((s) => re.test(s.text)).map((s) => s.id).sort((a, b) => a - b);
      expect(engineIds(q)).toEqual(expected);
    });
  }

  it('两个* finds every sentence with 两个确立 and with 两个维护, each match highlighted within the sentence', () => {
    const ids = new Set(engineIds('两个*'));
    for (const s of sentences) if (s.text.includes('两个确立') || s.text.includes('两个维护')) expect(ids.has(s.id)).toBe(true);
    const r = searchPattern(index, '两个*', parseQuery('两个*'), { pageSize: 200 });
    for (const h of r.hits) {
      const text = sentences.find((s) => s.id === h.sentenceId)!.text;
      for (const [a, b] of h.matches) {
        expect(text.slice(a, b)).toMatch(/^两个[\p{L}\p{N}]{0,6}$/u);
      }
    }
    expect(r.occurrences).toBeGreaterThanOrEqual(r.total);
  });
});

describe('search data module', () => {
  it('lists the glossary entries a pattern matches, exports every sentence as CSV', async () => {
    const { searchText, searchParams } = await import('@/lib/data/search');
    const { searchCsv } = await import('@/lib/data/export-csv');
    const page = await searchText(searchParams.parse({ q: '两个*' }));
    expect(page.entries?.map((e) => e.simplified)).toEqual(expect.arrayContaining(['两个确立', '两个维护']));
    for (const e of page.entries ?? []) expect(e.simplified.startsWith('两个')).toBe(true);
    const plain = await searchText(searchParams.parse({ q: '“兩個確立”' }));
    expect(plain.entries).toBeNull();
    expect(plain.phraseId).not.toBeNull();
    let text = '';
    for await (const chunk of searchCsv(searchParams.parse({ q: '两个*' }), '')) text += chunk;
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(text.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBe(page.total);
    for (const r of rows) expect(foldToSimplified(r.match)).toMatch(/^两个/);
    expect(searchParams.safeParse({ q: '*?' }).success).toBe(false);
  });
});
