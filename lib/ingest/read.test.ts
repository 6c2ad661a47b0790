import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NotADocumentFile, readFile, SourceError, walk } from './read';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-read-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string | Buffer) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};

describe('readFile', () => {
  it('reads a CSV with a BOM, newlines inside quoted fields and the default field names', () => {
    const p = write(
      'reports.csv',
      '\ufeffprovince,year,title,source_url,publish_date,full_text\n' +
        '甘肃,2026,2026年甘肃省政府工作报告,https://example.org/a,2026-01-27,"各位代表：\n现在，我代表省人民政府作报告。"\n' +
        '四川,2026,空,https://example.org/b,2026-02-03,\n',
    );
    const docs = readFile(p);
    expect(docs).toHaveLength(1); // the record with an empty text is no document
    expect(docs[0]).toMatchObject({
      sourceKey: `${path.resolve(p)}#1`,
      format: 'csv',
      text: '各位代表：\n现在，我代表省人民政府作报告。',
      meta: { title: '2026年甘肃省政府工作报告', date: '2026-01-27', url: 'https://example.org/a' },
    });
  });

  it('reads JSONL records with content/title/url/year', () => {
    const p = write(
      'reports.jsonl',
      [JSON.stringify({ title: '2024年政府工作报告', url: 'https://example.org/w', content: '各位代表：', year: 2024 }), '', JSON.stringify({ title: '决议', content: '会议决定。', year: null })].join('\n'),
    );
    const docs = readFile(p);
    expect(docs.map((d) => d.sourceKey.replace(/^.*#/, '#'))).toEqual(['#1', '#2']);
    expect(docs[0].meta).toEqual({ title: '2024年政府工作报告', date: '2024', url: 'https://example.org/w' });
    expect(docs[1].meta.date).toBeUndefined();
  });

  it('reads the Date,Text layout and honours explicit field options', () => {
    const p = write('speeches.csv', 'Date,Text,Headline\n2020-05-19,　　你们好！来信收悉。,回信\n');
    expect(readFile(p)[0].meta).toMatchObject({ date: '2020-05-19', title: '回信' });
    expect(readFile(p, { titleField: 'Text' })[0].meta.title).toBe('你们好！来信收悉。');
    expect(() => readFile(p, { textField: 'body_missing' })).toThrow(SourceError);
  });

  it('reports a table without a text column as NotADocumentFile', () => {
    const p = write('run_manifest.csv', 'province,status\n甘肃,ok\n');
    expect(() => readFile(p)).toThrow(NotADocumentFile);
  });

  it('reports a broken JSONL line and an unknown extension as SourceErrors', () => {
    expect(() => readFile(write('bad.jsonl', '{"content": "好"}\n{not json\n'))).toThrow(/line 2/);
    expect(() => readFile(write('x.pdf', 'x'))).toThrow(SourceError);
  });

  it('reads .txt and .md as one document each; an empty file is no document', () => {
    expect(readFile(write('a.txt', '坚持“两个确立”。'))[0]).toMatchObject({ format: 'txt', text: '坚持“两个确立”。', meta: {} });
    expect(readFile(write('b.md', '# 标题\n\n正文。'))[0].format).toBe('md');
    expect(() => readFile(write('empty.txt', '  \n'))).toThrow(NotADocumentFile);
  });
});

describe('walk', () => {
  it('walks directories in sorted order, skipping hidden files, READMEs and unknown extensions', () => {
    const root = path.join(dir, 'tree');
    write('tree/b.txt', '乙');
    write('tree/a.md', '甲');
    write('tree/README.md', '说明');
    write('tree/.hidden.txt', '隐');
    write('tree/notes.pdf', 'x');
    write('tree/sub/c.csv', 'text\n丙\n');
    const files = [...walk([root])].map((f) => path.relative(root, f));
    expect(files).toEqual(['a.md', 'b.txt', path.join('sub', 'c.csv')]);
    expect(() => [...walk([path.join(dir, 'missing')])]).toThrow(/no such file/);
  });
});
