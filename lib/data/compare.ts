/**
 * Compare two documents (or two years of a collection): which formulations the
 * second uses that the first does not, which it dropped, which both keep.
 *
 * Candidates are the glossary phrases with a recorded use on either side. A
 * phrase is absent from a side only if its folded text appears nowhere in that
 * side's text, in either script: quoted or not, recorded as a use or not.
 */
import { z } from 'zod';
import { currentIndex } from '@/lib/search/engine';
import { Lru } from './cache';
import { getCorpus, previousInCollection, type Corpus, type CorpusDocument } from './corpus';
import { join, num, rows, sql } from './db';
import { searchKey, textCounter } from './text-count';

export interface CompareItem {
  id: number;
  text: string;
  simplified: string;
  kind: string;
  usesA: number;
  usesB: number;
}

export interface CompareSide {
  /** "document" or "year" (a year of one collection, or of the whole corpus). */
  type: 'document' | 'year';
  label: string;
  documentIds: number[];
  /** Set for a document. */
  document?: { id: number; title: string; date: string | null; collection: string };
  /** Set for a year. */
  year?: number;
  collection?: string | null;
}

export interface Comparison {
  a: CompareSide;
  b: CompareSide;
  added: CompareItem[];
  dropped: CompareItem[];
  kept: CompareItem[];
}

const id = (name: string) =>
  z.coerce.number({ message: `${name}: a document id` }).int(`${name}: a document id`).positive(`${name}: a document id`);
const year = (name: string) =>
  z.coerce.number({ message: `${name}: a year` }).int(`${name}: a year`).min(1000, `${name}: a year`).max(9999, `${name}: a year`);

/** ?a=&b= (document ids) or ?yearA=&yearB=[&collection=] (years, of one collection or of everything). */
export const compareParams = z
  .object({
    a: id('a').optional(),
    b: id('b').optional(),
    yearA: year('yearA').optional(),
    yearB: year('yearB').optional(),
    collection: z.string().trim().max(500, 'collection: too long').optional(),
  })
  .refine((p) => (p.a !== undefined && p.b !== undefined) || (p.yearA !== undefined && p.yearB !== undefined), {
    message: 'Give two documents (a and b) or two years (yearA and yearB).',
  })
  .refine((p) => !((p.a !== undefined || p.b !== undefined) && (p.yearA !== undefined || p.yearB !== undefined)), {
    message: 'Compare two documents or two years, not both.',
  });
export type CompareParams = z.input<typeof compareParams>;

export class CompareInputError extends Error {}

function documentSide(corpus: Corpus, doc: CorpusDocument): CompareSide {
  return {
    type: 'document',
    label: doc.title,
    documentIds: [doc.id],
    document: { id: doc.id, title: doc.title, date: doc.date, collection: doc.collection },
  };
}

function yearSide(corpus: Corpus, y: number, collection: string | null): CompareSide {
  const docs = corpus.documents.filter((d) => d.year === y && (!collection || d.collection === collection));
  const label = collection ? `${y} · ${corpus.collectionByKey.get(collection)?.label ?? collection}` : String(y);
  return { type: 'year', label, documentIds: docs.map((d) => d.id), year: y, collection };
}

const compareCache = new Lru<Comparison>(200, 10 * 60_000);

/** Why a document is not in the corpus the analyses count: absent, or a near-duplicate copy (pointing to the kept text). */
async function notComparable(id: number): Promise<string> {
  const [d] = await rows<{ duplicateOf: unknown }>(sql`SELECT duplicateOf FROM Document WHERE id = ${id}`);
  if (!d) return `There is no document ${id}.`;
  const kept = d.duplicateOf == null ? null : num(d.duplicateOf);
  return kept === null
    ? `Document ${id} is not in the counted corpus yet.`
    : `Document ${id} is a near-duplicate copy of document ${kept}, which holds its text once: compare document ${kept} instead.`;
}

/**
 * Throws CompareInputError for an unknown document or collection (the route
 * turns it into a 404), never for a valid comparison that finds nothing.
 */
export async function compare(input: z.output<typeof compareParams>): Promise<Comparison> {
  const corpus = await getCorpus();
  let a: CompareSide;
  let b: CompareSide;
  if (input.a !== undefined && input.b !== undefined) {
    const da = corpus.byId.get(input.a);
    const db = corpus.byId.get(input.b);
    if (!da) throw new CompareInputError(await notComparable(input.a));
    if (!db) throw new CompareInputError(await notComparable(input.b));
    a = documentSide(corpus, da);
    b = documentSide(corpus, db);
  } else {
    const collection = input.collection || null;
    if (collection && !corpus.collectionByKey.has(collection)) throw new CompareInputError(`There is no collection ${collection}.`);
    a = yearSide(corpus, input.yearA!, collection);
    b = yearSide(corpus, input.yearB!, collection);
  }
  const index = currentIndex();
  const key = `${corpus.signature}:${index?.header.generation ?? '-'}:${a.documentIds.join(',')}|${b.documentIds.join(',')}`;
  return compareCache.getOrCompute(key, () => compareSides(a, b));
}

async function compareSides(a: CompareSide, b: CompareSide): Promise<Comparison> {
  const inA = new Set(a.documentIds);
  const inB = new Set(b.documentIds);
  const all = [...new Set([...a.documentIds, ...b.documentIds])];
  if (all.length === 0) return { a, b, added: [], dropped: [], kept: [] };
  // Recorded uses per phrase and side (one pass over the documents' occurrences).
  const recorded = new Map<number, { a: number; b: number }>();
  for (let i = 0; i < all.length; i += 500) {
    const chunk = all.slice(i, i + 500);
    const r = await rows<{ phraseId: unknown; documentId: unknown; n: unknown }>(sql`
      SELECT phraseId, documentId, count(*) AS n FROM Occurrence WHERE documentId IN (${join(chunk)}) GROUP BY phraseId, documentId`);
    for (const x of r) {
      const pid = num(x.phraseId);
      const did = num(x.documentId);
      const e = recorded.get(pid) ?? { a: 0, b: 0 };
      if (inA.has(did)) e.a += num(x.n);
      if (inB.has(did)) e.b += num(x.n);
      recorded.set(pid, e);
    }
  }
  const ids = [...recorded.keys()];
  const phrases: Array<{ id: unknown; key: string; text: string; simplified: string; kind: string }> = [];
  for (let i = 0; i < ids.length; i += 5000) {
    phrases.push(
      ...(await rows<{ id: unknown; key: string; text: string; simplified: string; kind: string }>(
        sql`SELECT id, key, text, simplified, kind FROM Phrase WHERE id IN (${join(ids.slice(i, i + 5000))})`,
      )),
    );
  }
  const [countA, countB] = await Promise.all([textCounter(a.documentIds), textCounter(b.documentIds)]);
  const added: CompareItem[] = [];
  const dropped: CompareItem[] = [];
  const kept: CompareItem[] = [];
  for (const p of phrases) {
    const pid = num(p.id);
    const rec = recorded.get(pid)!;
    const k = searchKey(p.key);
    // The text decides; a recorded use is proof of presence even where the text
    // search cannot see it (a key with spaces the index drops).
    const usesA = Math.max(rec.a, countA.count(k));
    const usesB = Math.max(rec.b, countB.count(k));
    const item: CompareItem = { id: pid, text: p.text, simplified: p.simplified, kind: p.kind, usesA, usesB };
    if (usesA === 0 && usesB > 0) added.push(item);
    else if (usesB === 0 && usesA > 0) dropped.push(item);
    else if (usesA > 0 && usesB > 0) kept.push(item);
  }
  const by = (f: (x: CompareItem) => number) => (x: CompareItem, y: CompareItem) =>
    f(y) - f(x) || x.simplified.localeCompare(y.simplified, 'zh') || x.id - y.id;
  added.sort(by((x) => x.usesB));
  dropped.sort(by((x) => x.usesA));
  kept.sort(by((x) => x.usesA + x.usesB));
  return { a, b, added, dropped, kept };
}

/** The previous document of the same collection, for "compare with the previous report". */
export async function previousDocument(documentId: number): Promise<{ id: number; title: string; date: string | null } | null> {
  const corpus = await getCorpus();
  const p = previousInCollection(corpus, documentId);
  return p ? { id: p.id, title: p.title, date: p.date } : null;
}

/** Years with dated documents, per collection, for the compare page's pickers. */
export async function compareChoices(): Promise<{
  collections: Array<{ key: string; label: string; documents: number; years: number[] }>;
  years: number[];
}> {
  const corpus = await getCorpus();
  const years = [...corpus.charsByYear.keys()].sort((x, y) => x - y);
  const collections = corpus.collections.map((c) => ({
    key: c.key,
    label: c.label,
    documents: c.documents,
    years: [...new Set(corpus.documents.filter((d) => d.collection === c.key && d.year != null).map((d) => d.year!))].sort((x, y) => x - y),
  }));
  return { collections, years };
}

/** Documents of a collection, newest first, for the document pickers. */
export async function collectionDocuments(collection: string): Promise<Array<{ id: number; title: string; date: string | null }>> {
  const corpus = await getCorpus();
  return corpus.documents
    .filter((d) => d.collection === collection)
    .sort((x, y) => (y.date ?? '').localeCompare(x.date ?? '') || y.id - x.id)
    .map((d) => ({ id: d.id, title: d.title, date: d.date }));
}
