/**
 * The whole glossary as one JSON document or as CSV (one row per occurrence),
 * streamed so that a corpus-sized export does not build one giant string.
 */
import type { Db } from '../db/sqlite';

export interface ExportSection {
  id: number;
  label: string;
  title: string;
  children: ExportSection[];
}

interface SectionRow {
  id: number;
  parentId: number | null;
  label: string;
  title: string;
}

export function sectionTree(rows: SectionRow[]): ExportSection[] {
  const nodes = new Map<number, ExportSection>();
  const roots: ExportSection[] = [];
  for (const r of rows) nodes.set(r.id, { id: r.id, label: r.label, title: r.title, children: [] });
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parentId === null ? undefined : nodes.get(r.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

interface OccurrenceRow {
  phraseId: number;
  documentId: number;
  sentenceId: number;
  path: string | null;
  sentence: string;
  start: number;
  end: number;
  quoted: number;
}

function* occurrencesByPhrase(db: Db): Generator<[number, OccurrenceRow[]]> {
  const rows = db
    .prepare(
      `SELECT o.phraseId, o.documentId, o.sentenceId, sec.path, s.text AS sentence, o.start, o."end" AS "end", o.quoted
       FROM Occurrence o JOIN Sentence s ON s.id = o.sentenceId LEFT JOIN Section sec ON sec.id = o.sectionId
       ORDER BY o.phraseId, o.documentId, s.ordinal, o.start`,
    )
    .iterate() as IterableIterator<OccurrenceRow>;
  let current: number | null = null;
  let batch: OccurrenceRow[] = [];
  for (const r of rows) {
    if (r.phraseId !== current) {
      if (current !== null) yield [current, batch];
      current = r.phraseId;
      batch = [];
    }
    batch.push(r);
  }
  if (current !== null) yield [current, batch];
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
  score: number;
  translation: string | null;
  definition: string | null;
  occurrenceCount: number;
  quotedCount: number;
  documentCount: number;
  firstDate: string | null;
  lastDate: string | null;
}

export function* exportJson(db: Db): Generator<string> {
  yield '{\n"documents": [\n';
  // A near-duplicate copy is listed with duplicateOf (the kept document's id); it holds no occurrences.
  const docs = db
    .prepare(
      `SELECT id, title, date, source, url, format, collection, genre, region, speaker, duplicateOf
       FROM Document ORDER BY coalesce(date, '9999'), id`,
    )
    .all() as Array<{
    id: number;
    title: string;
    date: string | null;
    source: string;
    url: string | null;
    format: string;
    collection: string;
    genre: string;
    region: string | null;
    speaker: string | null;
    duplicateOf: number | null;
  }>;
  const sections = db.prepare('SELECT id, parentId, label, title FROM Section WHERE documentId = ? ORDER BY ordinal');
  const uses = new Map(
    (db.prepare('SELECT documentId, count(*) AS n FROM Occurrence GROUP BY documentId').all() as Array<{ documentId: number; n: number }>).map((r) => [
      r.documentId,
      r.n,
    ]),
  );
  for (let i = 0; i < docs.length; i++) {
    const tree = sectionTree(sections.all(docs[i].id) as SectionRow[]);
    yield JSON.stringify({ ...docs[i], occurrenceCount: uses.get(docs[i].id) ?? 0, sections: tree }) + (i < docs.length - 1 ? ',\n' : '\n');
  }
  yield '],\n"phrases": [\n';
  const phrases = new Map<number, PhraseRow>();
  for (const p of db
    .prepare(
      `SELECT id, text, simplified, traditional, pinyin, pinyinOverride, kind, status, score, translation, definition,
              occurrenceCount, quotedCount, documentCount, firstDate, lastDate FROM Phrase
       WHERE status <> 'merged' ORDER BY id`,
    )
    .all() as PhraseRow[])
    phrases.set(p.id, p);
  const forms = db.prepare('SELECT form, count FROM PhraseForm WHERE phraseId = ? ORDER BY count DESC');
  let first = true;
  const emit = (p: PhraseRow, occ: OccurrenceRow[]) => {
    const out = {
      id: p.id,
      text: p.text,
      simplified: p.simplified,
      traditional: p.traditional,
      pinyin: p.pinyinOverride ?? p.pinyin,
      kind: p.kind,
      status: p.status,
      score: p.score,
      translation: p.translation,
      definition: p.definition,
      forms: forms.all(p.id),
      occurrenceCount: p.occurrenceCount,
      quotedCount: p.quotedCount,
      documentCount: p.documentCount,
      firstDate: p.firstDate,
      lastDate: p.lastDate,
      occurrences: occ.map((o) => ({
        documentId: o.documentId,
        sentenceId: o.sentenceId,
        sectionPath: o.path ? (JSON.parse(o.path) as string[]) : [],
        sentence: o.sentence,
        start: o.start,
        end: o.end,
        quoted: o.quoted === 1,
      })),
    };
    const s = (first ? '' : ',\n') + JSON.stringify(out);
    first = false;
    return s;
  };
  for (const [phraseId, occ] of occurrencesByPhrase(db)) {
    const p = phrases.get(phraseId);
    if (!p) continue;
    phrases.delete(phraseId);
    yield emit(p, occ);
  }
  // Phrases without occurrences (their documents were replaced) keep their editor work.
  for (const p of phrases.values()) yield emit(p, []);
  yield '\n]\n}\n';
}

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function* exportCsv(db: Db): Generator<string> {
  yield '\ufeffphrase_id,text,simplified,traditional,pinyin,kind,document_id,document_title,document_date,section_path,sentence,start,end,quoted\n';
  const rows = db
    .prepare(
      `SELECT p.id, p.text, p.simplified, p.traditional, coalesce(p.pinyinOverride, p.pinyin) AS pinyin, p.kind,
              d.id AS documentId, d.title, d.date, sec.path, s.text AS sentence, o.start, o."end" AS "end", o.quoted
       FROM Occurrence o JOIN Phrase p ON p.id = o.phraseId JOIN Sentence s ON s.id = o.sentenceId
       JOIN Document d ON d.id = o.documentId LEFT JOIN Section sec ON sec.id = o.sectionId
       ORDER BY p.id, d.id, s.ordinal, o.start`,
    )
    .iterate() as IterableIterator<Record<string, unknown>>;
  for (const r of rows) {
    const path = r.path ? (JSON.parse(String(r.path)) as string[]).join(' › ') : '';
    yield [r.id, r.text, r.simplified, r.traditional, r.pinyin, r.kind, r.documentId, r.title, r.date, path, r.sentence, r.start, r.end, r.quoted ? 'true' : 'false']
      .map(csvField)
      .join(',') + '\n';
  }
}
