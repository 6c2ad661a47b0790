/**
 * Hostile input on the ingest side: characters outside the BMP, a CSV too
 * large for a spread, lines of (ideographic) spaces that a backtracking regex
 * would take polynomial time over. Every input is generated here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { freshDatabase } from './support/provider';
import { ingest } from '@/lib/ingest/run';
import { readFile } from '@/lib/ingest/read';
import { processDocument } from '@/lib/ingest/pipeline';
import { markdownHeading, collapseSpaces, joinBrokenLines, pickTitle, trimIndent } from '@/lib/ingest/clean';
import { phraseKey } from '@/lib/ingest/extract';
import { truncateUtf16 } from '@/lib/text/unicode';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-hostile-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A surrogate half without its other half: not text. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const JI = '𠮷'; // U+20BB7, two UTF-16 code units

describe('characters outside the BMP (𠮷)', () => {
  let db: Db;
  beforeAll(async () => {
    const dir = path.join(tmp, 'bmp');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'ji.txt'),
      [
        `关于${JI}祥如意工程的讲话`,
        '',
        `一、${JI}${JI}总体要求`,
        '',
        `我们要坚持“${JI}祥如意工程”和“两个确立”，推进${JI}祥如意工程建设。${JI}${JI}${JI}要落实“两个确立”。`,
        '',
        `二、“${JI}野”品牌`,
        '',
        `${JI}野${JI}野，“${JI}野”，再说${JI}野。`,
      ].join('\n'),
    );
    // No title line, and 𠮷 across the 40th code unit of the first clause.
    fs.writeFileSync(path.join(dir, 'cut.txt'), `${'各'.repeat(39)}${JI}${'地'.repeat(10)}，要落实“两个确立”。`);
    db = openDb({ file: await freshDatabase(tmp, 'bmp') });
    const summary = ingest(db, [dir]);
    expect(summary.failed).toBe(0);
    expect(summary.added).toBe(2);
  });
  afterAll(() => db.close());

  it('keeps the headword and every surface form whole', () => {
    const phrases = db.prepare('SELECT key, text, occurrenceCount AS n FROM Phrase ORDER BY key').all();
    expect(phrases).toEqual([
      { key: '两个确立', text: '两个确立', n: 3 },
      { key: `${JI}祥如意工程`, text: `${JI}祥如意工程`, n: 2 },
      { key: `${JI}野`, text: `${JI}野`, n: 5 },
    ]);
    const forms = db.prepare('SELECT p.key, f.form, f.count FROM PhraseForm f JOIN Phrase p ON p.id = f.phraseId ORDER BY p.key').all();
    expect(forms).toEqual([
      { key: '两个确立', form: '两个确立', count: 3 },
      { key: `${JI}祥如意工程`, form: `${JI}祥如意工程`, count: 2 },
      { key: `${JI}野`, form: `${JI}野`, count: 5 },
    ]);
  });

  it('stores offsets in UTF-16 code units that slice out the phrase, quoted or not', () => {
    const occ = db
      .prepare('SELECT p.key, o.start, o."end", o.quoted, s.text FROM Occurrence o JOIN Phrase p ON p.id = o.phraseId JOIN Sentence s ON s.id = o.sentenceId')
      .all() as Array<{ key: string; start: number; end: number; quoted: number; text: string }>;
    expect(occ.length).toBe(10);
    expect(occ.filter((o) => o.quoted === 0).length).toBe(4);
    for (const o of occ) expect(phraseKey(o.text.slice(o.start, o.end))).toBe(o.key);
  });

  it('never stores half a character', () => {
    const texts = [
      ...(db.prepare('SELECT text FROM Sentence').all() as Array<{ text: string }>).map((r) => r.text),
      ...(db.prepare('SELECT title AS text FROM Document').all() as Array<{ text: string }>).map((r) => r.text),
      ...(db.prepare('SELECT title || path AS text FROM Section').all() as Array<{ text: string }>).map((r) => r.text),
      ...(db.prepare('SELECT text || simplified || traditional || pinyin AS text FROM Phrase').all() as Array<{ text: string }>).map((r) => r.text),
    ];
    expect(texts.filter((t) => LONE_SURROGATE.test(t))).toEqual([]);
  });

  it('cuts a title from the first clause before a surrogate pair rather than through it', () => {
    const paragraph = `${'各'.repeat(39)}${JI}${'地'.repeat(10)}，要落实“两个确立”。`;
    expect(pickTitle(undefined, [paragraph], 'stem')).toEqual({ title: `${'各'.repeat(39)}…`, fromText: false });
  });

  it('truncates before a surrogate pair rather than through it', () => {
    expect(truncateUtf16(`ab${JI}`, 3)).toBe('ab');
    expect(truncateUtf16(`ab${JI}`, 4)).toBe(`ab${JI}`);
    expect(truncateUtf16('abc', 2)).toBe('ab');
  });
});

describe('a CSV of 250,000 rows', () => {
  it('is read record by record without overflowing the stack', () => {
    const rows = ['title,date,text'];
    for (let i = 1; i <= 250_000; i++) rows.push(`通知${i},2024-01-01,要落实“两个确立”第${i}项`);
    const file = path.join(tmp, 'big.csv');
    fs.writeFileSync(file, rows.join('\n'));
    const docs = readFile(file);
    expect(docs).toHaveLength(250_000);
    expect(docs[124_999]).toMatchObject({ source: `${file}#125000`, text: '要落实“两个确立”第125000项', meta: { title: '通知125000' } });
    expect(docs[249_999].sourceKey).toBe(`${path.resolve(file)}#250000`);
  });
});

// Sizes chosen so that the old regexes (cubic for the Markdown heading,
// quadratic for the trims) would run for hours or minutes, far past the
// test's timeout; linear code takes milliseconds.
describe('long runs of spaces', () => {
  const ideographic = (n: number) => '\u3000'.repeat(n);

  it('parses a Markdown heading with 20,000 ideographic spaces inside it', () => {
    expect(markdownHeading(`# 标${ideographic(20_000)}题`)).toEqual({ depth: 1, text: `标${ideographic(20_000)}题` });
    expect(markdownHeading(`## 标题 ${ideographic(20_000)}##${ideographic(20_000)}`)).toEqual({ depth: 2, text: '标题' });
    expect(markdownHeading(`#${ideographic(20_000)}`)).toEqual({ depth: 1, text: '' });
    expect(markdownHeading('####### 七级')).toBeNull();
    expect(markdownHeading('#标题')).toBeNull();
    expect(markdownHeading(`# 标${'#'.repeat(20_000)} x`)).toEqual({ depth: 1, text: `标${'#'.repeat(20_000)} x` });
  }, 30_000);

  it('ingests a Markdown document whose heading is a line of ideographic spaces', () => {
    const text = `# 报告\n\n## 一、标${ideographic(20_000)}题\n\n我们要坚持“两个确立”。\n\n##${ideographic(50_000)}\n\n再说“两个确立”。\n`;
    const { doc } = processDocument({ sourceKey: 'k', source: 'k.md', format: 'md', text, meta: {} });
    expect(doc.sections.map((s) => s.label + s.title)).toEqual(['一、标 题']);
    expect(doc.spans.map((s) => s.key)).toEqual(['两个确立', '两个确立']);
  }, 30_000);

  it('trims and collapses 200,000 spaces inside a line in linear time', () => {
    const mixed = '\u3000 '.repeat(100_000);
    expect(trimIndent(`\t${mixed}标${mixed}题${mixed}`)).toBe(`标${mixed}题`);
    expect(collapseSpaces(`${mixed}标${mixed}x${' '.repeat(200_000)}y`)).toBe('标 x y');
    expect(collapseSpaces(`标${mixed}题`)).toBe('标题');
    expect(joinBrokenLines(`甲${mixed}乙。\n丙${' '.repeat(200_000)}丁。${mixed}`)).toEqual([`甲${mixed}乙。`, `丙${' '.repeat(200_000)}丁。`]);
  }, 30_000);

  it('ingests a plain-text heading padded with 200,000 spaces', () => {
    const text = `关于工作的报告\n\n一、标${' '.repeat(200_000)}题\n\n我们要坚持“两个确立”。\n`;
    const { doc } = processDocument({ sourceKey: 'k', source: 'k.txt', format: 'txt', text, meta: {} });
    // Spaces between Han characters go in running text (国务院总理　李克强).
    expect(doc.sections.map((s) => s.label + s.title)).toEqual(['一、标题']);
    expect(doc.spans.map((s) => s.key)).toEqual(['两个确立']);
  }, 30_000);
});
