/**
 * Imports an existing glossary (TBX, or CSV with term, translation, definition
 * columns) into the editor fields. Terms are matched by the phrase identity
 * (the simplified fold without spaces); every write is an editor revision
 * (lib/editing); an editor's text is never replaced unless `overwrite`.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { phraseKey } from '../ingest/extract';

export interface GlossaryEntry {
  /** Chinese terms of the entry (any script). */
  terms: string[];
  translation: string | null;
  definition: string | null;
}

export class GlossaryFormatError extends Error {}

const HAN = /\p{Script=Han}/u;

function texts(v: unknown): string[] {
  if (v == null) return [];
  if (Array.isArray(v)) return v.flatMap(texts);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return '#text' in o ? texts(o['#text']) : [];
  }
  return [String(v).trim()].filter(Boolean);
}

function asArray<T>(v: T | T[] | undefined): T[] {
  return v == null ? [] : Array.isArray(v) ? v : [v];
}

type Node = Record<string, unknown>;

/** Descrips of a type directly in a node or in its descripGrps. */
function descrips(node: Node, type: string): string[] {
  const all = [...asArray(node.descrip as Node | Node[]), ...asArray(node.descripGrp as Node | Node[]).flatMap((g) => asArray(g.descrip as Node | Node[]))];
  return all.filter((d) => d && typeof d === 'object' && d['@type'] === type).flatMap((d) => texts(d));
}

/** The entries of a TBX file (any TBX v2/v3 dialect): zh terms, the first other-language term, the first definition. */
export function parseTbx(xml: string): GlossaryEntry[] {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', removeNSPrefix: true, parseTagValue: false, trimValues: true });
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (e) {
    throw new GlossaryFormatError(`Not well-formed XML: ${(e as Error).message}`);
  }
  const root = (doc.tbx ?? doc.martif) as Node | undefined;
  if (!root) throw new GlossaryFormatError('Not a TBX file: the root element is neither <tbx> nor <martif>.');
  const body = ((root.text as Node | undefined)?.body ?? {}) as Node;
  const concepts = [...asArray(body.conceptEntry as Node | Node[]), ...asArray(body.termEntry as Node | Node[])];
  return concepts.map((c) => {
    const terms: string[] = [];
    let translation: string | null = null;
    let definition: string | null = descrips(c, 'definition')[0] ?? null;
    for (const ls of [...asArray(c.langSec as Node | Node[]), ...asArray(c.langSet as Node | Node[])]) {
      const lang = String(ls['@lang'] ?? ls['@xml:lang'] ?? '').toLowerCase();
      const secTerms = [...asArray(ls.termSec as Node | Node[]), ...asArray(ls.tig as Node | Node[]), ...asArray(ls.ntig as Node | Node[])].flatMap((t) =>
        texts(t.term ?? (t.termGrp as Node | undefined)?.term),
      );
      if (lang.startsWith('zh')) terms.push(...secTerms);
      else if (!translation && secTerms[0]) translation = secTerms[0];
      definition ??= descrips(ls, 'definition')[0] ?? null;
    }
    return { terms: [...new Set(terms)], translation, definition };
  });
}

/** CSV with a header naming term (or zh), translation (or en) and definition columns. */
export function parseGlossaryCsv(text: string): GlossaryEntry[] {
  let records: Array<Record<string, string>>;
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''), { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (e) {
    throw new GlossaryFormatError(`Not readable as CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) return [];
  const cols = Object.keys(records[0]);
  const termCol = cols.find((c) => c === 'term' || c === 'zh' || c === 'chinese');
  if (!termCol) throw new GlossaryFormatError(`The CSV needs a "term" column (it has: ${cols.join(', ')}).`);
  const trCol = cols.find((c) => c === 'translation' || c === 'en' || c === 'english');
  const defCol = cols.find((c) => c === 'definition');
  return records.map((r) => ({
    terms: r[termCol] ? [r[termCol]] : [],
    translation: (trCol && r[trCol]) || null,
    definition: (defCol && r[defCol]) || null,
  }));
}

export interface ImportReport {
  entries: number;
  /** Entries whose term matched a phrase. */
  matched: number;
  /** Phrases whose editor fields were written (one revision each). */
  updated: Array<{ id: number; term: string; fields: string[] }>;
  /** Fields left as the editor wrote them (different text, no overwrite). */
  kept: Array<{ id: number; term: string; field: string }>;
  /** Terms that matched no phrase. */
  unmatched: string[];
}

export interface ImportOptions {
  overwrite?: boolean;
  /** Who the revisions are by: the editor account running the import. */
  author: string;
  dryRun?: boolean;
}

/** Editor-field writes through lib/editing (injected so the planner is testable on its own). */
export interface ImportTarget {
  findByKey(key: string): Promise<{ id: number; version: number; translation: string | null; definition: string | null } | null>;
  save(input: { id: number; version: number; author: string; translation?: string; definition?: string }): Promise<{ ok: boolean; message?: string }>;
}

export async function importGlossary(entries: GlossaryEntry[], target: ImportTarget, options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { entries: entries.length, matched: 0, updated: [], kept: [], unmatched: [] };
  for (const e of entries) {
    const zh = e.terms.filter((t) => HAN.test(t));
    let found: Awaited<ReturnType<ImportTarget['findByKey']>> = null;
    let term = zh[0] ?? e.terms[0] ?? '';
    for (const t of zh) {
      found = await target.findByKey(phraseKey(t));
      if (found) {
        term = t;
        break;
      }
    }
    if (!found) {
      if (term) report.unmatched.push(term);
      continue;
    }
    report.matched++;
    const changes: { translation?: string; definition?: string } = {};
    for (const field of ['translation', 'definition'] as const) {
      const incoming = e[field]?.trim();
      if (!incoming) continue;
      const current = found[field]?.trim() ?? '';
      if (current === incoming) continue;
      if (current && !options.overwrite) {
        report.kept.push({ id: found.id, term, field });
        continue;
      }
      changes[field] = incoming;
    }
    const fields = Object.keys(changes);
    if (fields.length === 0) continue;
    if (!options.dryRun) {
      const r = await target.save({ id: found.id, version: found.version, author: options.author, ...changes });
      if (!r.ok) throw new Error(`Saving ${term} failed: ${r.message ?? 'unknown error'}`);
    }
    report.updated.push({ id: found.id, term, fields });
  }
  return report;
}
