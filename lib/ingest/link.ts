/**
 * Stage 7, link: the unquoted uses of known phrases. A phrase first seen in
 * quotation marks is also found wherever it appears without them, in every
 * document, including documents ingested before the phrase was known.
 *
 * Incremental and restartable: new documents (linked = 0) are scanned for every
 * eligible phrase; new phrases (linked = 0) are scanned for in the documents
 * linked before this run. A document's unquoted occurrences are replaced in the
 * same transaction that marks it linked, so an interrupted run is finished by the next one. The
 * folded sentences come from the corpus the search index is built from, so the
 * text is read and folded once per run.
 */
import { BatchInsert, type Db } from '../db/sqlite';
import { AhoCorasick } from '../text/aho-corasick';
import type { LoadedCorpus } from '../search/build';

/**
 * Shortest key looked for without quotation marks. Two-character quoted words
 * (“中国”, “发展”) are emphasis, not formulations, and would match everywhere;
 * two-character numbered formulas (双碳, 两会) are looked for.
 */
export const MIN_UNQUOTED_LENGTH = 3;
export const MIN_UNQUOTED_FORMULA_LENGTH = 2;
/** Longest key looked for without quotation marks: longer quoted spans are citations. */
export const MAX_UNQUOTED_LENGTH = 24;

/** Documents linked per transaction. */
const LINK_BATCH = 64;

interface EligiblePhrase {
  id: number;
  key: string;
  linked: number;
}

export interface LinkProgress {
  (done: number, total: number): void;
}

export interface LinkResult {
  documents: number;
  phrases: number;
  occurrences: number;
}

const NUMERALS = /^[第]?[〇零一二两三四五六七八九十百千万]+$/;

const ASCII_ALNUM = /[0-9A-Za-z]/;
/** Characters a code is made of: digits, Latin letters and the operators that join them. */
const CODE_CHAR = /[0-9A-Za-z.+＋×*/／·・\-－–]/;

/**
 * An unquoted use must stand apart from the text around it where its key
 * begins or ends with a digit or a Latin letter: “8+4” is not found in
 * 18+46, nor “1+N” in 1+Nx, nor “1+10” or “3+N” inside a longer code
 * (1+10+3+N).
 */
export function standsApart(text: string, start: number, end: number): boolean {
  return !(CODE_CHAR.test(text[start - 1] ?? '') && CODE_CHAR.test(text[start] ?? '')) && !(CODE_CHAR.test(text[end] ?? '') && CODE_CHAR.test(text[end - 1] ?? ''));
}

/**
 * Whether a phrase is looked for without quotation marks: slogans of three
 * characters or more, and numbered formulas (两个确立, 十四五, and two-character
 * ones such as 双碳 or 两会). Titles and citations are not; neither are bare
 * numerals (“第一”, “十五”, “五一”), which a running text uses as numbers
 * (第一次, 十五届) far more often than as the formula.
 *
 * What an editor chose overrides the rules: a string promoted from a search
 * is looked for whatever its length, and a phrase whose kind an editor set
 * keeps being looked for (else re-ingesting a document would lose its uses).
 */
export function isLinkable(key: string, kind: string, editorial: { origin?: string; kindSource?: string } = {}): boolean {
  if (editorial.origin === 'search') return key.length >= 1;
  if (key.length > MAX_UNQUOTED_LENGTH) return false;
  // “141”, “2035”: unquoted, a bare number is a number (141个, 2035年), not the code; so are
  // codes joined only by - / . · (“9-3”, “3·15”): ranges, dates and names in running text (锦州9-3油田).
  if (/^[\d\-－–/／.·・]+$/.test(key)) return false;
  if (editorial.kindSource === 'editor') return key.length >= MIN_UNQUOTED_FORMULA_LENGTH;
  if (kind === 'slogan') return key.length >= MIN_UNQUOTED_LENGTH;
  if (kind === 'formula') return key.length >= MIN_UNQUOTED_LENGTH || (key.length >= MIN_UNQUOTED_FORMULA_LENGTH && !NUMERALS.test(key));
  return false;
}

/** The phrases looked for unquoted (see isLinkable). */
export function eligiblePhrases(db: Db): EligiblePhrase[] {
  const rows = db
    .prepare(
      `SELECT id, key, kind, origin, kindSource, linked FROM Phrase
       WHERE status NOT IN ('merged', 'deleted')
         AND (origin = 'search' OR kindSource = 'editor'
          OR (kind IN ('slogan', 'formula', 'name') AND length(key) BETWEEN ${MIN_UNQUOTED_FORMULA_LENGTH} AND ${MAX_UNQUOTED_LENGTH}))
       ORDER BY id`,
    )
    .all() as Array<EligiblePhrase & { kind: string; origin: string; kindSource: string }>;
  const eligible: EligiblePhrase[] = rows.filter((r) => isLinkable(r.key, r.kind === 'name' ? 'slogan' : r.kind, r));
  // The wording of an entry merged into another is looked for too, filed under that entry.
  const byId = new Map(eligible.map((r) => [r.id, r]));
  const aliases = db
    .prepare(
      `SELECT a.key, a.mergedIntoId AS id FROM Phrase a
       WHERE a.status = 'merged' AND a.mergedIntoId IS NOT NULL AND length(a.key) BETWEEN 1 AND ${MAX_UNQUOTED_LENGTH}`,
    )
    .all() as Array<{ key: string; id: number }>;
  for (const a of aliases) {
    const target = byId.get(a.id);
    if (target) eligible.push({ id: a.id, key: a.key, linked: target.linked });
  }
  return eligible;
}

/** One batch of documents' unquoted uses, found by a scan and written by `applyLinkBatch`. */
export interface LinkBatch {
  /** Documents scanned. */
  documents: number[];
  /** True for new documents: their unquoted uses are replaced and they are marked linked. */
  replace: boolean;
  /** (phraseId, sentenceId, documentId, sectionId or 0, start, end) per use. */
  rows: Int32Array;
}

/**
 * Scans documents for unquoted uses, batch by batch, calling `emit` with each
 * batch (it may run in a worker thread: it only reads). New documents are
 * scanned for every eligible phrase; new phrases are looked for in the
 * documents linked before. Returns the ids of the new phrases, which
 * `applyLinkPlan` clears before the old documents' batches are applied.
 */
export function scanUnquoted(
  db: Db,
  corpus: LoadedCorpus,
  emit: (batch: LinkBatch) => void,
): { newPhraseIds: number[]; newDocuments: number } {
  const phrases = eligiblePhrases(db);
  // Near-duplicate copies hold no uses: only kept documents are scanned.
  const newDocs = (db.prepare('SELECT id FROM Document WHERE linked = 0 AND duplicateOf IS NULL ORDER BY id').all() as Array<{ id: number }>).map(
    (r) => r.id,
  );
  const newPhrases = phrases.filter((p) => !p.linked);
  const oldDocs =
    newPhrases.length > 0
      ? (db.prepare('SELECT id FROM Document WHERE linked = 1 AND duplicateOf IS NULL ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id)
      : [];
  const countOf = new Map(corpus.documents.map((d) => [d.id, d.count]));
  const quotedOf = db.prepare<[number], { sentenceId: number; phraseId: number; start: number }>(
    'SELECT sentenceId, phraseId, start FROM Occurrence WHERE documentId = ? AND quoted = 1',
  );
  const lastEnd = new Map<number, number>();
  let rows = new Int32Array(6 * 4096);
  let n = 0;

  const scanDocument = (documentId: number, matcher: AhoCorasick, ids: number[], edged: Uint8Array) => {
    // Quoted uses, by sentence: a match at the same place is that quoted use, not a new one.
    const quoted = new Map<number, Array<[number, number]>>();
    for (const q of quotedOf.all(documentId)) {
      const list = quoted.get(q.sentenceId);
      if (list) list.push([q.phraseId, q.start]);
      else quoted.set(q.sentenceId, [[q.phraseId, q.start]]);
    }
    const first = corpus.firstRankOf.get(documentId) ?? 0;
    const last = first + (countOf.get(documentId) ?? 0);
    for (let rank = first; rank < last; rank++) {
      const sentenceId = corpus.sentenceIds[rank];
      const sectionId = corpus.sectionIds[rank];
      const quotedHere = quoted.get(sentenceId);
      lastEnd.clear();
      // Non-overlapping uses of each phrase, leftmost first.
      matcher.search(corpus.texts[rank], (start, end, p) => {
        const phraseId = ids[p];
        if (edged[p] && !standsApart(corpus.texts[rank], start, end)) return;
        if ((lastEnd.get(phraseId) ?? -1) > start) return;
        lastEnd.set(phraseId, end);
        if (quotedHere && quotedHere.some(([qp, qs]) => qp === phraseId && qs === start)) return;
        if (n + 6 > rows.length) {
          const grown = new Int32Array(rows.length * 2);
          grown.set(rows);
          rows = grown;
        }
        rows.set([phraseId, sentenceId, documentId, sectionId, start, end], n);
        n += 6;
      });
    }
  };

  const scanAll = (docs: number[], keys: string[], ids: number[], replace: boolean) => {
    const matcher = new AhoCorasick(keys);
    // Keys that begin or end with a digit or a Latin letter (codes such as 1+N) are checked for boundaries.
    const edged = Uint8Array.from(keys, (k) => (ASCII_ALNUM.test(k[0] ?? '') || ASCII_ALNUM.test(k[k.length - 1] ?? '') ? 1 : 0));
    for (let i = 0; i < docs.length; i += LINK_BATCH) {
      const batch = docs.slice(i, i + LINK_BATCH);
      n = 0;
      for (const d of batch) scanDocument(d, matcher, ids, edged);
      emit({ documents: batch, replace, rows: rows.slice(0, n) });
    }
  };

  if (newDocs.length) scanAll(newDocs, phrases.map((p) => p.key), phrases.map((p) => p.id), true);
  if (newPhrases.length && oldDocs.length) scanAll(oldDocs, newPhrases.map((p) => p.key), newPhrases.map((p) => p.id), false);
  return { newPhraseIds: newPhrases.map((p) => p.id), newDocuments: newDocs.length };
}

/** The writer's side of linking: statements prepared once per run. */
export class LinkWriter {
  private readonly insert;
  private readonly deleteUnquotedOfDoc;
  private readonly markDoc;
  private readonly clearUnlinked;
  private readonly markUnscored;
  occurrences = 0;

  constructor(private readonly db: Db) {
    this.insert = new BatchInsert(db, 'INSERT INTO Occurrence (phraseId, sentenceId, documentId, sectionId, start, "end", quoted)', 7);
    this.deleteUnquotedOfDoc = db.prepare('DELETE FROM Occurrence WHERE documentId = ? AND quoted = 0');
    this.markDoc = db.prepare('UPDATE Document SET linked = 1 WHERE id = ?');
    this.markUnscored = db.prepare('UPDATE Phrase SET scored = 0 WHERE id = ? AND scored = 1');
    this.clearUnlinked = db.prepare(
      `DELETE FROM Occurrence WHERE quoted = 0
         AND phraseId IN (SELECT id FROM Phrase WHERE linked = 0)
         AND documentId IN (SELECT id FROM Document WHERE linked = 1)`,
    );
  }

  /**
   * Before any batch: the unquoted uses of not-yet-linked phrases in linked
   * documents can only come from an interrupted earlier run; they go, so they
   * are found again, not twice.
   */
  clearNewPhrases(): void {
    this.clearUnlinked.run();
  }

  /** One batch in one transaction: a document's uses and its linked flag commit together. */
  apply(batch: LinkBatch): void {
    this.db
      .transaction(() => {
        if (batch.replace) for (const d of batch.documents) this.deleteUnquotedOfDoc.run(d);
        const r = batch.rows;
        const values: unknown[] = new Array((r.length / 6) * 7);
        for (let i = 0, j = 0; i < r.length; i += 6, j += 7) {
          values[j] = r[i];
          values[j + 1] = r[i + 1];
          values[j + 2] = r[i + 2];
          values[j + 3] = r[i + 3] || null;
          values[j + 4] = r[i + 4];
          values[j + 5] = r[i + 5];
          values[j + 6] = 0;
        }
        this.insert.run(values);
        // New uses change a phrase's evidence: it is rescored at the end of the run.
        const touched = new Set<number>();
        for (let i = 0; i < r.length; i += 6) touched.add(r[i]);
        for (const id of touched) this.markUnscored.run(id);
        if (batch.replace) for (const d of batch.documents) this.markDoc.run(d);
      })
      .immediate();
    this.occurrences += batch.rows.length / 6;
  }

  /** Every phrase (eligible or not) is now as linked as it will be. */
  finish(): void {
    this.db.prepare('UPDATE Phrase SET linked = 1 WHERE linked = 0').run();
  }
}

/** Links in this thread: scan and write, batch by batch. */
export function linkUnquoted(db: Db, corpus: LoadedCorpus, progress?: LinkProgress): LinkResult {
  const writer = new LinkWriter(db);
  // Leftovers of an interrupted run go before any batch is written.
  writer.clearNewPhrases();
  const newPhraseIds = eligiblePhrases(db).filter((p) => !p.linked).map((p) => p.id);
  let done = 0;
  const { newDocuments } = scanUnquoted(db, corpus, (batch) => {
    writer.apply(batch);
    progress?.((done += batch.documents.length), corpus.documents.length);
  });
  writer.finish();
  return { documents: newDocuments, phrases: newPhraseIds.length, occurrences: writer.occurrences };
}
