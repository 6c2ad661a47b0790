import { describe, expect, it } from 'vitest';
import { isParallel, kindFor, scorePhrase, transliterationShare, type CorpusTotals, type PhraseEvidence } from './score';

const CORPUS: CorpusTotals = { documents: 1900, years: 60, collections: 5, authoritativeDocuments: 200 };
const formula: PhraseEvidence = {
  key: '两个确立', kind: 'formula', uses: 800, quoted: 800, textUses: null, quotedDocuments: 440, years: 5, collections: 3,
  authoritativeDocuments: 40, quotedAuthoritativeDocuments: 30, followedByThing: 0, titleMarked: 0,
};
const score = (e: Partial<PhraseEvidence>, corpus = CORPUS) => scorePhrase({ ...formula, ...e }, corpus).score;

describe('scorePhrase', () => {
  it('stays in [0, 1] and rates a quoted, spread, authoritative formula near the top', () => {
    expect(score({})).toBeGreaterThan(0.9);
    expect(score({})).toBeLessThanOrEqual(1);
  });
  it('lowers a phrase used mostly without quotation marks', () => {
    expect(score({ kind: 'slogan', key: '停摆', textUses: 4000 })).toBeLessThan(score({ kind: 'slogan', key: '停摆' }));
  });
  it('lowers names of things, by the nouns that follow them, their ending, or transliteration', () => {
    expect(score({ key: '北溪', kind: 'slogan', followedByThing: 600 })).toBeLessThan(score({ key: '北溪', kind: 'slogan' }) / 2);
    expect(score({ key: '深海一号', kind: 'slogan' })).toBeLessThan(0.3);
    expect(transliterationShare('海马斯')).toBeGreaterThanOrEqual(0.6);
    expect(transliterationShare('马克思主义')).toBeLessThan(0.6);
    expect(score({ key: '海马斯', kind: 'slogan' })).toBeLessThan(0.3);
  });
  it('lowers single characters, news-only phrases and a short word quoted in one document', () => {
    expect(score({ key: '左', kind: 'slogan' })).toBeLessThan(0.1);
    expect(score({ authoritativeDocuments: 0, quotedAuthoritativeDocuments: 0 })).toBeLessThan(score({}));
    expect(score({ key: '发展', kind: 'slogan', quotedDocuments: 1, quoted: 1, uses: 1, textUses: 50000 })).toBeLessThan(0.25);
  });
  it('measures spread against the corpus: the phrases of a one-speech corpus are as spread as they can be', () => {
    const one: CorpusTotals = { documents: 1, years: 1, collections: 1, authoritativeDocuments: 1 };
    const seedPhrase = { key: '同心共富', kind: 'slogan', uses: 1, quoted: 1, quotedDocuments: 1, years: 1, collections: 1, authoritativeDocuments: 1, quotedAuthoritativeDocuments: 1 };
    expect(score(seedPhrase, one)).toBeGreaterThanOrEqual(0.7);
    expect(score(seedPhrase, CORPUS)).toBeLessThan(score(seedPhrase, one));
  });
});

describe('kindFor', () => {
  it('gives names a kind of their own and takes it back when the evidence goes', () => {
    expect(kindFor('北溪', 'slogan', 0.8)).toBe('name');
    expect(kindFor('两个确立', 'name', 0.1)).toBe('formula');
    expect(kindFor('人民日报', 'title', 0.9)).toBe('title');
  });
});

describe('isParallel', () => {
  it('recognises parallel members joined by +, 、 or ·, not a sentence', () => {
    expect(isParallel('领导领学+专家辅学+委员践学')).toBe(true);
    expect(isParallel('党委点题、政协破题')).toBe(true);
    expect(isParallel('书香政协·红色课堂')).toBe(true);
    expect(isParallel('数字经济赋能产业转型')).toBe(false);
    expect(isParallel('人工智能+')).toBe(false);
  });
});
