/**
 * Search syntax over the engine's public API: `*` (any run of up to
 * WILDCARD_MAX characters), `?` (exactly one character), `|` between
 * alternatives, and quotation marks typed around the query ignored.
 * Wildcards match word characters only (never punctuation or spaces), so
 * 两个* stops at the closing quotation mark of “两个确立”.
 *
 * A query without wildcards or alternatives is a plain search (the engine's
 * own path). Otherwise each alternative's longest literal run selects
 * candidates from the index, and each candidate's folded text is verified with
 * the alternative's regular expression, so results and counts stay exact.
 */
import { foldToSimplified } from '../text/script';
import type { SearchIndex, SearchOptions, SearchResult, SearchHitRef } from './engine';

/** The most characters one `*` stands for. */
export const WILDCARD_MAX = 6;

const QUOTES = `"'“”‘’「」『』〝〞＂＇`;
const EDGE_QUOTES = new RegExp(`^[\\s${QUOTES}]+|[\\s${QUOTES}]+$`, 'g');
/** What a wildcard may stand for: letters, digits, Han characters, not punctuation or spaces. */
const WORD = '[\\p{L}\\p{N}]';

export interface ParsedQuery {
  /** The query without the quotation marks around it. */
  text: string;
  /** Folded alternatives, each possibly with * and ?. */
  alternatives: string[];
  /** True when the query uses * ? or |: the pattern path. */
  pattern: boolean;
}

export class QuerySyntaxError extends Error {}

/** Strips quotation marks typed around the whole query (ASCII or Chinese). */
export function stripQuotes(q: string): string {
  return q.replace(EDGE_QUOTES, '');
}

export function parseQuery(q: string): ParsedQuery {
  const text = stripQuotes(q.trim());
  const alternatives = text
    .split(/[|｜]/)
    .map((a) => foldToSimplified(stripQuotes(a.trim())).replace(/\s+/g, '').replace(/＊/g, '*').replace(/？/g, '?'))
    .filter((a) => a.length > 0);
  if (alternatives.length === 0) throw new QuerySyntaxError('Type something to search for.');
  for (const a of alternatives) {
    if (!/[^*?]/.test(a)) throw new QuerySyntaxError('Each alternative needs at least one character besides * and ?.');
  }
  const pattern = alternatives.length > 1 || alternatives.some((a) => /[*?]/.test(a));
  return { text, alternatives: [...new Set(alternatives)], pattern };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The regular expression of one folded alternative (unanchored; `anchored` for whole keys). */
export function alternativeRegex(alt: string, anchored = false, flags = 'gu'): RegExp {
  let src = '';
  for (const ch of alt) {
    if (ch === '*') src += `${WORD}{0,${WILDCARD_MAX}}`;
    else if (ch === '?') src += WORD;
    else src += escapeRegex(ch);
  }
  return new RegExp(anchored ? `^(?:${src})$` : src, flags);
}

/** The longest run of literal characters in an alternative: what selects candidates from the index. */
export function longestLiteral(alt: string): string {
  return alt.split(/[*?]+/).reduce((best, part) => (part.length > best.length ? part : best), '');
}

/** Every non-overlapping match of any alternative in a text, leftmost first (longest at a tie). */
export function matchesIn(text: string, regexes: RegExp[]): Array<[number, number]> {
  const all: Array<[number, number]> = [];
  for (const re of regexes) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      all.push([m.index, m.index + m[0].length]);
    }
  }
  all.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Array<[number, number]> = [];
  for (const m of all) if (out.length === 0 || m[0] >= out[out.length - 1][1]) out.push(m);
  return out;
}

function union(lists: Int32Array[]): Int32Array {
  if (lists.length === 1) return lists[0];
  const set = new Set<number>();
  for (const l of lists) for (let i = 0; i < l.length; i++) set.add(l[i]);
  return Int32Array.from([...set].sort((a, b) => a - b));
}

/** The ranks (ascending) within the filters whose folded text matches the query, and the regexes used. */
export function patternRanks(index: SearchIndex, parsed: ParsedQuery, options: SearchOptions = {}, sectionRange?: [number, number] | null): { ranks: Int32Array; regexes: RegExp[] } {
  const ranges = index.rankRanges(options, sectionRange);
  const regexes = parsed.alternatives.map((a) => alternativeRegex(a));
  const lists = parsed.alternatives.map((alt, k) => {
    const literal = longestLiteral(alt);
    const candidates = index.matchingRanks(literal, ranges);
    if (!/[*?]/.test(alt)) return candidates;
    const re = new RegExp(regexes[k].source, 'u');
    const out = new Int32Array(candidates.length);
    let n = 0;
    for (let i = 0; i < candidates.length; i++) if (re.test(index.foldedText(candidates[i]))) out[n++] = candidates[i];
    return out.subarray(0, n);
  });
  return { ranks: union(lists), regexes };
}

/** The engine's result for a pattern query: sentences, uses and documents, one page of hits. */
export function searchPattern(index: SearchIndex, query: string, parsed: ParsedQuery, options: SearchOptions = {}, sectionRange?: [number, number] | null): SearchResult {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(200, Math.max(1, Math.floor(options.pageSize ?? 20)));
  const { ranks, regexes, occurrences, documents } = tallied(index, parsed, options, sectionRange);
  const total = ranks.length;
  const hits: SearchHitRef[] = [];
  const start = (page - 1) * pageSize;
  for (let i = start; i < Math.min(total, start + pageSize); i++) {
    const rank = options.order === 'desc' ? ranks[total - 1 - i] : ranks[i];
    hits.push({ rank, sentenceId: index.sentenceIdOf(rank), documentId: index.documentOfRank(rank).id, matches: matchesIn(index.foldedText(rank), regexes) });
  }
  return { query, folded: parsed.alternatives.join('|'), total, occurrences, documents, page, pageSize, hits };
}

interface Tally {
  ranks: Int32Array;
  regexes: RegExp[];
  occurrences: number;
  documents: number;
}

/** Results of recent pattern queries per loaded index, so that paging does not redo them. */
const recent = new WeakMap<SearchIndex, Map<string, Tally>>();
const RECENT_MAX = 64;

function tallied(index: SearchIndex, parsed: ParsedQuery, options: SearchOptions, sectionRange?: [number, number] | null): Tally {
  const key = JSON.stringify([parsed.alternatives, options.documentId ?? null, options.from ?? null, options.to ?? null, sectionRange ?? null]);
  let cache = recent.get(index);
  if (!cache) recent.set(index, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const { ranks, regexes } = patternRanks(index, parsed, options, sectionRange);
  let occurrences = 0;
  let documents = 0;
  let docEnd = -1;
  for (let i = 0; i < ranks.length; i++) {
    occurrences += matchesIn(index.foldedText(ranks[i]), regexes).length;
    if (ranks[i] >= docEnd) {
      const d = index.documentOfRank(ranks[i]);
      docEnd = d.firstRank + d.count;
      documents++;
    }
  }
  const t: Tally = { ranks, regexes, occurrences, documents };
  cache.set(key, t);
  if (cache.size > RECENT_MAX) cache.delete(cache.keys().next().value as string);
  return t;
}
