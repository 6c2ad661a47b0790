import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { containment, fingerprint, normaliseSentence } from './fingerprint';
import { preferred } from './detect';
import { toTraditional } from '../text/script';
import { processDocument } from '../ingest/pipeline';

const SEED = path.resolve(__dirname, '../../data/samples/000_ce7623e9653b5579.txt');
const sentencesOf = (text: string, source = 'seed.txt') =>
  processDocument({ sourceKey: source, source, format: 'txt', text, meta: {} }).doc.sentences.map((s) => s.text);

describe('normaliseSentence', () => {
  it('folds script, width, whitespace, punctuation and short parentheticals away', () => {
    const a = normaliseSentence('我们要坚持“两个确立”，做到“两个维护”。（鼓掌）');
    expect(normaliseSentence('我們要堅持「兩個確立」, 做到 "兩個維護".')).toBe(a);
    expect(normaliseSentence('我们要坚持“两个确立”，做到“两个维护”')).toBe(a);
    expect(normaliseSentence('ＡＢＣ１２３')).toBe('ABC123');
  });
  it('reads the characters OpenCC converts by context the same in either spelling', () => {
    expect(normaliseSentence('關於憲法草案的報告以後')).toBe(normaliseSentence('关于宪法草案的报告以后'));
  });
});

describe('fingerprint', () => {
  const seed = fs.readFileSync(SEED, 'utf8');
  const base = fingerprint(sentencesOf(seed));

  it('gives a copy in the other script, re-spaced, with ASCII punctuation and a footer the same clauses', () => {
    const copy = toTraditional(seed).replace(/，/g, ', ').replace(/。/g, '.\n\n') + '\n本文来源：某某网站，转载请注明出处。\n';
    const c = containment(base, fingerprint(sentencesOf(copy, 'copy.txt')));
    expect(c.ratio).toBeGreaterThanOrEqual(0.95);
  });

  it('still finds a copy with a few edited sentences above the threshold, and an unrelated text far below', () => {
    const sentences = sentencesOf(seed);
    const edited = sentences.map((s, i) => (i % 15 === 7 ? s.replace(/[\u4e00-\u9fff]{3}/, '某某某') : s));
    expect(containment(base, fingerprint(edited)).ratio).toBeGreaterThanOrEqual(0.9);
    const other = sentencesOf('我们召开会议，研究部署明年的经济工作，会议认为形势总体向好。各地区各部门要抓好落实，确保各项任务完成。');
    expect(containment(base, fingerprint(other)).ratio).toBeLessThan(0.2);
  });
});

describe('preferred', () => {
  it('keeps a copy with a URL, then the fuller one, then the smaller source key, in either order', () => {
    const web = { id: 1, url: 'https://example.org/r', clauses: 100, sourceKey: 'b' };
    const file = { id: 2, url: null, clauses: 120, sourceKey: 'a' };
    expect(preferred(web, file)).toBe(true);
    expect(preferred(file, web)).toBe(false);
    const short = { ...file, id: 3, clauses: 90 };
    expect(preferred(file, short)).toBe(true);
    expect(preferred(short, file)).toBe(false);
    const twin = { ...file, id: 4, sourceKey: 'c' };
    expect(preferred(file, twin)).toBe(true);
    expect(preferred(twin, file)).toBe(false);
  });
});
