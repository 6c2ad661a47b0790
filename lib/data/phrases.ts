import { cache } from 'react';
import { z } from 'zod';
import { Lru } from './cache';
import { bool, empty, join, num, toDate, PAGE_SIZE, paged, parsePath, prisma, rows, sql, type Paged } from './db';
import { likeEscape, parsePhraseQuery } from './query';
import { GENRES, getCorpus, type Corpus } from './corpus';
import { foldToSimplified } from '@/lib/text/script';
import { phraseKey } from '@/lib/ingest/extract';

export const PHRASE_KINDS = ['formula', 'slogan', 'quotation', 'title', 'name'] as const;
export type PhraseKind = (typeof PHRASE_KINDS)[number];
export const PHRASE_SORTS = ['relevance', 'freq', 'quoted', 'pinyin', 'first', 'score'] as const;
export const PHRASE_STATUSES = ['confirmed', 'candidate', 'rejected'] as const;
export type PhraseStatus = (typeof PHRASE_STATUSES)[number];

/** Candidates at or above this score are in the default lists (lib/curation/score.ts). */
export { DEFAULT_LIST_THRESHOLD } from '@/lib/curation/score';
import { DEFAULT_LIST_THRESHOLD } from '@/lib/curation/score';

/**
 * The default lists: confirmed phrases, and candidates that score as
 * formulations; titles (《》) and names of things are lists of their own, shown
 * when asked for by kind. Merged entries are never listed.
 */
function curatedWhere(params: { all?: boolean; kind?: string; status?: string }): ReturnType<typeof sql>[] {
  const where = [sql`p.status <> 'merged'`];
  if (params.status) where.push(sql`p.status = ${params.status}`);
  if (params.all || params.status) return where;
  where.push(sql`(p.status = 'confirmed' OR (p.status = 'candidate' AND p.score >= ${DEFAULT_LIST_THRESHOLD}))`);
  if (!params.kind) where.push(sql`p.kind NOT IN ('title', 'name')`);
  return where;
}

const flag = z
  .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no', ''])], { message: 'all: 1 or 0' })
  .optional()
  .transform((v) => v === true || v === '1' || v === 'true' || v === 'yes');
export type PhraseSort = (typeof PHRASE_SORTS)[number];

/** Query-string parameters of the glossary index (page and API), validated. */
export const phraseListParams = z.object({
  q: z.string().trim().max(100, 'q: at most 100 characters').optional().default(''),
  kind: z.enum(PHRASE_KINDS, { message: `kind: one of ${PHRASE_KINDS.join(', ')}` }).optional(),
  document: z.coerce.number({ message: 'document: a document id' }).int('document: a document id').positive('document: a document id').optional(),
  sort: z.enum(PHRASE_SORTS, { message: `sort: one of ${PHRASE_SORTS.join(', ')}` }).optional(),
  /** Every phrase, not only the confirmed ones and the candidates that score as formulations. */
  all: flag,
  status: z.enum(PHRASE_STATUSES, { message: `status: one of ${PHRASE_STATUSES.join(', ')}` }).optional(),
  page: z.coerce.number({ message: 'page: a positive integer' }).int('page: a positive integer').min(1, 'page: a positive integer').max(100000, 'page: too large').optional().default(1),
  pageSize: z.coerce.number().int().min(1).max(200, 'pageSize: at most 200').optional().default(PAGE_SIZE),
});
export type PhraseListParams = z.input<typeof phraseListParams>;

export interface PhraseSummary {
  id: number;
  text: string;
  simplified: string;
  traditional: string;
  pinyin: string;
  kind: string;
  /** confirmed | candidate | rejected (set by editors; merged entries are not listed). */
  status: string;
  /** How formulation-like the phrase is, in [0, 1]. */
  score: number;
  occurrenceCount: number;
  quotedCount: number;
  documentCount: number;
  firstDate: string | null;
  lastDate: string | null;
  /** In a search: the phrase is exactly what was typed (in either script or pinyin). */
  exact?: boolean;
}

interface PhraseRow {
  id: number;
  text: string;
  simplified: string;
  traditional: string;
  pinyin: string;
  pinyinOverride: string | null;
  kind: string;
  status: string;
  score: unknown;
  occurrenceCount: unknown;
  quotedCount: unknown;
  documentCount: unknown;
  firstDate: string | null;
  lastDate: string | null;
  rank?: unknown;
}

const SUMMARY_COLUMNS = sql`p.id, p.text, p.simplified, p.traditional, p.pinyin, p.pinyinOverride, p.kind, p.status, p.score,
  p.occurrenceCount, p.quotedCount, p.documentCount, p.firstDate, p.lastDate`;

function toSummary(r: PhraseRow): PhraseSummary {
  return {
    id: num(r.id),
    text: r.text,
    simplified: r.simplified,
    traditional: r.traditional,
    pinyin: r.pinyinOverride || r.pinyin,
    kind: r.kind,
    status: r.status,
    score: Math.max(0, Math.min(1, num(r.score))),
    occurrenceCount: num(r.occurrenceCount),
    quotedCount: num(r.quotedCount),
    documentCount: num(r.documentCount),
    firstDate: r.firstDate,
    lastDate: r.lastDate,
  };
}

export type PhraseList = Paged<PhraseSummary> & { sort: PhraseSort; query: ReturnType<typeof parsePhraseQuery> };

/**
 * The glossary index and the search box: Chinese in either script (folded to the
 * simplified key, exact match first, then prefix, then substring) or pinyin (with
 * or without tones, spaced or run together, or initials). Paged in the database.
 */
export async function listPhrases(input: PhraseListParams = {}): Promise<PhraseList> {
  const params = phraseListParams.parse(input);
  const query = parsePhraseQuery(params.q);
  // A search looks through every entry (a rejected one is still found when typed); lists are curated.
  const where = query ? curatedWhere({ all: true, status: params.status }) : curatedWhere(params);
  let rank = sql`0`;
  if (query?.type === 'han') {
    const k = likeEscape(query.key);
    // A wording merged into another entry finds that entry.
    const alias = sql`(SELECT a.mergedIntoId FROM Phrase a WHERE a.status = 'merged' AND a.key LIKE ${'%' + k + '%'} ESCAPE '\\')`;
    where.push(sql`(p.key LIKE ${'%' + k + '%'} ESCAPE '\\' OR p.id IN ${alias})`);
    rank = sql`CASE WHEN p.key = ${query.key} OR p.id IN (SELECT a.mergedIntoId FROM Phrase a WHERE a.status = 'merged' AND a.key = ${query.key}) THEN 0
      WHEN p.key LIKE ${k + '%'} ESCAPE '\\' THEN 1 ELSE 2 END`;
  } else if (query?.type === 'pinyin') {
    const c = likeEscape(query.compact);
    const s = likeEscape(query.spaced);
    const plain = sql`replace(p.pinyinPlain, 'v', 'ü')`;
    const compact = sql`replace(replace(p.pinyinPlain, ' ', ''), 'v', 'ü')`;
    where.push(sql`(p.pinyinInitials LIKE ${c + '%'} ESCAPE '\\'
      OR ${compact} LIKE ${c + '%'} ESCAPE '\\'
      OR (' ' || ${plain}) LIKE ${'% ' + s + '%'} ESCAPE '\\')`);
    rank = sql`CASE WHEN p.pinyinInitials = ${query.compact} OR ${compact} = ${query.compact} OR ${plain} = ${query.spaced} THEN 0
      WHEN p.pinyinInitials LIKE ${c + '%'} ESCAPE '\\' OR ${compact} LIKE ${c + '%'} ESCAPE '\\' THEN 1 ELSE 2 END`;
  }
  if (params.kind) where.push(sql`p.kind = ${params.kind}`);
  if (params.document) {
    where.push(sql`p.id IN (SELECT o.phraseId FROM Occurrence o WHERE o.documentId = ${params.document})`);
  }
  const whereSql = where.length ? sql`WHERE ${join(where, ' AND ')}` : empty;
  const sort: PhraseSort = params.sort ?? (query ? 'relevance' : 'freq');
  const order =
    sort === 'pinyin'
      ? sql`p.pinyinSort, p.id`
      : sort === 'first'
        ? sql`p.firstDate IS NULL, p.firstDate, p.id`
        : sort === 'relevance'
          ? sql`rank, p.occurrenceCount DESC, p.id`
          : sort === 'quoted'
            ? sql`p.quotedCount DESC, p.occurrenceCount DESC, p.id`
            : sort === 'score'
              ? sql`p.score DESC, p.quotedCount DESC, p.id`
              : sql`p.occurrenceCount DESC, p.id`;
  const offset = (params.page - 1) * params.pageSize;
  let items: Array<PhraseRow & { total?: unknown }>;
  let total: number;
  if (query) {
    // A search scans the table anyway: count in the same pass.
    items = await rows<PhraseRow & { total: unknown }>(sql`SELECT ${SUMMARY_COLUMNS}, ${rank} AS rank, count(*) OVER () AS total
      FROM Phrase p ${whereSql} ORDER BY ${order} LIMIT ${params.pageSize} OFFSET ${offset}`);
    total = items.length
      ? num(items[0].total)
      : offset > 0
        ? num((await rows<{ n: unknown }>(sql`SELECT count(*) AS n FROM Phrase p ${whereSql}`))[0]?.n)
        : 0;
  } else {
    const [r, n] = await Promise.all([
      rows<PhraseRow>(sql`SELECT ${SUMMARY_COLUMNS}, ${rank} AS rank FROM Phrase p ${whereSql}
        ORDER BY ${order} LIMIT ${params.pageSize} OFFSET ${offset}`),
      rows<{ n: unknown }>(sql`SELECT count(*) AS n FROM Phrase p ${whereSql}`),
    ]);
    items = r;
    total = num(n[0]?.n);
  }
  const summaries = items.map((r) => ({ ...toSummary(r), exact: query ? num(r.rank) === 0 : false }));
  return { ...paged(summaries, total, params.page, params.pageSize), sort, query };
}

/**
 * The phrases most often quoted, then most used: how often a text sets a phrase
 * in quotation marks is what marks it as a formulation (a word quoted once for
 * emphasis may be used everywhere else).
 */
export async function topPhrases(limit = 24): Promise<PhraseSummary[]> {
  const r = await rows<PhraseRow>(sql`SELECT ${SUMMARY_COLUMNS} FROM Phrase p WHERE ${join(curatedWhere({}), ' AND ')}
    ORDER BY p.quotedCount DESC, p.occurrenceCount DESC, p.id LIMIT ${limit}`);
  return r.map(toSummary);
}

/** The entry a wording is filed under (either script), following merges; null if none. */
export async function findPhraseId(text: string): Promise<number | null> {
  const key = phraseKey(text);
  if (!key) return null;
  const r = await rows<{ id: unknown; mergedIntoId: unknown; status: string }>(sql`SELECT id, mergedIntoId, status FROM Phrase WHERE key = ${key}`);
  const p = r[0];
  if (!p) return null;
  return p.mergedIntoId != null ? num(p.mergedIntoId) : num(p.id);
}

export interface DocumentRef {
  id: number;
  title: string;
  date: string | null;
}

export interface PhraseEntry extends PhraseSummary {
  key: string;
  pinyinAuto: string;
  pinyinOverride: string | null;
  kindSource: string;
  origin: string;
  translation: string | null;
  definition: string | null;
  version: number;
  updatedAt: Date;
  /** The entry this one was merged into (its page redirects there). */
  mergedIntoId: number | null;
  forms: Array<{ form: string; count: number }>;
  firstDocument: DocumentRef | null;
  lastDocument: DocumentRef | null;
}

/** One entry with its forms and first/latest documents (deduplicated per request). */
export const getPhrase = cache(loadPhrase);

async function loadPhrase(id: number): Promise<PhraseEntry | null> {
  // Raw SQL: the entry page is the hottest path, and one joined read beats three ORM calls.
  const [found, forms] = await Promise.all([
    rows<PhraseRow & {
      key: string; kindSource: string; origin: string; translation: string | null; definition: string | null;
      version: unknown; updatedAt: unknown; firstDocumentId: unknown; lastDocumentId: unknown; mergedIntoId: unknown;
      firstTitle: string | null; firstDocDate: string | null; lastTitle: string | null; lastDocDate: string | null;
    }>(sql`
      SELECT ${SUMMARY_COLUMNS}, p.key, p.kindSource, p.origin, p.translation, p.definition, p.version, p.updatedAt,
             p.firstDocumentId, p.lastDocumentId, p.mergedIntoId,
             fd.title AS firstTitle, fd.date AS firstDocDate, ld.title AS lastTitle, ld.date AS lastDocDate
      FROM Phrase p
      LEFT JOIN Document fd ON fd.id = p.firstDocumentId
      LEFT JOIN Document ld ON ld.id = p.lastDocumentId
      WHERE p.id = ${id}`),
    rows<{ form: string; count: unknown }>(sql`SELECT form, count FROM PhraseForm WHERE phraseId = ${id} ORDER BY count DESC, form`),
  ]);
  const p = found[0];
  if (!p) return null;
  const firstId = p.firstDocumentId == null ? null : num(p.firstDocumentId);
  const lastId = p.lastDocumentId == null ? null : num(p.lastDocumentId);
  return {
    ...toSummary(p),
    key: p.key,
    pinyinAuto: p.pinyin,
    pinyinOverride: p.pinyinOverride,
    kindSource: p.kindSource,
    origin: p.origin,
    translation: p.translation,
    definition: p.definition,
    version: num(p.version),
    updatedAt: toDate(p.updatedAt),
    mergedIntoId: p.mergedIntoId == null ? null : num(p.mergedIntoId),
    forms: forms.map((f) => ({ form: f.form, count: num(f.count) })),
    firstDocument: firstId != null && p.firstTitle != null ? { id: firstId, title: p.firstTitle, date: p.firstDocDate } : null,
    lastDocument: lastId != null && p.lastTitle != null ? { id: lastId, title: p.lastTitle, date: p.lastDocDate } : null,
  };
}

// ---------------------------------------------------------------------------
// Concordance

/** Lines per concordance page (the entry page's largest part). */
export const CONCORDANCE_PAGE_SIZE = 30;

const yearParam = (name: string) =>
  z.coerce.number({ message: `${name}: a year` }).int(`${name}: a year`).min(1000, `${name}: a year`).max(9999, `${name}: a year`);

export const CONCORDANCE_SORTS = ['date', 'left', 'right'] as const;

export const concordanceParams = z
  .object({
    document: z.coerce.number({ message: 'document: a document id' }).int('document: a document id').positive('document: a document id').optional(),
    section: z.coerce.number({ message: 'section: a section id' }).int('section: a section id').positive('section: a section id').optional(),
    /** Document date order: oldest first (default) or newest first. */
    order: z.enum(['oldest', 'newest'], { message: 'order: oldest or newest' }).optional().default('oldest'),
    /** Years of the documents' dates, inclusive. */
    from: yearParam('from').optional(),
    to: yearParam('to').optional(),
    collection: z.string().trim().max(300, 'collection: too long').optional(),
    genre: z.enum(GENRES, { message: `genre: one of ${GENRES.join(', ')}` }).optional(),
    quoted: z.enum(['quoted', 'unquoted'], { message: 'quoted: quoted or unquoted' }).optional(),
    /** By date, or by the characters nearest the hit on the left or on the right. */
    sort: z.enum(CONCORDANCE_SORTS, { message: `sort: one of ${CONCORDANCE_SORTS.join(', ')}` }).optional().default('date'),
    /** Identical sentences as one line with their count. */
    collapse: z
      .union([z.boolean(), z.enum(['1', '0'], { message: 'collapse: 1 or 0' })])
      .optional()
      .transform((v) => v === true || v === '1'),
    page: z.coerce.number({ message: 'page: a positive integer' }).int('page: a positive integer').min(1, 'page: a positive integer').max(1000000, 'page: too large').optional().default(1),
    pageSize: z.coerce.number().int().min(1).max(200, 'pageSize: at most 200').optional().default(CONCORDANCE_PAGE_SIZE),
  })
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'from is after to.', path: ['from'] });
export type ConcordanceParams = z.input<typeof concordanceParams>;
export type ConcordanceQuery = z.output<typeof concordanceParams>;

export interface ConcordanceLine {
  occurrenceId: number;
  sentenceId: number;
  sentence: string;
  start: number;
  end: number;
  quoted: boolean;
  document: DocumentRef;
  sectionId: number | null;
  sectionPath: string[];
  /** The reading-view URL of the sentence. */
  href: string;
  /** With collapse: how many uses this line stands for (identical sentences). */
  count?: number;
}

/**
 * The reading-view URL of a sentence. Sections and sentences are addressed by
 * their position in the document (1-based), not by row ids: positions survive
 * re-ingesting the document, ids do not.
 */
export function sentenceHref(documentId: number, sectionOrdinal: number | null, sentenceOrdinal: number): string {
  return sectionOrdinal != null
    ? `/documents/${documentId}/sections/${sectionOrdinal + 1}#s-${sentenceOrdinal + 1}`
    : `/documents/${documentId}/text#s-${sentenceOrdinal + 1}`;
}

/** Ids of a section and all its descendants (the outline is small: read it whole). */
export async function sectionSubtree(sectionId: number): Promise<{ documentId: number; ids: number[] } | null> {
  const s = await prisma.section.findUnique({ where: { id: sectionId }, select: { documentId: true } });
  if (!s) return null;
  const all = await prisma.section.findMany({
    where: { documentId: s.documentId },
    select: { id: true, parentId: true },
  });
  const children = new Map<number, number[]>();
  for (const x of all) {
    if (x.parentId == null) continue;
    const list = children.get(x.parentId) ?? [];
    list.push(x.id);
    children.set(x.parentId, list);
  }
  const ids: number[] = [];
  const stack = [sectionId];
  while (stack.length) {
    const id = stack.pop()!;
    ids.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return { documentId: s.documentId, ids };
}

interface ConcordanceRow {
  occurrenceId: unknown;
  sentenceId: unknown;
  start: unknown;
  end: unknown;
  quoted: unknown;
  documentId: unknown;
  sectionId: unknown;
  sentenceOrdinal: unknown;
  sectionOrdinal: unknown;
  text: string;
  title: string;
  date: string | null;
  path: string | null;
}

type PhraseState = Pick<PhraseEntry, 'id' | 'occurrenceCount' | 'documentCount' | 'lastDate' | 'updatedAt'>;
type ParsedConcordance = z.output<typeof concordanceParams>;

/** Whether the parameters filter by document metadata (year, collection, genre). */
function hasMetaFilter(p: ParsedConcordance): boolean {
  return p.from !== undefined || p.to !== undefined || Boolean(p.collection) || Boolean(p.genre);
}

/** A test of a document against the year, collection and genre filters. */
export function documentFilter(corpus: Corpus | null, p: Pick<ParsedConcordance, 'from' | 'to' | 'collection' | 'genre'>): (documentId: number) => boolean {
  if (!corpus) return () => true;
  return (id) => {
    const d = corpus.byId.get(id);
    if (!d) return false;
    if ((p.from !== undefined || p.to !== undefined) && d.year == null) return false;
    if (p.from !== undefined && d.year! < p.from) return false;
    if (p.to !== undefined && d.year! > p.to) return false;
    if (p.collection && d.collection !== p.collection) return false;
    if (p.genre && d.genre !== p.genre) return false;
    return true;
  };
}

/**
 * One page of a phrase's keyword-in-context lines. In date order without
 * collapsing, pages are read from the database per document on the
 * (phraseId, documentId, sentenceId) index; sorted by context or collapsed,
 * from the phrase's sort keys (computed once per phrase state, see phraseLineKeys).
 */
export async function getConcordance(phrase: PhraseState, input: ConcordanceParams = {}): Promise<Paged<ConcordanceLine>> {
  const params = concordanceParams.parse(input);
  const offset = (params.page - 1) * params.pageSize;
  const corpus = hasMetaFilter(params) || params.sort !== 'date' || params.collapse ? await getCorpus() : null;
  const docOk = documentFilter(hasMetaFilter(params) ? corpus : null, params);
  const quotedSql = params.quoted ? sql` AND o.quoted = ${params.quoted === 'quoted' ? 1 : 0}` : empty;
  let sub: { documentId: number; ids: number[] } | null = null;
  if (params.section) {
    sub = await sectionSubtree(params.section);
    if (!sub || (params.document && sub.documentId !== params.document)) return paged([], 0, params.page, params.pageSize);
  }
  if (params.sort !== 'date' || params.collapse) {
    return keyedConcordance(phrase, params, corpus!, docOk, sub);
  }
  const columns = sql`o.id, o.sentenceId, o.start, o."end", o.quoted, o.documentId, o.sectionId`;
  let inner: ReturnType<typeof sql>;
  let total: number;
  if (sub || params.document) {
    // Within one document: sentence order, paged on the (phraseId, documentId, sentenceId) index.
    const documentId = sub ? sub.documentId : params.document!;
    if (!docOk(documentId)) return paged([], 0, params.page, params.pageSize);
    const where = [sql`o.phraseId = ${phrase.id}`, sql`o.documentId = ${documentId}`];
    if (sub) where.push(sql`o.sectionId IN (${join(sub.ids)})`);
    const whereSql = sql`${join(where, ' AND ')}${quotedSql}`;
    inner = sql`SELECT ${columns}, 0 AS pos FROM Occurrence o WHERE ${whereSql}
      ORDER BY o.sentenceId, o.id LIMIT ${params.pageSize} OFFSET ${offset}`;
    total = num((await rows<{ n: unknown }>(sql`SELECT count(*) AS n FROM Occurrence o WHERE ${whereSql}`))[0]?.n);
  } else {
    // Across documents in date order. The per-document counts (cached) say which
    // documents the page spans; each is then read on the index with its own
    // LIMIT/OFFSET, so no page ever sorts or skips over all of a phrase's rows.
    const countOf = (d: { count: number; quoted: number }) =>
      params.quoted === 'quoted' ? d.quoted : params.quoted === 'unquoted' ? d.count - d.quoted : d.count;
    const docs = (await phraseDocumentOrder(phrase)).filter((d) => docOk(d.id)).map((d) => ({ ...d, count: countOf(d) })).filter((d) => d.count > 0);
    // Undated documents come last in either order.
    const list =
      params.order === 'newest' ? [...docs.filter((d) => d.dated).reverse(), ...docs.filter((d) => !d.dated)] : docs;
    total = docs.reduce((a, d) => a + d.count, 0);
    let skip = offset;
    let i = 0;
    while (i < list.length && skip >= list[i].count) {
      skip -= list[i].count;
      i++;
    }
    const parts: Array<ReturnType<typeof sql>> = [];
    for (let need = params.pageSize; i < list.length && need > 0; i++) {
      const take = Math.min(need, list[i].count - skip);
      // (Every derived table named, and pos typed: PostgreSQL wants both.)
      parts.push(sql`SELECT * FROM (SELECT ${columns}, CAST(${parts.length} AS INTEGER) AS pos FROM Occurrence o
        WHERE o.phraseId = ${phrase.id} AND o.documentId = ${list[i].id}${quotedSql}
        ORDER BY o.sentenceId, o.id LIMIT ${take} OFFSET ${skip}) AS part`);
      need -= take;
      skip = 0;
    }
    if (parts.length === 0) return paged([], total, params.page, params.pageSize);
    inner = join(parts, ' UNION ALL ');
  }
  const items = await concordanceLines(sql`SELECT * FROM (${inner}) AS page`, sql`o.pos, o.sentenceId, o.id`);
  return paged(items, total, params.page, params.pageSize);
}

/** The lines of a page: `inner` yields occurrence columns (and pos), `order` sorts them. */
async function concordanceLines(inner: ReturnType<typeof sql>, order: ReturnType<typeof sql>): Promise<ConcordanceLine[]> {
  const lines = await rows<ConcordanceRow & { pos: unknown }>(sql`
    SELECT o.id AS occurrenceId, o.sentenceId, o.start, o."end" AS "end", o.quoted, o.documentId, o.sectionId, o.pos,
           s.text, s.ordinal AS sentenceOrdinal, sec.ordinal AS sectionOrdinal, d.title, d.date, sec.path
    FROM (${inner}) o
    JOIN Sentence s ON s.id = o.sentenceId
    JOIN Document d ON d.id = o.documentId
    LEFT JOIN Section sec ON sec.id = o.sectionId
    ORDER BY ${order}`);
  return lines.map((r): ConcordanceLine => {
    const documentId = num(r.documentId);
    const sentenceId = num(r.sentenceId);
    const sectionId = r.sectionId == null ? null : num(r.sectionId);
    return {
      occurrenceId: num(r.occurrenceId),
      sentenceId,
      sentence: r.text,
      start: num(r.start),
      end: num(r.end),
      quoted: bool(r.quoted),
      document: { id: documentId, title: r.title, date: r.date },
      sectionId,
      sectionPath: parsePath(r.path),
      href: sentenceHref(documentId, r.sectionOrdinal == null ? null : num(r.sectionOrdinal), num(r.sentenceOrdinal)),
    };
  });
}

/** Characters of context the sort keys hold on each side of the hit. */
export const SORT_CONTEXT = 16;

/** Every use of a phrase in date order with what sorting and collapsing need. */
export interface PhraseLineKeys {
  occurrenceIds: Int32Array;
  documentIds: Int32Array;
  sectionIds: Int32Array;
  quoted: Uint8Array;
  /** The folded characters nearest the hit, leftwards (reversed) and rightwards. */
  left: string[];
  right: string[];
  /** Same number = identical sentence (folded). */
  lineGroup: Int32Array;
}

const QUOTE_EDGE = /^[“”「」『』‘’"《》]/;

/** A phrase's figures change with every ingest or edit that touches it: they key the caches below. */
function cacheKey(p: Pick<PhraseEntry, 'id' | 'occurrenceCount' | 'documentCount' | 'lastDate' | 'updatedAt'>): string {
  return `${p.id}:${p.occurrenceCount}:${p.documentCount}:${p.lastDate}:${p.updatedAt.getTime()}`;
}

const keysCache = new Lru<PhraseLineKeys>(48, 10 * 60_000);

/** The phrase's sort keys, computed in one indexed read per phrase state and cached. */
export async function phraseLineKeys(phrase: PhraseState, corpus: Corpus): Promise<PhraseLineKeys> {
  return keysCache.getOrCompute(`${cacheKey(phrase)}:${corpus.signature}`, async () => {
    const r = await rows<{ id: number; documentId: number; sectionId: number | null; sentenceId: number; quoted: unknown; start: number; end: number; text: string }>(sql`
      SELECT o.id, o.documentId, o.sectionId, o.sentenceId, o.quoted, o.start, o."end" AS "end", s.text
      FROM Occurrence o JOIN Sentence s ON s.id = o.sentenceId WHERE o.phraseId = ${phrase.id}`);
    const position = new Map<number, number>();
    corpus.documents.forEach((d, i) => position.set(d.id, i));
    r.sort((a, b) => (position.get(num(a.documentId)) ?? 1e9) - (position.get(num(b.documentId)) ?? 1e9) || num(a.sentenceId) - num(b.sentenceId) || num(a.id) - num(b.id));
    const n = r.length;
    const keys: PhraseLineKeys = {
      occurrenceIds: new Int32Array(n),
      documentIds: new Int32Array(n),
      sectionIds: new Int32Array(n),
      quoted: new Uint8Array(n),
      left: new Array(n),
      right: new Array(n),
      lineGroup: new Int32Array(n),
    };
    const groups = new Map<string, number>();
    r.forEach((x, i) => {
      const folded = foldToSimplified(x.text);
      const start = num(x.start);
      const end = num(x.end);
      keys.occurrenceIds[i] = num(x.id);
      keys.documentIds[i] = num(x.documentId);
      keys.sectionIds[i] = x.sectionId == null ? -1 : num(x.sectionId);
      keys.quoted[i] = bool(x.quoted) ? 1 : 0;
      // The quotation marks around a quoted use are not its context.
      keys.left[i] = [...folded.slice(Math.max(0, start - SORT_CONTEXT - 1), start)].reverse().join('').replace(QUOTE_EDGE, '');
      keys.right[i] = folded.slice(end, end + SORT_CONTEXT + 1).replace(QUOTE_EDGE, '');
      let g = groups.get(folded);
      if (g === undefined) groups.set(folded, (g = groups.size));
      keys.lineGroup[i] = g;
    });
    return keys;
  });
}

/** The concordance sorted by context and/or collapsed, paged from the phrase's sort keys. */
async function keyedConcordance(
  phrase: PhraseState,
  params: ParsedConcordance,
  corpus: Corpus,
  docOk: (id: number) => boolean,
  sub: { documentId: number; ids: number[] } | null,
): Promise<Paged<ConcordanceLine>> {
  const keys = await phraseLineKeys(phrase, corpus);
  const sections = sub ? new Set(sub.ids) : null;
  const documentId = sub ? sub.documentId : params.document;
  const wantQuoted = params.quoted === 'quoted' ? 1 : params.quoted === 'unquoted' ? 0 : -1;
  let picked: number[] = [];
  const docCache = new Map<number, boolean>();
  for (let i = 0; i < keys.occurrenceIds.length; i++) {
    const d = keys.documentIds[i];
    if (documentId !== undefined && d !== documentId) continue;
    if (sections && !sections.has(keys.sectionIds[i])) continue;
    if (wantQuoted >= 0 && keys.quoted[i] !== wantQuoted) continue;
    let ok = docCache.get(d);
    if (ok === undefined) docCache.set(d, (ok = docOk(d)));
    if (ok) picked.push(i);
  }
  if (params.sort === 'date' && params.order === 'newest') {
    // Newest documents first, a document's lines in reading order; undated last.
    const dated = (i: number) => corpus.byId.get(keys.documentIds[i])?.date != null;
    const byDoc: number[][] = [];
    for (const i of picked.filter(dated)) {
      const last = byDoc[byDoc.length - 1];
      if (last && keys.documentIds[last[0]] === keys.documentIds[i]) last.push(i);
      else byDoc.push([i]);
    }
    picked = [...byDoc.reverse().flat(), ...picked.filter((i) => !dated(i))];
  }
  let counts: Map<number, number> | null = null;
  if (params.collapse) {
    counts = new Map();
    const first = new Map<number, number>();
    for (const i of picked) {
      const g = keys.lineGroup[i];
      if (!first.has(g)) first.set(g, i);
      counts.set(first.get(g)!, (counts.get(first.get(g)!) ?? 0) + 1);
    }
    picked = [...first.values()];
  }
  if (params.sort !== 'date') {
    const k = params.sort === 'left' ? keys.left : keys.right;
    picked.sort((a, b) => (k[a] < k[b] ? -1 : k[a] > k[b] ? 1 : a - b));
  } else if (counts) {
    // Collapsed in date order: the most repeated lines first.
    picked.sort((a, b) => counts!.get(b)! - counts!.get(a)! || a - b);
  }
  const offset = (params.page - 1) * params.pageSize;
  const page = picked.slice(offset, offset + params.pageSize);
  if (page.length === 0) return paged([], picked.length, params.page, params.pageSize);
  const ids = page.map((i) => keys.occurrenceIds[i]);
  const positionOf = new Map(ids.map((id, p) => [id, p]));
  const lines = await concordanceLines(sql`SELECT o.*, 0 AS pos FROM Occurrence o WHERE o.id IN (${join(ids)})`, sql`o.id`);
  lines.sort((a, b) => positionOf.get(a.occurrenceId)! - positionOf.get(b.occurrenceId)!);
  if (counts) {
    const countById = new Map(page.map((i) => [keys.occurrenceIds[i], counts!.get(i)!]));
    for (const l of lines) l.count = countById.get(l.occurrenceId);
  }
  return paged(lines, picked.length, params.page, params.pageSize);
}

const orderCache = new Lru<Array<{ id: number; count: number; quoted: number; dated: boolean }>>(500, 10 * 60_000);

/**
 * Every document a phrase occurs in, oldest first (undated last), with its count
 * and how many of those uses are quoted: one GROUP BY on the covering index,
 * cached per phrase state.
 */
export async function phraseDocumentOrder(
  p: PhraseState,
): Promise<Array<{ id: number; count: number; quoted: number; dated: boolean }>> {
  return orderCache.getOrCompute(cacheKey(p), async () => {
    const r = await rows<{ id: unknown; n: unknown; q: unknown; dated: unknown }>(sql`
      SELECT c.documentId AS id, c.n, c.q, d.date IS NOT NULL AS dated FROM
        (SELECT documentId, count(*) AS n, sum(quoted) AS q FROM Occurrence WHERE phraseId = ${p.id} GROUP BY documentId) c
      JOIN Document d ON d.id = c.documentId
      ORDER BY d.date IS NULL, d.date, d.id`);
    return r.map((x) => ({ id: num(x.id), count: num(x.n), quoted: num(x.q), dated: bool(x.dated) }));
  });
}

const documentsCache = new Lru<Array<DocumentRef & { count: number }>>(500, 10 * 60_000);

/**
 * The documents a phrase occurs in most, for the concordance filter (cached like
 * the other per-phrase aggregates: a top phrase has tens of thousands of rows).
 */
export async function phraseTopDocuments(
  p: Pick<PhraseEntry, 'id' | 'occurrenceCount' | 'documentCount' | 'lastDate' | 'updatedAt'>,
  limit = 60,
): Promise<Array<DocumentRef & { count: number }>> {
  return documentsCache.getOrCompute(`${cacheKey(p)}:${limit}`, () => phraseDocuments(p.id, limit));
}

/** Documents a phrase occurs in, most occurrences first. */
export async function phraseDocuments(phraseId: number, limit = 200): Promise<Array<DocumentRef & { count: number }>> {
  const r = await rows<{ id: unknown; title: string; date: string | null; n: unknown }>(sql`
    SELECT d.id, d.title, d.date, c.n FROM
      (SELECT documentId, count(*) AS n FROM Occurrence WHERE phraseId = ${phraseId}
       GROUP BY documentId ORDER BY n DESC, documentId LIMIT ${limit}) c
    JOIN Document d ON d.id = c.documentId ORDER BY c.n DESC, d.date DESC, d.id`);
  return r.map((x) => ({ id: num(x.id), title: x.title, date: x.date, count: num(x.n) }));
}

/** Sections of one document where a phrase occurs (for the concordance filter). */
export async function phraseSections(
  phraseId: number,
  documentId: number,
): Promise<Array<{ id: number; depth: number; path: string[]; count: number }>> {
  const r = await rows<{ id: unknown; depth: unknown; path: string; n: unknown }>(sql`
    SELECT s.id, s.depth, s.path, c.n FROM
      (SELECT sectionId, count(*) AS n FROM Occurrence WHERE phraseId = ${phraseId} AND documentId = ${documentId}
       AND sectionId IS NOT NULL GROUP BY sectionId) c
    JOIN Section s ON s.id = c.sectionId ORDER BY s.ordinal`);
  return r.map((x) => ({ id: num(x.id), depth: num(x.depth), path: parsePath(x.path), count: num(x.n) }));
}

// ---------------------------------------------------------------------------
// Use over time

// ---------------------------------------------------------------------------
// Collocates

export interface Collocate {
  phrase: PhraseSummary;
  /** Sentences where both phrases occur (not overlapping each other). */
  sentences: number;
  /** logDice = 14 + log2(2·f(x,y) / (f(x) + f(y))), f = uses; at most 14. */
  logDice: number;
}

/** The fewest shared sentences a collocate needs, by how often the phrase is used. */
export function collocateMinimum(occurrenceCount: number): number {
  return occurrenceCount >= 100 ? 3 : occurrenceCount >= 10 ? 2 : 1;
}

export function logDice(together: number, fx: number, fy: number): number {
  return fx + fy > 0 && together > 0 ? Math.round((14 + Math.log2((2 * together) / (fx + fy))) * 100) / 100 : 0;
}

const collocatesCache = new Lru<Collocate[]>(500, 10 * 60_000);

/**
 * The glossary phrases that share sentences with this one, ranked by logDice
 * (an association measure that does not reward a partner for being frequent
 * everywhere), among those sharing at least `minimum` sentences. A phrase
 * inside this one's span (社会主义 within 中国特色社会主义) does not count.
 */
export async function getCollocates(
  p: Pick<PhraseEntry, 'id' | 'occurrenceCount' | 'documentCount' | 'lastDate' | 'updatedAt'>,
  limit = 16,
  minimum = collocateMinimum(p.occurrenceCount),
): Promise<Collocate[]> {
  return collocatesCache.getOrCompute(`${cacheKey(p)}:${limit}:${minimum}`, async () => {
    const r = await rows<{ phraseId: unknown; n: unknown }>(sql`
      SELECT o2.phraseId, count(DISTINCT o2.sentenceId) AS n
      FROM Occurrence o1 JOIN Occurrence o2 ON o2.sentenceId = o1.sentenceId
      WHERE o1.phraseId = ${p.id} AND o2.phraseId <> ${p.id} AND (o2."end" <= o1.start OR o2.start >= o1."end")
      GROUP BY o2.phraseId HAVING count(DISTINCT o2.sentenceId) >= ${minimum}`);
    if (r.length === 0) return [];
    const together = new Map(r.map((x) => [num(x.phraseId), num(x.n)]));
    const phrases: PhraseRow[] = [];
    const ids = [...together.keys()];
    for (let i = 0; i < ids.length; i += 5000) {
      phrases.push(...(await rows<PhraseRow>(sql`SELECT ${SUMMARY_COLUMNS} FROM Phrase p WHERE p.id IN (${join(ids.slice(i, i + 5000))})`)));
    }
    return phrases
      .map((x) => {
        const s = toSummary(x);
        const n = together.get(s.id)!;
        return { phrase: s, sentences: n, logDice: logDice(n, p.occurrenceCount, s.occurrenceCount) };
      })
      .sort((a, b) => b.logDice - a.logDice || b.sentences - a.sentences || a.phrase.id - b.phrase.id)
      .slice(0, limit);
  });
}
