import { z } from 'zod';
import { bool, join, num, PAGE_SIZE, paged, parsePath, prisma, Prisma, rows, sql, type Paged } from './db';
import { likeEscape } from './query';
import { foldToSimplified } from '@/lib/text/script';
import type { DocumentRef } from './phrases';
export { GENRE_LABELS } from '@/lib/ingest/place';

export const documentListParams = z.object({
  q: z.string().trim().max(100, 'q: at most 100 characters').optional().default(''),
  collection: z.string().trim().max(200, 'collection: at most 200 characters').optional(),
  genre: z.string().trim().max(40, 'genre: at most 40 characters').optional(),
  region: z.string().trim().max(100, 'region: at most 100 characters').optional(),
  year: z.coerce.number({ message: 'year: a year such as 2024' }).int('year: a year such as 2024').min(1000, 'year: a year such as 2024').max(3000, 'year: a year such as 2024').optional(),
  page: z.coerce.number({ message: 'page: a positive integer' }).int('page: a positive integer').min(1, 'page: a positive integer').max(100000, 'page: too large').optional().default(1),
  pageSize: z.coerce.number().int().min(1).max(200, 'pageSize: at most 200').optional().default(PAGE_SIZE),
  sort: z.enum(['date', 'ingested', 'title'], { message: 'sort: one of date, ingested, title' }).optional().default('date'),
});
export type DocumentListParams = z.input<typeof documentListParams>;

/** What is shown as a document's source: its original URL, or the file's name (never a path on the server). */
export function sourceLabel(source: string, url: string | null): string {
  return url || source.replace(/^.*[\\/]/, '');
}

export interface DocumentPlaceFields {
  collection: string;
  genre: string;
  region: string | null;
  speaker: string | null;
}

export interface DocumentSummary extends DocumentPlaceFields {
  id: number;
  title: string;
  date: string | null;
  /** The original URL or the file's name. */
  source: string;
  url: string | null;
  format: string;
  charCount: number;
  ingestedAt: Date;
  occurrenceCount: number;
  /** Distinct phrases (only on the document page: counting them for a list would scan every row). */
  phraseCount: number | null;
}

/** Documents, newest first (by date), with how many phrase occurrences each holds. */
export async function listDocuments(input: DocumentListParams = {}): Promise<Paged<DocumentSummary>> {
  const params = documentListParams.parse(input);
  const q = params.q ? foldToSimplified(params.q) : '';
  // Titles are stored as written: match the query in the script typed and folded.
  // Near-duplicate copies are listed on their kept document's page, not here: each text once.
  const where = {
    duplicateOf: null,
    ...(params.collection ? { collection: params.collection } : {}),
    ...(params.genre ? { genre: params.genre } : {}),
    ...(params.region ? { region: params.region } : {}),
    ...(params.year ? { year: params.year } : {}),
    ...(q
      ? {
          OR: [
            { title: { contains: likeEscape(params.q) } },
            ...(q !== params.q ? [{ title: { contains: likeEscape(q) } }] : []),
          ],
        }
      : {}),
  };
  const orderBy =
    params.sort === 'ingested'
      ? [{ ingestedAt: 'desc' as const }, { id: 'desc' as const }]
      : params.sort === 'title'
        ? [{ title: 'asc' as const }, { id: 'asc' as const }]
        : [{ date: { sort: 'desc' as const, nulls: 'last' as const } }, { id: 'desc' as const }];
  const [docs, total] = await Promise.all([
    prisma.document.findMany({
      where,
      orderBy,
      skip: (params.page - 1) * params.pageSize,
      take: params.pageSize,
      select: {
        id: true, title: true, date: true, source: true, url: true, format: true, charCount: true, ingestedAt: true,
        collection: true, genre: true, region: true, speaker: true,
      },
    }),
    prisma.document.count({ where }),
  ]);
  const counts = await occurrenceCounts(docs.map((d) => d.id));
  const items = docs.map((d) => ({ ...d, source: sourceLabel(d.source, d.url), occurrenceCount: counts.get(d.id) ?? 0, phraseCount: null }));
  return paged(items, total, params.page, params.pageSize);
}

/** Occurrences per document, on the covering (documentId, sectionId) index. */
async function occurrenceCounts(ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const r = await rows<{ documentId: unknown; n: unknown }>(sql`
    SELECT documentId, count(*) AS n FROM Occurrence WHERE documentId IN (${join(ids)}) GROUP BY documentId`);
  return new Map(r.map((x) => [num(x.documentId), num(x.n)]));
}

async function documentCounts(ids: number[]): Promise<Map<number, { occurrenceCount: number; phraseCount: number }>> {
  if (ids.length === 0) return new Map();
  const r = await rows<{ documentId: unknown; n: unknown; p: unknown }>(sql`
    SELECT documentId, count(*) AS n, count(DISTINCT phraseId) AS p FROM Occurrence
    WHERE documentId IN (${join(ids)}) GROUP BY documentId`);
  return new Map(r.map((x) => [num(x.documentId), { occurrenceCount: num(x.n), phraseCount: num(x.p) }]));
}

export interface DocumentFacets {
  collections: Array<{ value: string; count: number }>;
  genres: Array<{ value: string; count: number }>;
  regions: Array<{ value: string; count: number }>;
  years: Array<{ value: number; count: number }>;
}

/** The values the documents list can be filtered by, with how many kept documents have each. */
export async function documentFacets(): Promise<DocumentFacets> {
  // (year is a number: comparing it with '' is an error on PostgreSQL)
  const facet = async (column: 'collection' | 'genre' | 'region' | 'year') =>
    rows<{ value: unknown; n: unknown }>(sql`SELECT ${Prisma.raw(column)} AS value, count(*) AS n FROM Document
      WHERE duplicateOf IS NULL AND ${Prisma.raw(column)} IS NOT NULL${column === 'year' ? Prisma.empty : Prisma.raw(` AND ${column} <> ''`)}
      GROUP BY 1 ORDER BY ${column === 'year' ? Prisma.raw('1 DESC') : Prisma.raw('2 DESC, 1')}`);
  const [collections, genres, regions, years] = await Promise.all([facet('collection'), facet('genre'), facet('region'), facet('year')]);
  const str = (r: Array<{ value: unknown; n: unknown }>) => r.map((x) => ({ value: String(x.value), count: num(x.n) }));
  return { collections: str(collections), genres: str(genres), regions: str(regions), years: years.map((x) => ({ value: num(x.value), count: num(x.n) })) };
}

/** Titles for a document picker, newest first, when there are few enough to list. */
export async function documentOptions(max = 200): Promise<DocumentRef[] | null> {
  const n = num((await rows<{ n: unknown }>(sql`SELECT count(*) AS n FROM Document WHERE duplicateOf IS NULL`))[0]?.n);
  if (n > max) return null;
  return rows<DocumentRef>(sql`SELECT id, title, date FROM Document WHERE duplicateOf IS NULL ORDER BY date IS NULL, date DESC, id DESC`);
}

export async function recentDocuments(limit = 8): Promise<DocumentSummary[]> {
  return (await listDocuments({ sort: 'ingested', pageSize: limit })).items;
}

export interface OutlinePhrase {
  id: number;
  text: string;
  kind: string;
  count: number;
  quoted: boolean;
}

export interface OutlineSection {
  id: number;
  parentId: number | null;
  ordinal: number;
  depth: number;
  label: string;
  title: string;
  path: string[];
  /** Occurrences in this section itself (not its subsections). */
  occurrenceCount: number;
  /** Distinct phrases in this section itself. */
  phraseCount: number;
  phrases: OutlinePhrase[];
  children: OutlineSection[];
}

/** A near-duplicate copy of a kept document: where it came from, how much of it the kept text holds. */
export interface DocumentCopy {
  id: number;
  title: string;
  date: string | null;
  source: string;
  url: string | null;
  collection: string;
  /** Share of the copy's clauses found in the kept document. */
  shared: number | null;
}

export interface DocumentRevisionEntry {
  version: number;
  author: string;
  createdAt: Date;
  /** As saved; `revertOf` when this version brought back an earlier one. */
  data: { title?: string; date?: string | null; revertOf?: number };
}

export interface DocumentDetail extends Omit<DocumentSummary, 'phraseCount'> {
  phraseCount: number;
  /** Editor-set metadata version (optimistic concurrency). */
  version: number;
  editedTitle: string | null;
  editedDate: string | null;
  /** The kept document, when this one is a near-duplicate copy. */
  duplicateOf: DocumentRef | null;
  /** Near-duplicate copies of this document (other sources of the same text). */
  copies: DocumentCopy[];
  revisions: DocumentRevisionEntry[];
  contentHash: string;
  sentenceCount: number;
  /** Top-level sections with their children. */
  sections: OutlineSection[];
  /** Phrases in text before the first heading (or in a document without headings). */
  preamble: { occurrenceCount: number; phrases: OutlinePhrase[]; sentenceCount: number };
}

/** A document with its outline: the section tree, each section with its phrases. */
export async function getDocument(id: number, phrasesPerSection = 40): Promise<DocumentDetail | null> {
  const doc = await prisma.document.findUnique({ where: { id } });
  if (!doc) return null;
  const [kept, copies, revisions] = await Promise.all([
    doc.duplicateOf != null ? prisma.document.findUnique({ where: { id: doc.duplicateOf }, select: { id: true, title: true, date: true } }) : null,
    prisma.document.findMany({
      where: { duplicateOf: id },
      orderBy: { id: 'asc' },
      select: { id: true, title: true, date: true, source: true, url: true, collection: true, duplicateScore: true },
    }),
    prisma.documentRevision.findMany({ where: { documentId: id }, orderBy: { version: 'desc' }, take: 20 }),
  ]);
  const [sections, perSection, sentenceCounts] = await Promise.all([
    prisma.section.findMany({ where: { documentId: id }, orderBy: { ordinal: 'asc' } }),
    rows<{ sectionId: unknown; phraseId: unknown; n: unknown; q: unknown; text: string; kind: string }>(sql`
      SELECT c.sectionId, c.phraseId, c.n, c.q, p.text, p.kind FROM
        (SELECT sectionId, phraseId, count(*) AS n, max(quoted) AS q, min(id) AS firstId FROM Occurrence
         WHERE documentId = ${id} GROUP BY sectionId, phraseId) c
      JOIN Phrase p ON p.id = c.phraseId
      ORDER BY c.sectionId, c.firstId`),
    rows<{ sectionId: unknown; n: unknown }>(sql`
      SELECT sectionId, count(*) AS n FROM Sentence WHERE documentId = ${id} GROUP BY sectionId`),
  ]);
  const bySection = new Map<number | null, OutlinePhrase[]>();
  const occBySection = new Map<number | null, number>();
  for (const r of perSection) {
    const sid = r.sectionId == null ? null : num(r.sectionId);
    const list = bySection.get(sid) ?? [];
    list.push({ id: num(r.phraseId), text: r.text, kind: r.kind, count: num(r.n), quoted: bool(r.q) });
    bySection.set(sid, list);
    occBySection.set(sid, (occBySection.get(sid) ?? 0) + num(r.n));
  }
  const nodes = new Map<number, OutlineSection>();
  const roots: OutlineSection[] = [];
  for (const s of sections) {
    const phrases = bySection.get(s.id) ?? [];
    const node: OutlineSection = {
      id: s.id,
      parentId: s.parentId,
      ordinal: s.ordinal,
      depth: s.depth,
      label: s.label,
      title: s.title,
      path: parsePath(s.path),
      occurrenceCount: occBySection.get(s.id) ?? 0,
      phraseCount: phrases.length,
      phrases: phrases.slice(0, phrasesPerSection),
      children: [],
    };
    nodes.set(s.id, node);
  }
  for (const s of sections) {
    const node = nodes.get(s.id)!;
    const parent = s.parentId != null ? nodes.get(s.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sentenceCount = sentenceCounts.reduce((a, r) => a + num(r.n), 0);
  const preambleSentences = num(sentenceCounts.find((r) => r.sectionId == null)?.n);
  const counts = await documentCounts([id]);
  return {
    id: doc.id,
    title: doc.title,
    date: doc.date,
    source: sourceLabel(doc.source, doc.url),
    url: doc.url,
    format: doc.format,
    charCount: doc.charCount,
    ingestedAt: doc.ingestedAt,
    contentHash: doc.contentHash,
    collection: doc.collection,
    genre: doc.genre,
    region: doc.region,
    speaker: doc.speaker,
    version: doc.version,
    editedTitle: doc.editedTitle,
    editedDate: doc.editedDate,
    duplicateOf: kept ?? null,
    copies: copies.map((c) => ({
      id: c.id, title: c.title, date: c.date, source: sourceLabel(c.source, c.url), url: c.url, collection: c.collection, shared: c.duplicateScore,
    })),
    revisions: revisions.map((r) => ({ version: r.version, author: r.author, createdAt: r.createdAt, data: parseRevision(r.data) })),
    ...(counts.get(id) ?? { occurrenceCount: 0, phraseCount: 0 }),
    sentenceCount,
    sections: roots,
    preamble: {
      occurrenceCount: occBySection.get(null) ?? 0,
      phrases: (bySection.get(null) ?? []).slice(0, phrasesPerSection),
      sentenceCount: preambleSentences,
    },
  };
}

function parseRevision(data: string): DocumentRevisionEntry['data'] {
  try {
    const v = JSON.parse(data) as { title?: unknown; date?: unknown; revertOf?: unknown };
    return {
      title: typeof v.title === 'string' ? v.title : undefined,
      date: typeof v.date === 'string' ? v.date : null,
      ...(typeof v.revertOf === 'number' ? { revertOf: v.revertOf } : {}),
    };
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------
// Reading view

export interface ReadingOccurrence {
  phraseId: number;
  phraseText: string;
  start: number;
  end: number;
  quoted: boolean;
}

export interface ReadingSentence {
  id: number;
  paragraph: number;
  ordinal: number;
  heading: boolean;
  sectionId: number | null;
  text: string;
  occurrences: ReadingOccurrence[];
}

export interface SectionRef {
  id: number;
  /** Position in the document's outline (1-based): the section's URL, stable across re-ingests. */
  number: number;
  label: string;
  title: string;
  depth: number;
}

export interface ReadingView {
  document: { id: number; title: string; date: string | null; source: string; url: string | null };
  /** null for the whole-document view. */
  section: (SectionRef & { path: string[] }) | null;
  /** Ancestors of the section, top-down (excluding the section). */
  ancestors: SectionRef[];
  /** Sections inside this view, by id (for headings). */
  sections: Map<number, SectionRef>;
  sentences: ReadingSentence[];
  prev: SectionRef | null;
  next: SectionRef | null;
}

async function readSentences(where: ReturnType<typeof sql>): Promise<ReadingSentence[]> {
  const sentences = await rows<{ id: unknown; paragraph: unknown; ordinal: unknown; heading: unknown; sectionId: unknown; text: string }>(
    sql`SELECT id, paragraph, ordinal, heading, sectionId, text FROM Sentence WHERE ${where} ORDER BY ordinal`,
  );
  const ids = sentences.map((s) => num(s.id));
  const occ = new Map<number, ReadingOccurrence[]>();
  // Chunked to stay under SQLite's bound-parameter limit on long documents.
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    const r = await rows<{ sentenceId: unknown; phraseId: unknown; start: unknown; end: unknown; quoted: unknown; text: string }>(sql`
      SELECT o.sentenceId, o.phraseId, o.start, o."end" AS "end", o.quoted, p.text FROM Occurrence o
      JOIN Phrase p ON p.id = o.phraseId WHERE o.sentenceId IN (${join(chunk)}) ORDER BY o.sentenceId, o.start`);
    for (const x of r) {
      const sid = num(x.sentenceId);
      const list = occ.get(sid) ?? [];
      list.push({ phraseId: num(x.phraseId), phraseText: x.text, start: num(x.start), end: num(x.end), quoted: bool(x.quoted) });
      occ.set(sid, list);
    }
  }
  return sentences.map((s) => ({
    id: num(s.id),
    paragraph: num(s.paragraph),
    ordinal: num(s.ordinal),
    heading: bool(s.heading),
    sectionId: s.sectionId == null ? null : num(s.sectionId),
    text: s.text,
    occurrences: occ.get(num(s.id)) ?? [],
  }));
}

/** A section (with its subsections) as running text, every phrase occurrence attached; `number` is its position in the outline (1-based). */
export async function getSectionReading(documentId: number, number: number): Promise<ReadingView | null> {
  const doc = await prisma.document.findUnique({
    where: { id: documentId },
    select: { id: true, title: true, date: true, source: true, url: true },
  });
  if (!doc) return null;
  const all = await prisma.section.findMany({ where: { documentId }, orderBy: { ordinal: 'asc' } });
  const section = all.find((s) => s.ordinal === number - 1);
  if (!section) return null;
  const byId = new Map(all.map((s) => [s.id, s]));
  const ancestors: SectionRef[] = [];
  for (let p = section.parentId; p != null; p = byId.get(p)?.parentId ?? null) {
    const a = byId.get(p);
    if (!a) break;
    ancestors.unshift({ id: a.id, number: a.ordinal + 1, label: a.label, title: a.title, depth: a.depth });
  }
  // Pre-order: the subtree is the run of sections after this one that are deeper.
  const idx = all.indexOf(section);
  let end = idx + 1;
  while (end < all.length && all[end].depth > section.depth) end++;
  const subtree = all.slice(idx, end);
  const ref = (s: (typeof all)[number]): SectionRef => ({ id: s.id, number: s.ordinal + 1, label: s.label, title: s.title, depth: s.depth });
  let prev: SectionRef | null = null;
  for (let i = idx - 1; i >= 0; i--) {
    if (all[i].depth <= section.depth) {
      prev = ref(all[i]);
      break;
    }
  }
  const next = end < all.length ? ref(all[end]) : null;
  const sentences = await readSentences(sql`documentId = ${documentId} AND sectionId IN (${join(subtree.map((s) => s.id))})`);
  return {
    document: doc,
    section: { ...ref(section), path: parsePath(section.path) },
    ancestors,
    sections: new Map(subtree.map((s) => [s.id, ref(s)])),
    sentences,
    prev,
    next,
  };
}

/** The whole document as running text. */
export async function getDocumentReading(documentId: number): Promise<ReadingView | null> {
  const doc = await prisma.document.findUnique({
    where: { id: documentId },
    select: { id: true, title: true, date: true, source: true, url: true },
  });
  if (!doc) return null;
  const all = await prisma.section.findMany({ where: { documentId }, orderBy: { ordinal: 'asc' } });
  const sentences = await readSentences(sql`documentId = ${documentId}`);
  const first = all[0];
  return {
    document: doc,
    section: null,
    ancestors: [],
    sections: new Map(all.map((s) => [s.id, { id: s.id, number: s.ordinal + 1, label: s.label, title: s.title, depth: s.depth }])),
    sentences,
    prev: null,
    next: first ? { id: first.id, number: first.ordinal + 1, label: first.label, title: first.title, depth: first.depth } : null,
  };
}

/** Where a sentence lives, for permalinks (/sentences/{id}). */
export async function sentenceLocation(id: number): Promise<{ documentId: number; sectionOrdinal: number | null; ordinal: number } | null> {
  const s = await prisma.sentence.findUnique({ where: { id }, select: { documentId: true, ordinal: true, section: { select: { ordinal: true } } } });
  return s ? { documentId: s.documentId, ordinal: s.ordinal, sectionOrdinal: s.section?.ordinal ?? null } : null;
}
