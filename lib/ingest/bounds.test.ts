import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundDocument } from './bounds';
import { clean } from './clean';
import { segment } from './segment';
import { extract } from './extract';
import { processDocument } from './pipeline';
import type { ExtractedDocument, SourceDocument } from './types';

const SAMPLES = path.resolve(__dirname, '../../data/samples');
const SEED = fs.readFileSync(path.join(SAMPLES, fs.readdirSync(SAMPLES).find((f) => f.endsWith('.txt'))!), 'utf8');

function source(text: string, format: 'txt' | 'md' = 'txt'): SourceDocument {
  return { sourceKey: `test.${format}`, source: `test.${format}`, format, text, meta: { title: '测试' } };
}

function extracted(text: string, format: 'txt' | 'md' = 'txt'): ExtractedDocument {
  return extract(segment(clean(source(text, format))));
}

/** Every piece within the limit, the pieces of each sentence in order, every quoted span still on its text. */
function expectBounded(before: ExtractedDocument, after: ExtractedDocument, limit: number) {
  for (const s of after.sentences) expect(s.text.length).toBeLessThanOrEqual(limit);
  expect(after.sentences.map((s) => s.text).join('')).toBe(before.sentences.map((s) => s.text).join(''));
  expect(after.spans.map((s) => s.key)).toEqual(before.spans.map((s) => s.key));
  for (const sp of after.spans) expect(after.sentences[sp.sentence].text.slice(sp.start, sp.end)).toBe(sp.text);
}

describe('bounds: every part of a document cut to a sensible size', () => {
  it('splits the one endless sentence of a text without line breaks or full stops, keeping every quoted phrase', () => {
    // The seed as a single line without sentence marks: one "sentence" to the segmenter.
    const text = SEED.replace(/\s+/g, '').replace(/[。！？；]/g, '').repeat(8);
    const before = extracted(text);
    const longest = Math.max(...before.sentences.map((s) => s.text.length));
    expect(longest).toBeGreaterThan(5000);
    const { doc, capped } = boundDocument(before, { sentenceChars: 300, headingChars: 200 });
    expect(capped.sentencesSplit).toBeGreaterThan(0);
    expect(doc.sentences.length).toBeGreaterThan(before.sentences.length + 15);
    expectBounded(before, doc, 300);
    // Pieces end at a comma where there is one in the second half of the piece.
    const atBreak = doc.sentences.slice(0, -1).filter((s) => /[，；：、]$/.test(s.text)).length;
    expect(atBreak).toBeGreaterThan(doc.sentences.length / 2);
  });

  it('cuts a text with no break at all at the limit, never inside a quoted phrase or a surrogate pair', () => {
    const before = extracted(('两个确立𠮷“永远在路上”' + '党'.repeat(37)).repeat(40));
    const { doc } = boundDocument(before, { sentenceChars: 100, headingChars: 200 });
    expectBounded(before, doc, 100);
    for (const s of doc.sentences) expect(s.text).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
  });

  it('shortens an overlong section title and the paths that repeat it', () => {
    const title = '关于' + '进一步加强和改进'.repeat(40) + '的意见';
    // A Markdown heading may be as long as a line.
    const before = extracted(`# 测试\n\n## ${title}\n\n坚持“两个确立”。\n\n### 第二部分\n\n做到“两个维护”。`, 'md');
    expect(Math.max(...before.sections.map((s) => s.title.length))).toBeGreaterThan(300);
    const { doc, capped } = boundDocument(before, { sentenceChars: 2000, headingChars: 50 });
    expect(capped.headingsShortened).toBeGreaterThan(0);
    for (const s of doc.sections) {
      expect(s.title.length).toBeLessThanOrEqual(50);
      for (const p of s.path) expect(p.length).toBeLessThanOrEqual(50);
    }
  });

  it('leaves ordinary documents as they are, and the pipeline reports what it cut', () => {
    const before = extracted(SEED);
    expect(boundDocument(before).doc).toBe(before);
    expect(processDocument(source(SEED)).capped).toEqual({ sentencesSplit: 0, headingsShortened: 0 });
    const long = processDocument(source(SEED.replace(/\s+/g, '').replace(/[。！？；]/g, '').repeat(4)));
    expect(long.capped.sentencesSplit).toBeGreaterThan(0);
    for (const s of long.doc.sentences) expect(s.text.length).toBeLessThanOrEqual(2000);
  });
});
