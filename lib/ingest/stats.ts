/**
 * Stage 8, stats: the per-phrase figures every list shows (counts, first and
 * latest appearance, surface forms, the form most often written) and the
 * evidence its score is weighed from (lib/curation/score.ts).
 *
 * Two ways, with the same result (tests/incremental.test.ts compares them):
 * - **In step** (`PhraseFigures`): a document's new uses are added to the
 *   figures of the phrases that were up to date, in the transaction that
 *   stores or links them, and a replaced or demoted document's uses taken
 *   away before they are deleted. The cost follows what changed, not how often
 *   a phrase was used before: a common phrase has hundreds of thousands of uses.
 * - **Recounting** (`refreshPhraseStats`): new phrases, and phrases whose uses
 *   changed otherwise (a merge, an edited date, a copy's date adopted, an
 *   interrupted run), are marked (statsStale) and recounted from their
 *   occurrences in a few set-based statements at the end of the run.
 *
 * The invariant that makes adding safe: a phrase with statsStale = 0 has
 * figures that count every one of its stored occurrences. Every write of
 * occurrences either adds to the figures in its own transaction or marks the
 * phrase stale.
 */
import { crashPoint } from './crash';
import { BatchInsert, BatchUpdate, InList, type Db } from '../db/sqlite';
import { dialectOf } from '../db/dialect';
import { AUTHORITATIVE_SQL, COLLECTION_COUNT_CAP, useEvidence, YEAR_COUNT_CAP } from '../curation/score';
import { AUTHORITATIVE_GENRES } from './place';

/** A phrase's surface forms and use evidence, tallied from its uses in their sentences. */
interface UseTally {
  /** Uses, and uses in quotation marks. */
  n: number;
  q: number;
  forms: Map<string, { n: number; q: number }>;
  titleMarked: number;
  thingFollowed: number;
}

function tally(tallies: Map<number, UseTally>, phraseId: number, text: string, start: number, end: number, quoted: boolean): void {
  let t = tallies.get(phraseId);
  if (!t) tallies.set(phraseId, (t = { n: 0, q: 0, forms: new Map(), titleMarked: 0, thingFollowed: 0 }));
  const form = text.slice(start, end);
  const f = t.forms.get(form) ?? t.forms.set(form, { n: 0, q: 0 }).get(form)!;
  f.n++;
  t.n++;
  if (quoted) {
    f.q++;
    t.q++;
  }
  const e = useEvidence(text, start, end, quoted);
  t.titleMarked += e.titleMarked;
  t.thingFollowed += e.thingFollowed;
}

/**
 * Recomputes the figures of every phrase, of the phrases marked stale
 * ('stale', what an ingest does), or of one phrase (after an editor promotes
 * a search string to a phrase). Returns how many phrases were refreshed.
 */
export function refreshPhraseStats(db: Db, which?: number | 'stale'): number {
  const dialect = dialectOf(db);
  let all = which === undefined;
  const only = (column: string) =>
    all ? '1 = 1' : which === 'stale' ? `${column} IN (SELECT id FROM temp.stale_phrases)` : `${column} = ${Math.trunc(Number(which))}`;
  const refreshedCount = db.transaction((): number => {
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS stale_phrases (id INTEGER PRIMARY KEY);
      DELETE FROM stale_phrases;
      INSERT INTO stale_phrases SELECT id FROM Phrase WHERE statsStale = 1;`);
    const refreshed =
      which === 'stale'
        ? (db.prepare('SELECT count(*) AS n FROM temp.stale_phrases').get() as { n: number }).n
        : which === undefined
          ? (db.prepare('SELECT count(*) AS n FROM Phrase').get() as { n: number }).n
          : 1;
    if (refreshed === 0) return 0;
    // Most of the glossary (a first ingest): one pass over everything is cheaper than lookups.
    if (which === 'stale' && refreshed * 2 > (db.prepare('SELECT count(*) AS n FROM Phrase').get() as { n: number }).n) all = true;
    // Every surface form with how often it is written, and how often in
    // quotation marks (one pass over the occurrences serves both the forms and
    // the headword), and the evidence read around each use. Forms are cut in
    // JavaScript, where offsets are UTF-16 code units as stored (SQL's substr()
    // counts code points), from each sentence read once with all its uses: a
    // per-use SQL call would copy the whole sentence for every use, and sorting
    // uses joined to their sentences would hold every sentence in the sorter
    // (gigabytes for a document of long lines).
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS form_counts (phraseId INTEGER, form TEXT, n INTEGER, q INTEGER);
      CREATE TEMP TABLE IF NOT EXISTS use_evidence (phraseId INTEGER PRIMARY KEY, titleMarked INTEGER, thingFollowed INTEGER);
      DELETE FROM form_counts;
      DELETE FROM use_evidence;`);
    const tallies = new Map<number, UseTally>();
    const usesBySentence = db.prepare(`
      SELECT s.text AS text, u.uses AS uses
      FROM (SELECT sentenceId, ${dialect.groupConcat(`phraseId || ',' || start || ',' || "end" || ',' || CAST(quoted AS INTEGER)`, ',')} AS uses
            FROM Occurrence WHERE ${only('phraseId')} GROUP BY sentenceId) u
      JOIN Sentence s ON s.id = u.sentenceId`);
    for (const row of usesBySentence.iterate() as IterableIterator<{ text: string; uses: string }>) {
      const u = row.uses.split(',');
      for (let i = 0; i < u.length; i += 4) tally(tallies, Number(u[i]), row.text, Number(u[i + 1]), Number(u[i + 2]), u[i + 3] === '1');
    }
    const formValues: unknown[] = [];
    const evidenceValues: unknown[] = [];
    for (const [phraseId, t] of tallies) {
      for (const [form, f] of t.forms) formValues.push(phraseId, form, f.n, f.q);
      evidenceValues.push(phraseId, t.titleMarked, t.thingFollowed);
    }
    tallies.clear();
    new BatchInsert(db, 'INSERT INTO form_counts (phraseId, form, n, q)', 4).write(formValues);
    new BatchInsert(db, 'INSERT INTO use_evidence (phraseId, titleMarked, thingFollowed)', 3).write(evidenceValues);
    db.exec(`
      ${dialect.tempIndex('form_counts_phrase', 'form_counts', 'phraseId, q DESC, n DESC, form')};

      DELETE FROM PhraseForm WHERE ${only('phraseId')};
      INSERT INTO PhraseForm (phraseId, form, count, quotedCount) SELECT phraseId, form, n, q FROM form_counts;

      -- Phrases left without uses; the others get every one of these figures from agg below
      -- (rewriting them twice cost a row version and index entries per phrase).
      UPDATE Phrase SET occurrenceCount = 0, quotedCount = 0, documentCount = 0,
        firstDocumentId = NULL, firstDate = NULL, lastDocumentId = NULL, lastDate = NULL,
        quotedDocumentCount = 0, authoritativeDocumentCount = 0, quotedAuthoritativeDocumentCount = 0,
        titleMarkedCount = 0, thingFollowedCount = 0, yearCount = 0, collectionCount = 0
      WHERE ${only('id')} AND NOT EXISTS (SELECT 1 FROM Occurrence o WHERE o.phraseId = Phrase.id);

      -- Uses per phrase and document, from the (phraseId, documentId, sentenceId, quoted)
      -- index alone and in its order, then each pair's document.
      WITH per_phrase_doc AS (
        SELECT phraseId, documentId, count(*) AS n, sum(quoted) AS q
        FROM Occurrence
        WHERE ${only('phraseId')}
        GROUP BY phraseId, documentId
      ),
      per_doc AS (
        SELECT u.phraseId, u.documentId, u.n, u.q,
               coalesce(d.date, '9999') AS sortDate, d.date AS date, d.year AS year, d.collection AS collection,
               CASE WHEN d.genre IN (${AUTHORITATIVE_SQL}) THEN 1 ELSE 0 END AS authoritative
        FROM per_phrase_doc u JOIN Document d ON d.id = u.documentId
      ),
      agg AS (
        SELECT phraseId, sum(n) AS n, sum(q) AS q, count(*) AS docs,
               min(sortDate || ${dialect.zeroPad('documentId', 12)}) AS firstKey,
               max(coalesce(date, '0000') || ${dialect.zeroPad('documentId', 12)}) AS lastKey,
               sum(CASE WHEN q > 0 THEN 1 ELSE 0 END) AS quotedDocs,
               sum(authoritative) AS authoritativeDocs,
               sum(CASE WHEN q > 0 THEN authoritative ELSE 0 END) AS quotedAuthoritativeDocs,
               count(DISTINCT year) AS years, count(DISTINCT collection) AS collections
        FROM per_doc GROUP BY phraseId
      )
      UPDATE Phrase SET
        occurrenceCount = agg.n,
        quotedCount = agg.q,
        documentCount = agg.docs,
        firstDocumentId = CAST(${dialect.lastChars('agg.firstKey', 12)} AS INTEGER),
        firstDate = nullif(substr(agg.firstKey, 1, length(agg.firstKey) - 12), '9999'),
        lastDocumentId = CAST(${dialect.lastChars('agg.lastKey', 12)} AS INTEGER),
        lastDate = nullif(substr(agg.lastKey, 1, length(agg.lastKey) - 12), '0000'),
        quotedDocumentCount = agg.quotedDocs,
        authoritativeDocumentCount = agg.authoritativeDocs,
        quotedAuthoritativeDocumentCount = agg.quotedAuthoritativeDocs,
        yearCount = CASE WHEN agg.years > ${YEAR_COUNT_CAP} THEN ${YEAR_COUNT_CAP} ELSE agg.years END,
        collectionCount = CASE WHEN agg.collections > ${COLLECTION_COUNT_CAP} THEN ${COLLECTION_COUNT_CAP} ELSE agg.collections END
      FROM agg WHERE Phrase.id = agg.phraseId;

      UPDATE Phrase SET titleMarkedCount = e.titleMarked, thingFollowedCount = e.thingFollowed
      FROM use_evidence e WHERE Phrase.id = e.phraseId;

      -- The form most often written in quotation marks (else in running text) names the entry.
      UPDATE Phrase SET text = (
        SELECT form FROM form_counts f WHERE f.phraseId = Phrase.id ORDER BY q DESC, n DESC, form LIMIT 1
      ) WHERE occurrenceCount > 0 AND ${only('id')};
      UPDATE Phrase SET statsStale = 0, scored = 0 WHERE ${which === 'stale' ? 'statsStale = 1' : only('id')};
      DELETE FROM form_counts;
      DELETE FROM use_evidence;
      DELETE FROM stale_phrases;
    `);
    return refreshed;
  }).immediate();
  crashPoint('stats');
  return refreshedCount;
}

/** A phrase's figures as stored, for adding to. */
interface StoredFigures {
  id: number;
  occurrenceCount: number;
  quotedCount: number;
  documentCount: number;
  firstDocumentId: number | null;
  firstDate: string | null;
  lastDocumentId: number | null;
  lastDate: string | null;
  quotedDocumentCount: number;
  authoritativeDocumentCount: number;
  quotedAuthoritativeDocumentCount: number;
  titleMarkedCount: number;
  thingFollowedCount: number;
  yearCount: number;
  collectionCount: number;
}

const ADDED_COLUMNS = [
  'occurrenceCount',
  'quotedCount',
  'documentCount',
  'firstDocumentId',
  'firstDate',
  'lastDocumentId',
  'lastDate',
  'quotedDocumentCount',
  'authoritativeDocumentCount',
  'quotedAuthoritativeDocumentCount',
  'titleMarkedCount',
  'thingFollowedCount',
  'yearCount',
  'collectionCount',
] as const;

/** The sort keys the recount's min() and max() compare: date (undated sorts last, or first for the latest), then id. */
const firstKey = (date: string | null, id: number) => (date ?? '9999') + String(id).padStart(12, '0');
const lastKey = (date: string | null, id: number) => (date ?? '0000') + String(id).padStart(12, '0');
/** A key back into its date (null for the undated marker) and document id. */
function splitKey(key: string | null, undated: string): [string | null, number | null] {
  if (key === null) return [null, null];
  const date = key.slice(0, -12);
  return [date === undated ? null : date, Number(key.slice(-12))];
}

/**
 * Whether a phrase is used in another document of a year (collection), for the
 * year and collection counts. Two ways to ask, and the cheaper one is taken:
 * the phrase's uses, the most recent first (where a run that adds documents in
 * date order finds one at once), or the documents of that year or collection.
 * When the year or collection is new to a common phrase (a new year's report,
 * a new folder), the first way reads every one of its uses: hundreds of
 * thousands at 1 GB, for each of the document's phrases.
 */
class SeenElsewhere<T extends number | string> {
  private readonly byUses;
  private readonly byDocuments;
  private readonly documentsOf;
  private readonly documentCounts = new Map<T, number>();

  constructor(db: Db, what: 'year' | 'collection') {
    this.byUses = db.prepare<[number, number, T], { one: number }>(
      `SELECT 1 AS one FROM Occurrence o JOIN Document d ON d.id = o.documentId
       WHERE o.phraseId = ? AND o.documentId <> ? AND d.${what} = ? ORDER BY o.documentId DESC LIMIT 1`,
    );
    this.byDocuments = db.prepare<[T, number, number], { one: number }>(
      `SELECT 1 AS one FROM Document d
       WHERE d.${what} = ? AND d.id <> ? AND EXISTS (SELECT 1 FROM Occurrence o WHERE o.phraseId = ? AND o.documentId = d.id) LIMIT 1`,
    );
    this.documentsOf = db.prepare<[T], { n: number }>(`SELECT count(*) AS n FROM Document WHERE ${what} = ?`);
  }

  /** Forgets the counts of documents: a document's add or remove begins (the run adds documents as it goes). */
  begin(): void {
    this.documentCounts.clear();
  }

  has(phrase: { id: number; occurrenceCount: number }, documentId: number, value: T): boolean {
    // Counted once per document added or removed, by an index: a rough size is all the choice needs.
    let documents = this.documentCounts.get(value);
    if (documents === undefined) this.documentCounts.set(value, (documents = Number(this.documentsOf.get(value)!.n)));
    return documents < phrase.occurrenceCount
      ? this.byDocuments.get(value, documentId, phrase.id) !== undefined
      : this.byUses.get(phrase.id, documentId, value) !== undefined;
  }
}

/**
 * Keeps the figures of phrases that are up to date (statsStale = 0) in step
 * with their occurrences, in the transaction that writes them: `add` after a
 * document's uses are inserted, `remove` before they are deleted. Phrases
 * marked stale are left to the recount. Each changed phrase is marked for
 * rescoring.
 */
export class PhraseFigures {
  private readonly usesOf;
  private readonly quotedPhrasesOf;
  private readonly documentOf;
  private readonly stored;
  private readonly yearSeen;
  private readonly collectionSeen;
  private readonly update;
  private readonly upsertForm;
  private readonly renameByForms;
  private readonly touchMarked;
  private readonly remainingYears;
  private readonly collectionNames;
  /** The corpus's collections, read once per document removed (see remainingCollections). */
  private collections: string[] | null = null;
  private readonly firstElsewhere;
  private readonly lastElsewhere;
  private readonly takeForm;
  private readonly dropEmptyForms;
  private readonly markStale;

  constructor(private readonly db: Db) {
    const uses = (unquotedOnly: boolean) =>
      db.prepare<[number], { phraseId: number; start: number; end: number; quoted: number; text: string }>(
        `SELECT o.phraseId AS phraseId, o.start AS start, o."end" AS "end", CAST(o.quoted AS INTEGER) AS quoted, s.text AS text
         FROM Occurrence o JOIN Phrase p ON p.id = o.phraseId JOIN Sentence s ON s.id = o.sentenceId
         WHERE o.documentId = ? AND p.statsStale = 0${unquotedOnly ? ' AND o.quoted = 0' : ''}`,
      );
    this.usesOf = { all: uses(false), unquoted: uses(true) };
    // PostgreSQL: the marked phrases the new uses belong to get a new row version. A promotion or a
    // merge recounting one of them meanwhile (from a snapshot without this document) then fails its
    // write and is retried on a fresh snapshot, instead of clearing the mark with this document's
    // uses left out. (SQLite runs write transactions one at a time: nothing to do there.)
    const touch = (unquotedOnly: boolean) =>
      db.prepare(
        `UPDATE Phrase SET statsStale = 1, scored = 0 WHERE statsStale = 1
           AND id IN (SELECT phraseId FROM Occurrence WHERE documentId = ?${unquotedOnly ? ' AND quoted = 0' : ''})`,
      );
    this.touchMarked = dialectOf(db).provider === 'postgresql' ? { all: touch(false), unquoted: touch(true) } : null;
    this.quotedPhrasesOf = db.prepare<[number], { phraseId: number }>('SELECT DISTINCT phraseId FROM Occurrence WHERE documentId = ? AND quoted = 1');
    this.documentOf = db.prepare<[number], { id: number; date: string | null; year: number | null; collection: string; genre: string }>(
      'SELECT id, date, year, collection, genre FROM Document WHERE id = ?',
    );
    // Read to be rewritten from what is read: locked on PostgreSQL, where an editor's merge or
    // promotion may write the same rows meanwhile (one of the two transactions then fails, never
    // overwriting the other).
    this.stored = new InList(db, `SELECT id, ${ADDED_COLUMNS.join(', ')} FROM Phrase WHERE statsStale = 0 AND id IN`, 256, dialectOf(db).forUpdate);
    this.yearSeen = new SeenElsewhere<number>(db, 'year');
    this.collectionSeen = new SeenElsewhere<string>(db, 'collection');
    this.update = new BatchUpdate(db, 'Phrase', [...ADDED_COLUMNS], { also: 'scored = 0' });
    // Taking a document's uses away: what remains, where the removed document may have been the only one.
    const dialect = dialectOf(db);
    // Years are many and spread: the distinct years of the remaining uses reach the cap after a few.
    this.remainingYears = db.prepare<[number, number], { n: number }>(
      `SELECT count(*) AS n FROM (SELECT DISTINCT d.year FROM Occurrence o JOIN Document d ON d.id = o.documentId
         WHERE o.phraseId = ? AND o.documentId <> ? AND d.year IS NOT NULL LIMIT ${YEAR_COUNT_CAP}) AS x`,
    );
    // Each collection name once, from the index on Document.collection: a step a name, not a row a document.
    this.collectionNames = db.prepare<[], { name: string }>(
      `WITH RECURSIVE c(name) AS (
         SELECT min(collection) FROM Document
         UNION ALL
         SELECT (SELECT min(collection) FROM Document WHERE collection > c.name) FROM c WHERE c.name IS NOT NULL)
       SELECT name FROM c WHERE name IS NOT NULL`,
    );
    this.firstElsewhere = db.prepare<[number, number], { k: string | null }>(
      `SELECT min(coalesce(d.date, '9999') || ${dialect.zeroPad('d.id', 12)}) AS k FROM Occurrence o JOIN Document d ON d.id = o.documentId WHERE o.phraseId = ? AND o.documentId <> ?`,
    );
    this.lastElsewhere = db.prepare<[number, number], { k: string | null }>(
      `SELECT max(coalesce(d.date, '0000') || ${dialect.zeroPad('d.id', 12)}) AS k FROM Occurrence o JOIN Document d ON d.id = o.documentId WHERE o.phraseId = ? AND o.documentId <> ?`,
    );
    this.takeForm = db.prepare('UPDATE PhraseForm SET count = count - ?, quotedCount = quotedCount - ? WHERE phraseId = ? AND form = ?');
    this.dropEmptyForms = new InList(db, 'DELETE FROM PhraseForm WHERE count <= 0 AND phraseId IN');
    this.markStale = new InList(db, 'UPDATE Phrase SET statsStale = 1, scored = 0 WHERE id IN');
    this.upsertForm = db.prepare(
      `INSERT INTO PhraseForm (phraseId, form, count, quotedCount) VALUES (?, ?, ?, ?)
       ON CONFLICT (phraseId, form) DO UPDATE SET count = PhraseForm.count + excluded.count, quotedCount = PhraseForm.quotedCount + excluded.quotedCount`,
    );
    // As the recount names the entry: the form most often quoted, else most often written.
    this.renameByForms = new InList(
      db,
      `UPDATE Phrase SET text = (SELECT f.form FROM PhraseForm f WHERE f.phraseId = Phrase.id ORDER BY f.quotedCount DESC, f.count DESC, f.form LIMIT 1)
       WHERE text <> (SELECT f.form FROM PhraseForm f WHERE f.phraseId = Phrase.id ORDER BY f.quotedCount DESC, f.count DESC, f.form LIMIT 1) AND id IN`,
    );
  }

  /**
   * How many collections hold the phrase in documents other than `documentId`, up to the cap:
   * asked collection by collection (a corpus has a few), each as SeenElsewhere asks. Counting the
   * distinct collections of its other uses instead read every one when one collection held nearly
   * all (about 12 ms a phrase at 1 GB of text).
   */
  private remainingCollections(p: { id: number; occurrenceCount: number }, documentId: number): number {
    this.collections ??= this.collectionNames.all().map((r) => r.name);
    let n = 0;
    for (const c of this.collections) if (this.collectionSeen.has(p, documentId, c) && ++n >= COLLECTION_COUNT_CAP) break;
    return n;
  }

  /**
   * Adds a document's new uses, right after they were inserted; returns how
   * many phrases' figures changed. `which` says which of the document's
   * occurrences are the new ones: 'all' (a document just stored: it had none)
   * or 'unquoted' (its unquoted uses, just linked; its quoted ones were added
   * when it was stored).
   */
  add(documentId: number, which: 'all' | 'unquoted'): number {
    this.touchMarked?.[which].run(documentId);
    this.yearSeen.begin();
    this.collectionSeen.begin();
    const tallies = new Map<number, UseTally>();
    for (const u of this.usesOf[which].iterate(documentId)) tally(tallies, u.phraseId, u.text, u.start, u.end, u.quoted === 1);
    if (tallies.size === 0) return 0;
    const doc = this.documentOf.get(documentId)!;
    const authoritative = (AUTHORITATIVE_GENRES as readonly string[]).includes(doc.genre) ? 1 : 0;
    // Phrases the document already counted for (its quoted uses, when adding unquoted ones).
    const countedHere = which === 'unquoted' ? new Set(this.quotedPhrasesOf.all(documentId).map((r) => r.phraseId)) : new Set<number>();
    const rows: unknown[][] = [];
    for (const p of this.stored.all<StoredFigures>([...tallies.keys()])) {
      const t = tallies.get(p.id)!;
      const newDocument = !countedHere.has(p.id);
      const next: StoredFigures = { ...p };
      next.occurrenceCount += t.n;
      next.quotedCount += t.q;
      next.titleMarkedCount += t.titleMarked;
      next.thingFollowedCount += t.thingFollowed;
      if (newDocument) {
        next.documentCount++;
        next.authoritativeDocumentCount += authoritative;
        if (doc.year !== null && p.yearCount < YEAR_COUNT_CAP && !this.yearSeen.has(p, documentId, doc.year)) next.yearCount++;
        if (p.collectionCount < COLLECTION_COUNT_CAP && !this.collectionSeen.has(p, documentId, doc.collection)) next.collectionCount++;
      }
      // Quoted here for the first time: only a just-stored document brings quoted uses.
      if (t.q > 0 && newDocument) {
        next.quotedDocumentCount++;
        next.quotedAuthoritativeDocumentCount += authoritative;
      }
      if (p.firstDocumentId === null || firstKey(doc.date, doc.id) < firstKey(p.firstDate, p.firstDocumentId)) {
        next.firstDocumentId = doc.id;
        next.firstDate = doc.date;
      }
      if (p.lastDocumentId === null || lastKey(doc.date, doc.id) > lastKey(p.lastDate, p.lastDocumentId)) {
        next.lastDocumentId = doc.id;
        next.lastDate = doc.date;
      }
      rows.push([...ADDED_COLUMNS.map((c) => next[c]), p.id]);
      for (const [form, f] of t.forms) this.upsertForm.run(p.id, form, f.n, f.q);
    }
    if (rows.length === 0) return 0;
    this.update.run(rows);
    this.renameByForms.run(rows.map((r) => r[r.length - 1]));
    return rows.length;
  }

  /**
   * Takes all of a document's uses away from the figures of its phrases that
   * are up to date, in the caller's transaction, before they are deleted (a
   * replaced document, a copy filed under a preferred one). Counts, forms and
   * evidence are subtracted; where the document was a phrase's first or latest,
   * or its only one of a year or collection, what remains is looked up among
   * the phrase's other documents, not recounted from every use. Returns how
   * many phrases' figures changed.
   */
  remove(documentId: number): number {
    this.touchMarked?.all.run(documentId);
    this.yearSeen.begin();
    this.collectionSeen.begin();
    this.collections = null;
    const tallies = new Map<number, UseTally>();
    for (const u of this.usesOf.all.iterate(documentId)) tally(tallies, u.phraseId, u.text, u.start, u.end, u.quoted === 1);
    if (tallies.size === 0) return 0;
    const doc = this.documentOf.get(documentId)!;
    const authoritative = (AUTHORITATIVE_GENRES as readonly string[]).includes(doc.genre) ? 1 : 0;
    const rows: unknown[][] = [];
    const inconsistent: number[] = [];
    for (const p of this.stored.all<StoredFigures>([...tallies.keys()])) {
      const t = tallies.get(p.id)!;
      const next: StoredFigures = { ...p };
      next.occurrenceCount -= t.n;
      next.quotedCount -= t.q;
      next.titleMarkedCount -= t.titleMarked;
      next.thingFollowedCount -= t.thingFollowed;
      next.documentCount--;
      next.authoritativeDocumentCount -= authoritative;
      if (t.q > 0) {
        next.quotedDocumentCount--;
        next.quotedAuthoritativeDocumentCount -= authoritative;
      }
      if (next.occurrenceCount === 0) {
        // No use left: as the recount leaves a phrase without uses.
        Object.assign(next, { firstDocumentId: null, firstDate: null, lastDocumentId: null, lastDate: null, yearCount: 0, collectionCount: 0 });
      } else {
        // The document was the phrase's only one of its year (collection): one fewer, unless the count
        // stopped at its cap, where only counting what remains tells. (Counting every time read up to
        // every use left: 228 ms for the 51 phrases of a one-document update at 1 GB of text.)
        if (doc.year !== null && !this.yearSeen.has(p, documentId, doc.year)) {
          next.yearCount = p.yearCount > 0 && p.yearCount < YEAR_COUNT_CAP ? p.yearCount - 1 : this.remainingYears.get(p.id, documentId)!.n;
        }
        if (!this.collectionSeen.has(p, documentId, doc.collection)) {
          next.collectionCount =
            p.collectionCount > 0 && p.collectionCount < COLLECTION_COUNT_CAP ? p.collectionCount - 1 : this.remainingCollections(p, documentId);
        }
        if (p.firstDocumentId === documentId) [next.firstDate, next.firstDocumentId] = splitKey(this.firstElsewhere.get(p.id, documentId)!.k, '9999');
        if (p.lastDocumentId === documentId) [next.lastDate, next.lastDocumentId] = splitKey(this.lastElsewhere.get(p.id, documentId)!.k, '0000');
      }
      const counts = [next.occurrenceCount, next.quotedCount, next.documentCount, next.quotedDocumentCount, next.authoritativeDocumentCount,
        next.quotedAuthoritativeDocumentCount, next.titleMarkedCount, next.thingFollowedCount];
      if (counts.some((n) => n < 0) || (next.occurrenceCount > 0) !== (next.documentCount > 0)) {
        // Figures that do not match the uses (never expected): counted again from the occurrences.
        inconsistent.push(p.id);
        continue;
      }
      rows.push([...ADDED_COLUMNS.map((c) => next[c]), p.id]);
      for (const [form, f] of t.forms) this.takeForm.run(f.n, f.q, p.id, form);
    }
    if (inconsistent.length > 0) this.markStale.run(inconsistent);
    if (rows.length === 0) return 0;
    this.update.run(rows);
    const ids = rows.map((r) => r[r.length - 1]);
    this.dropEmptyForms.run(ids);
    this.renameByForms.run(ids);
    return rows.length;
  }
}
