import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountQuotes, auditDocument, collectionOf, DuplicateFinder, findLeftovers, summarize } from './audit';
import { clean, type CleanReport } from './clean';
import { extract } from './extract';
import { processDocument } from './pipeline';
import type { SegmentedDocument, SourceDocument } from './types';
import { toTraditional } from '../text/script';

const SEED_FILE = path.join(__dirname, '../../data/samples/000_ce7623e9653b5579.txt');
const seed = (): SourceDocument => ({ sourceKey: SEED_FILE, source: SEED_FILE, format: 'txt', text: fs.readFileSync(SEED_FILE, 'utf8'), meta: {} });

function sentences(...texts: string[]): SegmentedDocument {
  return {
    sourceKey: 'k', source: 's', format: 'txt', url: null, title: 'T', date: null, sections: [],
    sentences: texts.map((text, i) => ({ text, paragraph: i, section: null, heading: false })),
  };
}

describe('clean with a report', () => {
  it('counts what each rule removed from the seed, and cleans the same', () => {
    const report: CleanReport = {};
    const withReport = clean(seed(), report);
    expect(withReport).toEqual(clean(seed()));
    expect(report['pinyin annotations']!.items).toBeGreaterThan(50);
    expect(report['repeated title']!.items).toBeGreaterThanOrEqual(1);
    expect(report['truncated excerpts']!.items).toBe(1);
  });
});

describe('accountQuotes', () => {
  it('accounts for every regex pair: found, excluded by a stated rule, or missed', () => {
    const doc = extract(
      sentences('坚持“两个确立”和“1+N”，推进“5G”和“ ”。', `引用“${'长'.repeat(130)}”。`, '《人民日报》报道「一国两制」。'),
    );
    const a = accountQuotes(doc);
    expect(a).toMatchObject({ regexPairs: 6, found: 3, excluded: { empty: 1, tooLong: 1, notChinese: 1 }, missed: 0, titles: 1 });
  });
});

describe('findLeftovers', () => {
  it('reports annotation-like parentheses that cleaning kept, and chrome inside sentences', () => {
    const doc = extract(
      sentences('這是一個律(lüè)字。', '加入(WTO)和辦法(试行)，广义货币（M2）余额增长。', '上一篇：关于做好春节工作的通知', '打印本页', '帮助农户更多分享到产业增值的收益。'),
    );
    const l = findLeftovers(doc);
    expect(l.annotations).toHaveLength(1);
    expect(l.annotations[0]).toContain('律(lüè)');
    expect(l.chrome).toEqual(['上一篇：关于做好春节工作的通知', '打印本页']);
  });

  it('finds nothing left in the cleaned seed', () => {
    const { doc } = processDocument(seed());
    expect(findLeftovers(doc)).toEqual({ annotations: [], chrome: [] });
  });
});

describe('collectionOf', () => {
  it('is the folder under the directory named, or the folder of a file named directly', () => {
    expect(collectionOf('../shared/corpus/cctv_news/news/20240305.md', '../shared/corpus', true)).toBe('cctv_news');
    expect(collectionOf('../shared/corpus/cctv_news/news/20240305.md', '../shared/corpus/cctv_news', true)).toBe('news');
    expect(collectionOf('corpus/plsc/all_data.csv', 'corpus/plsc/', true)).toBe('plsc');
    expect(collectionOf('data/samples/seed.txt', 'data/samples/seed.txt', false)).toBe('samples');
  });
});

describe('DuplicateFinder', () => {
  it('pairs a traditional copy with its simplified original, not two different texts', () => {
    const { doc } = processDocument(seed());
    const text = fs.readFileSync(SEED_FILE, 'utf8');
    const copy = processDocument({ ...seed(), sourceKey: 'copy', source: 'copy.txt', text: toTraditional(text) + '\n\n本文来源：市政协网站' }).doc;
    const other = processDocument({ ...seed(), sourceKey: 'o', source: 'o.txt', text: '各位代表：\n\n现在，我代表省人民政府，向大会报告政府工作，请予审议，并请省政协委员提出意见。\n\n过去一年，全省经济运行稳中有进，高质量发展取得新成效。' }).doc;
    const f = new DuplicateFinder();
    f.add('seed', doc);
    f.add('copy', copy);
    f.add('other', other);
    const pairs = f.pairs();
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ a: 'seed', b: 'copy' });
    expect(pairs[0].share).toBeGreaterThanOrEqual(0.9);
  });
});

describe('auditDocument and summarize', () => {
  it('reports title, date, collection, outline, quotes and removals of the seed', () => {
    const { audit } = auditDocument(seed(), 'samples');
    expect(audit).toMatchObject({
      title: '市政協主席在全市政協2025年黨的建設暨市政協機關黨風廉政建設工作會議上的講話',
      date: '2025',
      collection: 'samples',
      sections: { total: 5, topLevel: 2, depth: 2 },
      quotes: { regexPairs: 17, found: 17, missed: 0 },
      phrases: 17,
    });
    const s = summarize([audit, { ...audit, source: 'b', date: null }], { files: 2, failed: [], skipped: [], duplicates: [], seconds: 1 });
    expect(s.documents).toBe(2);
    expect(s.undated).toEqual([{ source: 'b', title: audit.title }]);
    expect(s.quotes.coverage).toBe(1);
    expect(s.removed['pinyin annotations']!.documents).toBe(2);
  });
});
