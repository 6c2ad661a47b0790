/**
 * Near-duplicates on real copies from ../shared/corpus (read at run time, never
 * copied into the repository): national work reports held both by
 * chinese-political-corpora (Wikisource, JSON Lines) and textworkshop17 (plain
 * text, full-width digits), among them the traditional 1954 copy and the
 * edited 2006 one; and two 新闻联播 days that share re-aired paragraphs.
 * Ingested in both orders: the same copy is kept, the same counts result.
 * Skipped on a clone without the corpus.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { ingest } from '@/lib/ingest/run';
import { exportJson } from '@/lib/ingest/export';
import { SearchIndex } from '@/lib/search/engine';

const CORPUS = path.resolve(__dirname, '../../shared/corpus');
const WIKI = path.join(CORPUS, 'chinese-political-corpora/government_work_reports.jsonl');
const TW = path.join(CORPUS, 'textworkshop17/demos/chineseDemo/govReports');
const YEARS = ['1954', '2006', '2017'];
const NEWS = ['20251023', '20251028'].map((d) => path.join(CORPUS, `cctv_news/news/${d}.md`));

describe.runIf(fs.existsSync(WIKI) && fs.existsSync(TW) && NEWS.every((f) => fs.existsSync(f)))('near-duplicates on real copies', () => {
  // Made in beforeAll: vitest runs a skipped suite's body to collect it, and nothing would remove it.
  let tmp: string;
  let wikiDir: string;
  let twDir: string;
  let newsDir: string;
  let wikiFirst: Db;
  let textFirst: Db;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-dedupe-'));
    wikiDir = path.join(tmp, 'wikisource');
    twDir = path.join(tmp, 'textworkshop');
    newsDir = path.join(tmp, 'news');
    for (const d of [wikiDir, twDir, newsDir]) fs.mkdirSync(d);
    // This run's own fixtures: the records of those years, and the matching plain-text files.
    const records = fs
      .readFileSync(WIKI, 'utf8')
      .split('\n')
      .filter((l) => l.trim() && YEARS.includes(String(JSON.parse(l).year)));
    fs.writeFileSync(path.join(wikiDir, 'reports.jsonl'), records.join('\n') + '\n');
    for (const f of fs.readdirSync(TW)) if (YEARS.some((y) => f.startsWith(y))) fs.copyFileSync(path.join(TW, f), path.join(twDir, f));
    for (const f of NEWS) fs.copyFileSync(f, path.join(newsDir, path.basename(f)));
    wikiFirst = openDb({ file: path.join(tmp, 'a.db') });
    ingest(wikiFirst, [wikiDir, newsDir]);
    ingest(wikiFirst, [twDir]);
    textFirst = openDb({ file: path.join(tmp, 'b.db') });
    ingest(textFirst, [twDir]);
    ingest(textFirst, [newsDir, wikiDir]);
  });
  afterAll(() => {
    wikiFirst?.close();
    textFirst?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const documents = (db: Db) =>
    db
      .prepare(
        `SELECT d.id, d.source, d.url, d.collection, d.duplicateOf, k.source AS keptSource,
                (SELECT count(*) FROM Occurrence o WHERE o.documentId = d.id) AS uses
         FROM Document d LEFT JOIN Document k ON k.id = d.duplicateOf ORDER BY d.source`,
      )
      .all() as Array<{ id: number; source: string; url: string | null; collection: string; duplicateOf: number | null; keptSource: string | null; uses: number }>;

  it('finds each report held twice, keeps the Wikisource copy and files the plain text under it, in either order', () => {
    for (const db of [wikiFirst, textFirst]) {
      const docs = documents(db);
      const copies = docs.filter((d) => d.duplicateOf !== null);
      expect(copies.map((d) => d.source).sort()).toEqual(fs.readdirSync(twDir).sort());
      for (const c of copies) {
        expect(c.collection).toBe('textworkshop');
        expect(c.keptSource).toMatch(/^reports\.jsonl#\d+$/);
        expect(c.uses).toBe(0);
      }
      const keptReports = docs.filter((d) => d.duplicateOf === null && d.url);
      expect(keptReports).toHaveLength(YEARS.length);
      for (const k of keptReports) expect(k.uses).toBeGreaterThan(20);
    }
  });

  it('dates the kept copy as precisely as any copy does, in either order', () => {
    const dates = (db: Db) =>
      (db.prepare("SELECT date FROM Document WHERE duplicateOf IS NULL AND url IS NOT NULL AND source LIKE 'reports.jsonl#%' ORDER BY date").all() as Array<{ date: string }>).map(
        (r) => r.date,
      );
    expect(dates(wikiFirst)).toEqual(dates(textFirst));
    for (const d of dates(wikiFirst)) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('does not take two 新闻联播 days that share re-aired paragraphs for copies', () => {
    for (const db of [wikiFirst, textFirst]) {
      const news = documents(db).filter((d) => d.source.endsWith('.md'));
      expect(news).toHaveLength(2);
      expect(news.every((d) => d.duplicateOf === null && d.uses > 0)).toBe(true);
    }
    // They do share paragraphs: the check is not passing for want of overlap.
    const shared = wikiFirst
      .prepare(
        `SELECT count(*) AS n FROM DocumentHash a JOIN DocumentHash b ON a.hash = b.hash AND a.documentId < b.documentId
         JOIN Document x ON x.id = a.documentId JOIN Document y ON y.id = b.documentId
         WHERE x.source LIKE '%.md' AND y.source LIKE '%.md'`,
      )
      .get() as { n: number };
    expect(shared.n).toBeGreaterThan(50);
  });

  it('counts every text once: the same phrases, uses and indexed sentences whichever copy came first', () => {
    const counts = (db: Db) =>
      Object.fromEntries(
        (db.prepare('SELECT key, occurrenceCount, quotedCount, documentCount FROM Phrase WHERE occurrenceCount > 0 ORDER BY key').all() as Array<{
          key: string;
          occurrenceCount: number;
          quotedCount: number;
          documentCount: number;
        }>).map((r) => [r.key, [r.occurrenceCount, r.quotedCount, r.documentCount]]),
      );
    const a = counts(wikiFirst);
    expect(Object.keys(a).length).toBeGreaterThan(100);
    expect(counts(textFirst)).toEqual(a);
    const indexed = (db: Db) => SearchIndex.load(db, { texts: false })!.header.sentences;
    const keptSentences = (db: Db) =>
      (db.prepare('SELECT count(*) AS n FROM Sentence s JOIN Document d ON d.id = s.documentId WHERE d.duplicateOf IS NULL').get() as { n: number }).n;
    expect(indexed(wikiFirst)).toBe(keptSentences(wikiFirst));
    expect(indexed(textFirst)).toBe(indexed(wikiFirst));
  });

  it('exports each copy with duplicateOf and no occurrences', () => {
    const data = JSON.parse([...exportJson(textFirst)].join('')) as {
      documents: Array<{ id: number; duplicateOf: number | null; occurrenceCount: number }>;
      phrases: Array<{ occurrences: Array<{ documentId: number }> }>;
    };
    const copies = data.documents.filter((d) => d.duplicateOf !== null);
    expect(copies).toHaveLength(YEARS.length);
    const ids = new Set(data.documents.map((d) => d.id));
    for (const c of copies) {
      expect(ids.has(c.duplicateOf!)).toBe(true);
      expect(c.occurrenceCount).toBe(0);
    }
    const copyIds = new Set(copies.map((c) => c.id));
    expect(data.phrases.some((p) => p.occurrences.some((o) => copyIds.has(o.documentId)))).toBe(false);
  });
});
