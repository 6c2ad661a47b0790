/**
 * Full-text search for the search page and GET /api/search: validated
 * parameters in, one page of keyword-in-context lines out. The engine
 * (lib/search/engine.ts) finds and counts; this module fetches the page's
 * sentences, documents and sections.
 */
import { z } from 'zod';
import { currentIndex, fetchHitRows, phraseIdForKey, sectionRankRange, type SearchResult } from '@/lib/search/engine';
import { foldToSimplified } from '@/lib/text/script';
import { sentenceHref } from './phrases';

/** A real date as precise as wanted: 2024, 2024-03 or 2024-03-05. */
function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  if (m !== undefined && (m < 1 || m > 12)) return false;
  if (d !== undefined) {
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (d < 1 || d > days) return false;
  }
  return true;
}

const datePrefix = z
  .string()
  .trim()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'Dates are YYYY, YYYY-MM or YYYY-MM-DD.')
  .refine(isRealDate, 'That date does not exist.');

export const searchParams = z
  .object({
    q: z
      .string({ error: 'Type something to search for.' })
      .trim()
      .min(1, 'Type something to search for.')
      .max(100, 'Search for at most 100 characters.'),
    document: z.coerce.number().int().positive('document must be a document id.').optional(),
    section: z.coerce.number().int().positive('section must be a section id.').optional(),
    from: datePrefix.optional(),
    to: datePrefix.optional(),
    page: z.coerce.number().int().min(1, 'page starts at 1.').max(100000).default(1),
    order: z.enum(['asc', 'desc'], { error: 'order is asc or desc.' }).default('asc'),
  })
  .refine((p) => !p.from || !p.to || p.from.slice(0, p.to.length) <= p.to, { message: 'from is after to.', path: ['from'] });

export type SearchParams = z.input<typeof searchParams>;

export interface SearchLine {
  sentenceId: number;
  sentence: string;
  /** The first match, for the keyword-in-context line. */
  start: number;
  end: number;
  /** Every match in the sentence. */
  matches: Array<[number, number]>;
  document: { id: number; title: string; date: string | null };
  sectionId: number | null;
  sectionPath: string[];
  href: string;
}

/** The engine's figures (total sentences, uses, documents, paging) with the page's lines. */
export interface SearchPage extends Omit<SearchResult, 'hits'> {
  pages: number;
  lines: SearchLine[];
  /** The glossary entry for exactly this string, if there is one. */
  phraseId: number | null;
  /** False while nothing has been ingested (no index yet). */
  indexed: boolean;
}

export const SEARCH_PAGE_SIZE = 25;

export async function searchText(input: z.output<typeof searchParams>): Promise<SearchPage> {
  const index = currentIndex();
  const folded = foldToSimplified(input.q).replace(/\s+/g, '');
  const phraseId = phraseIdForKey(folded);
  if (!index) {
    return { query: input.q, folded, total: 0, occurrences: 0, documents: 0, page: 1, pageSize: SEARCH_PAGE_SIZE, pages: 0, lines: [], phraseId, indexed: false };
  }
  const sectionRange = input.section !== undefined ? sectionRankRange(index, input.section) ?? ([0, 0] as [number, number]) : null;
  const result = index.search(
    input.q,
    { documentId: input.document, from: input.from, to: input.to, page: input.page, pageSize: SEARCH_PAGE_SIZE, order: input.order },
    sectionRange,
  );
  const ids = result.hits.map((h) => h.sentenceId);
  const rows = fetchHitRows(ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const lines: SearchLine[] = [];
  for (const h of result.hits) {
    const r = byId.get(h.sentenceId);
    if (!r || h.matches.length === 0) continue;
    lines.push({
      sentenceId: r.id,
      sentence: r.text,
      start: h.matches[0][0],
      end: h.matches[0][1],
      matches: h.matches,
      document: { id: r.documentId, title: r.title, date: r.date },
      sectionId: r.sectionId,
      sectionPath: r.path ? (JSON.parse(r.path) as string[]) : [],
      href: sentenceHref(r.documentId, r.sectionOrdinal, r.ordinal),
    });
  }
  return {
    query: input.q,
    folded: result.folded,
    total: result.total,
    occurrences: result.occurrences,
    documents: result.documents,
    page: result.page,
    pageSize: result.pageSize,
    pages: Math.ceil(result.total / result.pageSize),
    lines,
    phraseId,
    indexed: true,
  };
}
