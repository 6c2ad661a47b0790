/**
 * Full-text search for the search page and GET /api/search: validated
 * parameters in, one page of keyword-in-context lines out. The engine
 * (lib/search/engine.ts) finds and counts; this module fetches the page's
 * sentences, documents and sections.
 */
import { z } from 'zod';
import { readyIndex, fetchHitRows, phraseIdForKey, sectionRankRange, type SearchIndex, type SearchResult } from '@/lib/search/engine';
import { alternativeRegex, longestLiteral, parseQuery, QuerySyntaxError, searchPattern, WILDCARD_MAX, type ParsedQuery } from '@/lib/search/pattern';
import { likeEscape } from './query';
import { num, rows, sql } from './db';
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
      .max(100, 'Search for at most 100 characters.')
      .superRefine((q, ctx) => {
        try {
          parseQuery(q);
        } catch (e) {
          if (!(e instanceof QuerySyntaxError)) throw e;
          ctx.addIssue({ code: 'custom', message: e.message });
        }
      }),
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
  /** With * ? or |: the glossary entries the whole pattern matches, most used first. */
  entries: Array<{ id: number; text: string; simplified: string; occurrenceCount: number }> | null;
}

export { WILDCARD_MAX };

/** Runs a query (plain or pattern) on the index: one page of hits and the figures. */
export function runQuery(index: SearchIndex, q: string, options: Parameters<SearchIndex['search']>[1], sectionRange: [number, number] | null): SearchResult {
  const parsed = parseQuery(q);
  return parsed.pattern ? searchPattern(index, q, parsed, options, sectionRange) : index.search(parsed.alternatives[0], options, sectionRange);
}

/** Glossary entries whose whole key matches one of the pattern's alternatives. */
async function patternEntries(parsed: ParsedQuery, limit = 60): Promise<NonNullable<SearchPage['entries']>> {
  const found = new Map<number, { id: number; text: string; simplified: string; occurrenceCount: number }>();
  for (const alt of parsed.alternatives) {
    const re = alternativeRegex(alt, true, 'u');
    // A pattern that starts with characters reads a range of the key index; else the keys are scanned.
    const prefix = alt.split(/[*?]/)[0];
    const where = prefix
      ? sql`key >= ${prefix} AND key < ${prefix + '\uffff'}`
      : sql`key LIKE ${'%' + likeEscape(longestLiteral(alt)) + '%'} ESCAPE '\\'`;
    const r = await rows<{ id: unknown; key: string; text: string; simplified: string; occurrenceCount: unknown }>(
      sql`SELECT id, key, text, simplified, occurrenceCount FROM Phrase WHERE ${where} ORDER BY occurrenceCount DESC, id LIMIT 5000`,
    );
    for (const x of r) if (re.test(x.key)) found.set(num(x.id), { id: num(x.id), text: x.text, simplified: x.simplified, occurrenceCount: num(x.occurrenceCount) });
  }
  return [...found.values()].sort((a, b) => b.occurrenceCount - a.occurrenceCount || a.id - b.id).slice(0, limit);
}

export const SEARCH_PAGE_SIZE = 25;

export async function searchText(input: z.output<typeof searchParams>): Promise<SearchPage> {
  const index = await readyIndex();
  const parsed = parseQuery(input.q);
  const folded = parsed.pattern ? parsed.alternatives.join('|') : parsed.alternatives[0];
  const phraseId = parsed.pattern ? null : phraseIdForKey(folded);
  const entries = parsed.pattern ? await patternEntries(parsed) : null;
  if (!index) {
    return { query: input.q, folded, total: 0, occurrences: 0, documents: 0, page: 1, pageSize: SEARCH_PAGE_SIZE, pages: 0, lines: [], phraseId, indexed: false, entries };
  }
  const sectionRange = input.section !== undefined ? sectionRankRange(index, input.section) ?? ([0, 0] as [number, number]) : null;
  const result = runQuery(
    index,
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
    entries,
  };
}
