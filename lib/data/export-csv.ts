/**
 * CSV exports for spreadsheets: UTF-8 with a byte-order mark (so Excel reads
 * it as UTF-8), one row per use or per matching sentence. Rows are produced a
 * batch at a time from the database, so a phrase with tens of thousands of
 * uses streams without being held in memory.
 */
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { currentIndex, fetchHitRows, sectionRankRange } from '@/lib/search/engine';
import { runQuery, searchParams } from './search';
import { getCorpus } from './corpus';
import { num, rows, sql } from './db';
import { concordanceParams, documentFilter, phraseDocumentOrder, sentenceHref, type ConcordanceParams, type PhraseEntry } from './phrases';

export const CSV_BOM = '\uFEFF';

export const CONCORDANCE_CSV_COLUMNS = [
  'date', 'document_id', 'document', 'collection', 'genre', 'section', 'left', 'match', 'right', 'quoted', 'sentence', 'url',
] as const;

/** Rows fetched per query. */
const BATCH = 2000;

export function csvLine(values: Array<string | number | boolean | null>): string {
  return stringify([values.map((v) => (v === null ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v))], { record_delimiter: '\r\n' });
}

/**
 * The uses of a phrase as CSV text chunks (header first), oldest document
 * first, with the concordance's filters (document, section, years,
 * collection, genre, quoted); `origin` makes the links absolute.
 */
export async function* concordanceCsv(
  phrase: Pick<PhraseEntry, 'id' | 'occurrenceCount' | 'documentCount' | 'lastDate' | 'updatedAt'>,
  input: ConcordanceParams,
  origin: string,
): AsyncGenerator<string> {
  const params = concordanceParams.parse(input);
  const corpus = await getCorpus();
  const docOk = documentFilter(corpus, params);
  yield CSV_BOM + csvLine([...CONCORDANCE_CSV_COLUMNS]);
  let sectionIds: Set<number> | null = null;
  let only: number | undefined = params.document;
  if (params.section) {
    const tree = await rows<{ id: unknown; documentId: unknown }>(sql`
      WITH RECURSIVE t(id) AS (SELECT id FROM Section WHERE id = ${params.section} UNION ALL SELECT s.id FROM Section s JOIN t ON s.parentId = t.id)
      SELECT s.id, s.documentId FROM Section s JOIN t ON t.id = s.id`);
    if (tree.length === 0) return;
    sectionIds = new Set(tree.map((x) => num(x.id)));
    const d = num(tree[0].documentId);
    if (only !== undefined && only !== d) return;
    only = d;
  }
  const docs = (await phraseDocumentOrder(phrase)).filter((d) => (only === undefined || d.id === only) && docOk(d.id));
  const quoted = params.quoted ? sql` AND o.quoted = ${params.quoted === 'quoted' ? 1 : 0}` : sql``;
  for (const d of docs) {
    const doc = corpus.byId.get(d.id);
    for (let offset = 0; offset < d.count; offset += BATCH) {
      const r = await rows<{ start: unknown; end: unknown; quoted: unknown; sectionId: unknown; text: string; ordinal: unknown; sectionOrdinal: unknown; path: string | null; title: string; date: string | null }>(sql`
        SELECT o.start, o."end" AS "end", o.quoted, o.sectionId, s.text, s.ordinal, sec.ordinal AS sectionOrdinal, sec.path, dd.title, dd.date
        FROM (SELECT * FROM Occurrence o WHERE o.phraseId = ${phrase.id} AND o.documentId = ${d.id}${quoted}
              ORDER BY o.sentenceId, o.id LIMIT ${BATCH} OFFSET ${offset}) o
        JOIN Sentence s ON s.id = o.sentenceId JOIN Document dd ON dd.id = o.documentId
        LEFT JOIN Section sec ON sec.id = o.sectionId
        ORDER BY o.sentenceId, o.id`);
      if (r.length === 0) break;
      let out = '';
      for (const x of r) {
        if (sectionIds && (x.sectionId == null || !sectionIds.has(num(x.sectionId)))) continue;
        const start = num(x.start);
        const end = num(x.end);
        let path: string[] = [];
        try {
          path = x.path ? (JSON.parse(x.path) as string[]) : [];
        } catch {
          path = [];
        }
        out += csvLine([
          x.date,
          d.id,
          x.title,
          doc?.collection ?? '',
          doc?.genre ?? '',
          path.join(' › '),
          x.text.slice(0, start),
          x.text.slice(start, end),
          x.text.slice(end),
          num(x.quoted) === 1,
          x.text,
          origin + sentenceHref(d.id, x.sectionOrdinal == null ? null : num(x.sectionOrdinal), num(x.ordinal)),
        ]);
      }
      if (out) yield out;
      if (r.length < BATCH) break;
    }
  }
}

/** An async generator of text as a streamed HTTP body. */
export function textStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

export const SEARCH_CSV_COLUMNS = ['date', 'document_id', 'document', 'collection', 'genre', 'section', 'left', 'match', 'right', 'uses', 'sentence', 'url'] as const;

/**
 * Every sentence a search finds (with its filters) as CSV text chunks, a page
 * of 200 sentences at a time, in the order asked; `match` is the first match
 * in the sentence, `uses` how many the sentence holds.
 */
export async function* searchCsv(input: z.output<typeof searchParams>, origin: string): AsyncGenerator<string> {
  yield CSV_BOM + csvLine([...SEARCH_CSV_COLUMNS]);
  const index = currentIndex();
  if (!index) return;
  const corpus = await getCorpus();
  const sectionRange = input.section !== undefined ? sectionRankRange(index, input.section) ?? ([0, 0] as [number, number]) : null;
  for (let page = 1; ; page++) {
    const result = runQuery(
      index,
      input.q,
      { documentId: input.document, from: input.from, to: input.to, page, pageSize: 200, order: input.order },
      sectionRange,
    );
    if (result.hits.length === 0) return;
    const byId = new Map(fetchHitRows(result.hits.map((h) => h.sentenceId)).map((r) => [r.id, r]));
    let out = '';
    for (const h of result.hits) {
      const r = byId.get(h.sentenceId);
      if (!r || h.matches.length === 0) continue;
      const [start, end] = h.matches[0];
      const doc = corpus.byId.get(r.documentId);
      let path: string[] = [];
      try {
        path = r.path ? (JSON.parse(r.path) as string[]) : [];
      } catch {
        path = [];
      }
      out += csvLine([
        r.date,
        r.documentId,
        r.title,
        doc?.collection ?? '',
        doc?.genre ?? '',
        path.join(' › '),
        r.text.slice(0, start),
        r.text.slice(start, end),
        r.text.slice(end),
        h.matches.length,
        r.text,
        origin + sentenceHref(r.documentId, r.sectionOrdinal, r.ordinal),
      ]);
    }
    if (out) yield out;
    if (page * 200 >= result.total) return;
  }
}
