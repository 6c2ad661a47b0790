import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { containment, fingerprint, MIN_FINGERPRINT_CHARS, normaliseSentence, sentenceHash } from './fingerprint';
import { preferred } from './detect';
import { foldToSimplified, toTraditional } from '../text/script';
import { processDocument } from '../ingest/pipeline';
import { processFile } from '../ingest/process-file';
import { CORPUS_FILES, HAS_CORPUS_FILES } from '../../tests/support/corpus-files';

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

  it('keeps what the regular expressions it replaced kept: astral letters, not lone surrogates, marks or symbols', () => {
    // The definition, as three regular expressions (slower: see keeps() in fingerprint.ts).
    const reference = (text: string) =>
      foldToSimplified(text.normalize('NFKC'))
        .replace(/\([^()]{0,8}\)/g, '')
        .replace(/[^\p{L}\p{N}]+/gu, '')
        .replace(/[於于後后乾干夥伙著着隻只]/g, '');
    const texts = [
      '𠮷野家的𠀀字（注）和 ① ② Ⅻ ¾ ٣ 数字',
      'a\ud800b\udc00c\ud83d\ude00d', // lone surrogates, an emoji
      '乾隆年間，他著書於此(1735),以後(又)隻身夥同',
      '(甲,乙)括号跨过逗号（鼓掌） (much longer than eight)',
      '\u0301\u200b\u3000\t全角ＡＢＣ，半角abc',
      '',
      '。，！',
      ...sentencesOf(fs.readFileSync(SEED, 'utf8')),
    ];
    for (const t of texts) expect(normaliseSentence(t), JSON.stringify(t)).toBe(reference(t));
  });
});

/** A fingerprint as defined: the text cut into clauses, each normalised on its own (normaliseSentence). */
function fingerprintByClause(sentences: string[]): number[] {
  const out = new Set<number>();
  for (const clause of sentences.join('').normalize('NFKC').split(/(?:[。!?;,:]|\.(?!\d))+/)) {
    const n = normaliseSentence(clause);
    if (n.length >= MIN_FINGERPRINT_CHARS) out.add(sentenceHash(n));
  }
  return [...out].sort((a, b) => a - b);
}

describe('fingerprint, folded once over the whole text', () => {
  const same = (sentences: string[]) => expect(fingerprint(sentences)).toEqual(fingerprintByClause(sentences));

  it('gives the hashes of each clause as normaliseSentence gives it: the seed, a traditional copy, tricky text', () => {
    const seed = sentencesOf(fs.readFileSync(SEED, 'utf8'));
    same(seed);
    same(seed.map(toTraditional));
    same(['乾隆年間，他著書於此(1735, 乙),以後(又)隻身夥同𠮷野家。關於憲法草案的報告以後，一乾二淨。', '了解後再說。皇后、後來。']);
  });

  it.skipIf(!HAS_CORPUS_FILES)('gives the same on documents of ../shared/corpus', () => {
    let documents = 0;
    for (const file of CORPUS_FILES) {
      const r = processFile(file, {});
      if (r.kind !== 'documents') continue;
      for (const d of r.documents) {
        if (d.kind !== 'document') continue;
        const sentences = d.processed.doc.sentences.map((s) => s.text);
        same(sentences);
        same(sentences.map(toTraditional));
        documents++;
      }
    }
    expect(documents).toBeGreaterThanOrEqual(CORPUS_FILES.length);
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
