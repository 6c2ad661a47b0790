/**
 * Stage 7, link: the unquoted uses of known phrases. A phrase first seen in
 * quotation marks is also found wherever it appears without them, in every
 * document, including documents ingested before the phrase was known.
 *
 * Incremental and restartable: new documents (linked = 0) are scanned for every
 * eligible phrase; new phrases (linked = 0) are scanned for in the documents
 * linked before this run. A document's unquoted occurrences are replaced in the
 * same transaction that marks it linked, so an interrupted run is finished by
 * the next one. Only new documents are read whole; old documents are reached
 * through the search index. A new document's uses are added to the figures of
 * the phrases they belong to (stats.ts); a phrase found in older documents is
 * marked for the stats stage's recount (statsStale).
 */
import { BatchInsert, type Db } from '../db/sqlite';
import { retryOnConflict } from '../db/busy';
import { crashPoint } from './crash';
import { PhraseFigures } from './stats';
import { AhoCorasick } from '../text/aho-corasick';
import type { SearchIndex } from '../search/engine';
import type { SegmentMeta } from '../search/format';
import { INDEXED_DOCUMENT } from '../search/build';
import { foldToSimplified } from '../text/script';

/**
 * Shortest key looked for without quotation marks. Two-character quoted words
 * (“中国”, “发展”) are emphasis, not formulations, and would match everywhere;
 * two-character numbered formulas (双碳, 两会) are looked for.
 */
export const MIN_UNQUOTED_LENGTH = 3;
export const MIN_UNQUOTED_FORMULA_LENGTH = 2;
/** Longest key looked for without quotation marks: longer quoted spans are citations. */
export const MAX_UNQUOTED_LENGTH = 24;

/**
 * A batch of uses, written in one transaction, closes once it holds this many
 * uses (a document's always go in whole). Each transaction writes every page
 * it dirtied, and the uses' phrase index is dirtied at random: re-inserting
 * the 4.55 million unquoted uses of a 1 GB ingest took 32.5 s in batches of
 * 64 documents (about 4,400 uses), 24.7 s in 256, 22.4 s in 512 (about
 * 35,000 uses) and 22.7 s in 1,024.
 */
const LINK_BATCH_USES = 32_768;
/** …or this many documents, so that progress moves on documents with few uses. */
const LINK_BATCH_DOCUMENTS = 1024;

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

/** Keys that begin or end with a digit or a Latin letter (codes such as 1+N) are checked for boundaries. */
const isEdged = (key: string) => ASCII_ALNUM.test(key[0] ?? '') || ASCII_ALNUM.test(key[key.length - 1] ?? '');

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
       WHERE status <> 'merged'
         AND (origin = 'search' OR kindSource = 'editor'
          OR (kind IN ('slogan', 'formula', 'name') AND length(key) BETWEEN 1 AND ${MAX_UNQUOTED_LENGTH}))
       ORDER BY id`,
    )
    .all() as Array<EligiblePhrase & { kind: string; origin: string; kindSource: string }>;
  // SQL's length() counts code points, isLinkable UTF-16 units (𠮷 is two): the
  // query only narrows, isLinkable decides.
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
 * What one linking pass works on, fixed when it starts: the eligible phrases,
 * the documents not yet linked (read whole) and the phrases not yet linked
 * (looked for in the other documents through the index). Fixed, because the
 * writer marks documents linked while the scan goes on.
 */
export interface LinkPlan {
  phrases: EligiblePhrase[];
  newDocs: number[];
  newPhrases: EligiblePhrase[];
}

export function planLink(db: Db): LinkPlan {
  const phrases = eligiblePhrases(db);
  // Near-duplicate copies hold no uses (and are not in the search index): only kept documents are scanned.
  const newDocs = (db.prepare('SELECT id FROM Document WHERE linked = 0 AND duplicateOf IS NULL ORDER BY id').all() as Array<{ id: number }>).map(
    (r) => r.id,
  );
  return { phrases, newDocs, newPhrases: phrases.filter((p) => !p.linked) };
}

/** Collects (phraseId, sentenceId, documentId, sectionId, start, end) rows in one growing Int32Array. */
class RowBuffer {
  private rows = new Int32Array(6 * 4096);
  length = 0;

  push(phraseId: number, sentenceId: number, documentId: number, sectionId: number, start: number, end: number): void {
    if (this.length + 6 > this.rows.length) {
      const grown = new Int32Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    const r = this.rows;
    let at = this.length;
    r[at++] = phraseId;
    r[at++] = sentenceId;
    r[at++] = documentId;
    r[at++] = sectionId;
    r[at++] = start;
    r[at++] = end;
    this.length = at;
  }

  /** The rows so far (a copy: it can be transferred), and an empty buffer. */
  take(): Int32Array {
    const out = this.rows.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

/**
 * Part one of a scan: reads each new document and finds every eligible
 * phrase in it, batch by batch (`emit` may run in a worker thread: this only
 * reads). Needs no search index.
 */
export function scanNewDocuments(
  db: Db,
  plan: LinkPlan,
  emit: (batch: LinkBatch) => void,
  limits: { uses: number; documents: number } = { uses: LINK_BATCH_USES, documents: LINK_BATCH_DOCUMENTS },
): void {
  if (plan.newDocs.length === 0) return;
  const quotedOf = db.prepare<[number], { sentenceId: number; phraseId: number; start: number }>(
    'SELECT sentenceId, phraseId, start FROM Occurrence WHERE documentId = ? AND quoted = 1',
  );
  const sentencesOf = db.prepare<[number], { id: number; sectionId: number | null; text: string }>(
    'SELECT id, sectionId, text FROM Sentence WHERE documentId = ? ORDER BY id',
  );
  const keys = plan.phrases.map((p) => p.key);
  const matcher = new AhoCorasick(keys);
  const ids = plan.phrases.map((p) => p.id);
  const edged = Uint8Array.from(keys, (k) => (isEdged(k) ? 1 : 0));
  const lastEnd = new Map<number, number>();
  const rows = new RowBuffer();
  const scanDocument = (documentId: number) => {
    // Quoted uses, by sentence: a match at the same place is that quoted use, not a new one.
    const quoted = new Map<number, Array<[number, number]>>();
    for (const q of quotedOf.all(documentId)) {
      const list = quoted.get(q.sentenceId);
      if (list) list.push([q.phraseId, q.start]);
      else quoted.set(q.sentenceId, [[q.phraseId, q.start]]);
    }
    for (const s of sentencesOf.all(documentId)) {
      const quotedHere = quoted.get(s.id);
      lastEnd.clear();
      const folded = foldToSimplified(s.text);
      // Non-overlapping uses of each phrase, leftmost first.
      matcher.search(folded, (start, end, p) => {
        const phraseId = ids[p];
        if (edged[p] && !standsApart(folded, start, end)) return;
        if ((lastEnd.get(phraseId) ?? -1) > start) return;
        lastEnd.set(phraseId, end);
        if (quotedHere && quotedHere.some(([qp, qs]) => qp === phraseId && qs === start)) return;
        rows.push(phraseId, s.id, documentId, s.sectionId ?? 0, start, end);
      });
    }
  };
  let batch: number[] = [];
  for (const d of plan.newDocs) {
    scanDocument(d);
    batch.push(d);
    if (rows.length >= 6 * limits.uses || batch.length >= limits.documents) {
      emit({ documents: batch, replace: true, rows: rows.take() });
      batch = [];
    }
  }
  if (batch.length > 0) emit({ documents: batch, replace: true, rows: rows.take() });
}

/**
 * The documents part two looks at: those with sentences that are not new in
 * this pass. None when no phrase is new (nothing to look for).
 */
export function oldDocuments(db: Db, plan: LinkPlan): number[] {
  if (plan.newPhrases.length === 0) return [];
  const isNew = new Set(plan.newDocs);
  // The documents the search index covers: a near-duplicate copy holds no uses.
  const withSentences = db.prepare(`SELECT id FROM Document WHERE ${INDEXED_DOCUMENT}`).pluck().all() as number[];
  return withSentences.filter((id) => !isNew.has(id));
}

/**
 * Whether `index` can serve part two: it covers every old document. The
 * index as it was before this run's update does, unless an interrupted run
 * left it behind.
 */
export function indexCovers(index: SearchIndex | null, documentIds: number[]): boolean {
  if (documentIds.length === 0) return true;
  if (!index) return false;
  const covered = new Set(index.header.documents.map((d) => d.id));
  return documentIds.every((id) => covered.has(id));
}

/**
 * Part two: new phrases are looked for in the documents linked before this
 * pass, through the search index (`index`, which must cover them: see
 * indexCovers): only the sentences holding all of a phrase's grams
 * are read, so the cost follows what is new, not what is stored.
 */
export function scanOldDocuments(db: Db, plan: LinkPlan, index: SearchIndex | null, emit: (batch: LinkBatch) => void): void {
  const isNew = new Set(plan.newDocs);
  // Segments holding only new documents (usually the one this run built) have nothing to look at.
  const holdsOld = (meta: SegmentMeta) => meta.documents.some((d) => !isNew.has(d.id));
  if (!plan.newPhrases.length || !index || !index.segments.some((s) => holdsOld(s.meta))) return;
  const isOld = new Uint8Array(index.header.sentences);
  for (const d of index.header.documents) if (!isNew.has(d.id)) isOld.fill(1, d.firstRank, d.firstRank + d.count);
  const sentence = db.prepare<[number], { sectionId: number | null; text: string }>('SELECT sectionId, text FROM Sentence WHERE id = ?');
  const quotedAt = db.prepare<[number, number, number], { start: number }>(
    'SELECT start FROM Occurrence WHERE phraseId = ? AND documentId = ? AND sentenceId = ? AND quoted = 1',
  );
  const rows = new RowBuffer();
  for (const p of plan.newPhrases) {
    const candidates = index.candidateRanks(p.key, undefined, holdsOld);
    for (let i = 0; i < candidates.length; i++) {
      const rank = candidates[i];
      if (!isOld[rank]) continue;
      const documentId = index.documentOfRank(rank).id;
      const sentenceId = index.sentenceIdOf(rank);
      const s = sentence.get(sentenceId);
      if (!s) continue;
      const hay = foldToSimplified(s.text);
      let quoted: number[] | null = null;
      const edged = isEdged(p.key);
      // Non-overlapping uses, leftmost first, as the scan of new documents counts them.
      for (let at = hay.indexOf(p.key); at >= 0; at = hay.indexOf(p.key, at + p.key.length)) {
        if (edged && !standsApart(hay, at, at + p.key.length)) {
          // Not a use: the next one may overlap it.
          at = at + 1 - p.key.length;
          continue;
        }
        quoted ??= quotedAt.all(p.id, documentId, sentenceId).map((q) => q.start);
        if (quoted.includes(at)) continue;
        rows.push(p.id, sentenceId, documentId, s.sectionId ?? 0, at, at + p.key.length);
      }
    }
    if (rows.length >= 6 * LINK_BATCH_USES) emit({ documents: [], replace: false, rows: rows.take() });
  }
  if (rows.length > 0) emit({ documents: [], replace: false, rows: rows.take() });
}

/**
 * Scans for unquoted uses, batch by batch: both parts, with an index that
 * covers every stored document.
 */
export function scanUnquoted(
  db: Db,
  index: SearchIndex | null,
  emit: (batch: LinkBatch) => void,
): { newPhraseIds: number[]; newDocuments: number } {
  const plan = planLink(db);
  scanNewDocuments(db, plan, emit);
  scanOldDocuments(db, plan, index, emit);
  return { newPhraseIds: plan.newPhrases.map((p) => p.id), newDocuments: plan.newDocs.length };
}

/** A batch's rows (6 numbers a use) as Occurrence values (7 a use: quoted = 0, no section as null), by document. */
function occurrenceValuesByDocument(r: Int32Array): Map<number, unknown[]> {
  const out = new Map<number, unknown[]>();
  for (let i = 0; i < r.length; i += 6) {
    let values = out.get(r[i + 2]);
    if (!values) out.set(r[i + 2], (values = []));
    values.push(r[i], r[i + 1], r[i + 2], r[i + 3] || null, r[i + 4], r[i + 5], 0);
  }
  return out;
}

/** The writer's side of linking: statements prepared once per run. */
export class LinkWriter {
  private readonly insert;
  private readonly deleteUnquotedOfDoc;
  private readonly markDoc;
  private readonly clearUnlinked;
  private readonly markStale;
  private readonly markStaleOfUnquoted;
  private readonly figures: PhraseFigures;
  private readonly markUnlinkedStale;
  occurrences = 0;

  constructor(private readonly db: Db) {
    this.insert = new BatchInsert(db, 'INSERT INTO Occurrence (phraseId, sentenceId, documentId, sectionId, start, "end", quoted)', 7);
    this.deleteUnquotedOfDoc = db.prepare('DELETE FROM Occurrence WHERE documentId = ? AND quoted = 0');
    this.markDoc = db.prepare('UPDATE Document SET linked = 1 WHERE id = ?');
    this.markStale = db.prepare('UPDATE Phrase SET statsStale = 1, scored = 0 WHERE id = ? AND (statsStale = 0 OR scored = 1)');
    this.markStaleOfUnquoted = db.prepare(
      'UPDATE Phrase SET statsStale = 1, scored = 0 WHERE (statsStale = 0 OR scored = 1) AND id IN (SELECT phraseId FROM Occurrence WHERE documentId = ? AND quoted = 0)',
    );
    this.figures = new PhraseFigures(db);
    this.markUnlinkedStale = db.prepare('UPDATE Phrase SET statsStale = 1 WHERE linked = 0 AND statsStale = 0');
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
    this.db.transaction(() => {
      this.markUnlinkedStale.run();
      this.clearUnlinked.run();
    }).immediate();
  }

  /**
   * One batch in one transaction: a document's uses and its linked flag commit
   * together. A new document's uses are added to the figures of the phrases
   * that are up to date, one document at a time (so that each document's
   * years and collections are compared with those already counted); uses
   * found in older documents (of phrases new in this run) mark their phrases
   * for the recount.
   */
  apply(batch: LinkBatch): void {
    // Stored again from the start when it lost a conflict with an editor's write (PostgreSQL).
    retryOnConflict(() =>
      this.db
        .transaction(() => {
          const byDocument = occurrenceValuesByDocument(batch.rows);
          if (batch.replace) {
            for (const d of batch.documents) {
              // Unquoted uses left by an interrupted run go, and their phrases are recounted.
              this.markStaleOfUnquoted.run(d);
              this.deleteUnquotedOfDoc.run(d);
              this.insert.write(byDocument.get(d) ?? []);
              this.figures.add(d, 'unquoted');
              this.markDoc.run(d);
            }
          } else {
            for (const values of byDocument.values()) this.insert.write(values);
            const r = batch.rows;
            const touched = new Set<number>();
            for (let i = 0; i < r.length; i += 6) touched.add(r[i]);
            for (const id of touched) this.markStale.run(id);
          }
        })
        .immediate(),
    );
    crashPoint('link');
    this.occurrences += batch.rows.length / 6;
  }

  /** Every phrase (eligible or not) is now as linked as it will be. */
  finish(): void {
    this.db.prepare('UPDATE Phrase SET linked = 1 WHERE linked = 0').run();
    crashPoint('linked');
  }
}

/** Links in this thread, scan and write batch by batch; `index` must cover every stored document. */
export function linkUnquoted(db: Db, index: SearchIndex | null, progress?: LinkProgress): LinkResult {
  const writer = new LinkWriter(db);
  // Leftovers of an interrupted run go before any batch is written.
  writer.clearNewPhrases();
  const newPhraseIds = eligiblePhrases(db).filter((p) => !p.linked).map((p) => p.id);
  let done = 0;
  const total = (db.prepare('SELECT count(*) AS n FROM Document WHERE linked = 0').get() as { n: number }).n;
  const { newDocuments } = scanUnquoted(db, index, (batch) => {
    writer.apply(batch);
    progress?.((done += batch.documents.length), total);
  });
  writer.finish();
  return { documents: newDocuments, phrases: newPhraseIds.length, occurrences: writer.occurrences };
}
