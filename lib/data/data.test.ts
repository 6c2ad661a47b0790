import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db/sqlite';
import { ingest } from '@/lib/ingest/run';
import { closePostgresPools } from '@/lib/db/postgres';
import { freshDatabase, urlOf } from '@/tests/support/provider';

// The data module against the bundled sample, ingested into a fresh database
// (set before the Prisma client is loaded), on either provider (tests/support/provider.ts).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-data-'));
const file = await freshDatabase(dir, 'data');
process.env.DATABASE_URL = urlOf(file);
const SAMPLE = path.resolve(__dirname, '../../data/samples');

type Data = typeof import('./index');
let data: Data;

beforeAll(async () => {
  const db = openDb({ file });
  ingest(db, [SAMPLE]);
  db.close();
  data = await import('./index');
});

afterAll(async () => {
  const { prisma } = await import('@/lib/db/client');
  await prisma.$disconnect();
  await closePostgresPools();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function entry(q: string) {
  const list = await data.listPhrases({ q });
  const hit = list.items.find((p) => p.exact);
  if (!hit) throw new Error(`no entry for ${q}`);
  return (await data.getPhrase(hit.id))!;
}

describe('listPhrases', () => {
  it('finds the traditional entry from simplified, traditional and pinyin queries', async () => {
    for (const q of ['两个确立', '兩個確立', 'liang ge que li', 'liǎng gè què lì', 'lianggequeli', 'lgql', 'liang3 ge4 que4 li4']) {
      const list = await data.listPhrases({ q });
      expect(list.items[0]?.text, q).toBe('兩個確立');
      expect(list.items[0]?.exact, q).toBe(true);
    }
  });
  it('matches substrings and pinyin prefixes, best match first, with the total', async () => {
    const list = await data.listPhrases({ q: '兩個' });
    expect(list.total).toBe(3);
    expect(list.items.map((p) => p.simplified).sort()).toEqual(['两个全覆盖', '两个确立', '两个维护']);
    const py = await data.listPhrases({ q: 'liang ge' });
    expect(py.total).toBe(3);
  });
  it('filters by kind and document, sorts and pages', async () => {
    const all = await data.listPhrases({});
    expect(all.total).toBe(17);
    expect(all.items[0].simplified).toBe('永远在路上');
    const formulas = await data.listPhrases({ kind: 'formula' });
    expect(formulas.items.every((p) => p.kind === 'formula')).toBe(true);
    const page2 = await data.listPhrases({ sort: 'pinyin', pageSize: 5, page: 2 });
    const page1 = await data.listPhrases({ sort: 'pinyin', pageSize: 5, page: 1 });
    expect(page2.items).toHaveLength(5);
    expect(page2.pageCount).toBe(4);
    expect(page1.items.map((p) => p.id)).not.toContain(page2.items[0].id);
    const inDoc = await data.listPhrases({ document: 1 });
    expect(inDoc.total).toBe(17);
    expect((await data.listPhrases({ document: 999 })).total).toBe(0);
  });
  it('rejects invalid parameters', () => {
    expect(data.phraseListParams.safeParse({ page: '0' }).success).toBe(false);
    expect(data.phraseListParams.safeParse({ kind: 'poem' }).success).toBe(false);
  });
});

describe('phrase entry', () => {
  it('has forms, counts and first/latest documents', async () => {
    const p = await entry('永远在路上');
    expect(p.occurrenceCount).toBe(2);
    expect(p.quotedCount).toBe(1);
    expect(p.firstDocument?.title).toMatch(/講話$/);
    expect(p.forms[0]).toEqual({ form: '永遠在路上', count: expect.any(Number) });
  });
  it('pages the concordance with offsets that point at the phrase', async () => {
    const p = await entry('永远在路上');
    const c = await data.getConcordance(p, {});
    expect(c.total).toBe(2);
    for (const l of c.items) expect(l.sentence.slice(l.start, l.end)).toBe('永遠在路上');
    expect(c.items.map((l) => l.quoted).sort()).toEqual([false, true]);
    expect(c.items[0].sectionPath[0]).toMatch(/^二、/);
    expect(c.items[0].href).toMatch(/^\/documents\/\d+\/sections\/\d+#s-\d+$/);
    const one = await data.getConcordance(p, { pageSize: 1, page: 2 });
    expect(one.items).toHaveLength(1);
    expect(one.pageCount).toBe(2);
    expect(one.items[0].occurrenceId).toBe(c.items[1].occurrenceId);
    const newest = await data.getConcordance(p, { order: 'newest' });
    expect(newest.items.map((l) => l.occurrenceId).sort()).toEqual(c.items.map((l) => l.occurrenceId).sort());
  });
  it('filters the concordance by document and by section (with its subsections)', async () => {
    const p = await entry('三会一课');
    const c = await data.getConcordance(p, {});
    const docId = c.items[0].document.id;
    expect((await data.getConcordance(p, { document: docId })).total).toBe(1);
    expect((await data.getConcordance(p, { document: docId + 1000 })).total).toBe(0);
    const doc = (await data.getDocument(docId))!;
    const one = doc.sections.find((s) => s.label === '一、')!;
    const three = one.children.find((s) => s.label === '（三）')!;
    const two = doc.sections.find((s) => s.label === '二、')!;
    expect((await data.getConcordance(p, { section: one.id })).total).toBe(1);
    expect((await data.getConcordance(p, { section: three.id })).total).toBe(1);
    expect((await data.getConcordance(p, { section: two.id })).total).toBe(0);
  });
  it('filters a search by section, its subsections included, as reading the sentences does', async () => {
    const { searchText, searchParams } = await import('./search');
    const p = await entry('三会一课');
    const doc = (await data.getDocument((await data.getConcordance(p, {})).items[0].document.id))!;
    const one = doc.sections.find((s) => s.label === '一、')!;
    const within = new Set<number>();
    const walk = (s: typeof one) => {
      within.add(s.id);
      s.children.forEach(walk);
    };
    walk(one);
    expect(within.size).toBeGreaterThan(1);
    const db = openDb({ file, readonly: true });
    const sentences = db.prepare('SELECT sectionId, text FROM Sentence WHERE documentId = ?').all(doc.id) as Array<{ sectionId: number | null; text: string }>;
    db.close();
    for (const [section, expected] of [
      [one.id, sentences.filter((x) => x.sectionId !== null && within.has(x.sectionId) && x.text.includes('的')).length],
      [one.children[0].id, sentences.filter((x) => x.sectionId === one.children[0].id && x.text.includes('的')).length],
    ]) {
      expect(expected).toBeGreaterThan(0);
      expect((await searchText(searchParams.parse({ q: '的', section: String(section) }))).total, String(section)).toBe(expected);
    }
  });
  it('finds collocates, ranked by logDice, the shared sentences never more than either phrase\'s uses', async () => {
    const p = await entry('两个确立');
    const co = await data.getCollocates(p);
    const texts = co.map((c) => c.phrase.simplified);
    expect(texts).toContain('两个维护');
    const both = co.find((c) => c.phrase.simplified === '两个维护')!;
    expect(both.sentences).toBe(1);
    // logDice: 14 + log2(2·1 / (1 + uses of 两个维护)).
    expect(both.logDice).toBeCloseTo(14 + Math.log2(2 / (1 + both.phrase.occurrenceCount)), 2);
    for (const c of co) {
      expect(c.sentences).toBeLessThanOrEqual(Math.min(p.occurrenceCount, c.phrase.occurrenceCount));
      expect(c.logDice).toBeLessThanOrEqual(14);
    }
    for (let i = 1; i < co.length; i++) expect(co[i - 1].logDice).toBeGreaterThanOrEqual(co[i].logDice);
  });
});

describe('the corpus', () => {
  it('is kept while nothing is committed, and read again after a change committed by another process', async () => {
    const a = await data.getCorpus();
    expect(await data.getCorpus()).toBe(a);
    const doc = a.documents[0];
    const db = openDb({ file });
    const edit = db.prepare('UPDATE Document SET charCount = ?, version = version + 1 WHERE id = ?');
    edit.run(doc.charCount + 7, doc.id);
    const b = await data.getCorpus();
    expect(b).not.toBe(a);
    expect(b.byId.get(doc.id)!.charCount).toBe(doc.charCount + 7);
    expect(await data.getCorpus()).toBe(b);
    edit.run(doc.charCount, doc.id);
    db.close();
    expect((await data.getCorpus()).byId.get(doc.id)!.charCount).toBe(doc.charCount);
  });
});

describe('documents', () => {
  it('gives the values the list filters by, with their counts (the year a number on either provider)', async () => {
    const doc = (await data.listDocuments({})).items[0];
    const facets = await data.documentFacets();
    expect(facets.years).toEqual([{ value: Number(doc.date!.slice(0, 4)), count: 1 }]);
    expect(facets.collections.reduce((n, c) => n + c.count, 0)).toBeLessThanOrEqual(1);
  });
  it('lists documents and gives the outline with the phrases of each section', async () => {
    const list = await data.listDocuments({});
    expect(list.total).toBe(1);
    const doc = (await data.getDocument(list.items[0].id))!;
    expect(doc.sections.map((s) => s.label)).toEqual(['一、', '二、']);
    expect(doc.sections[0].children.map((s) => s.label)).toEqual(['（一）', '（二）', '（三）']);
    const three = doc.sections[0].children[2];
    expect(three.phrases.map((p) => p.text)).toContain('三會一課');
    expect(doc.sections[1].phrases.map((p) => p.text)).toEqual(['永遠在路上']);
  });
  it('reads a section with its subsections and every occurrence attached', async () => {
    const doc = (await data.listDocuments({})).items[0];
    const outline = (await data.getDocument(doc.id))!;
    const one = outline.sections[0];
    // Sections are addressed by their position in the outline (1-based).
    const view = (await data.getSectionReading(doc.id, one.ordinal + 1))!;
    expect(view.section?.id).toBe(one.id);
    expect(view.sentences.length).toBeGreaterThan(10);
    const occ = view.sentences.flatMap((s) => s.occurrences.map((o) => s.text.slice(o.start, o.end)));
    expect(occ).toContain('三會一課');
    expect(view.next?.label).toBe('二、');
    expect(await data.getSectionReading(doc.id + 999, one.ordinal + 1)).toBeNull();
    expect(await data.getSectionReading(doc.id, 999)).toBeNull();
    const three = one.children[2];
    const sub = (await data.getSectionReading(doc.id, three.ordinal + 1))!;
    expect(sub.ancestors.map((a) => a.label)).toEqual(['一、']);
  });
});
