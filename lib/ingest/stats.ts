/**
 * Stage 8, stats: the per-phrase figures every list shows (counts, first and
 * latest appearance, surface forms, the form most often written), recomputed
 * from the occurrences in a few set-based statements so they are always
 * consistent with them.
 *
 * After an ingest only the phrases whose uses changed (statsStale) are
 * recomputed: the cost follows what was added, not the size of the glossary.
 */
import { crashPoint } from './crash';
import { BatchInsert, type Db } from '../db/sqlite';
import { dialectOf } from '../db/dialect';

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
    // quotation marks: one pass over the occurrences serves both the forms and
    // the headword. Forms are cut in JavaScript, where offsets are UTF-16 code
    // units as stored (SQL's substr() counts code points), from each sentence
    // read once with all its uses: a per-use SQL call would copy the whole
    // sentence for every use, and sorting uses joined to their sentences would
    // hold every sentence in the sorter (gigabytes for a document of long lines).
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS form_counts (phraseId INTEGER, form TEXT, n INTEGER, q INTEGER);
      DELETE FROM form_counts;`);
    const forms = new Map<string, { phraseId: number; form: string; n: number; q: number }>();
    const usesBySentence = db.prepare(`
      SELECT s.text AS text, u.uses AS uses
      FROM (SELECT sentenceId, ${dialect.groupConcat(`phraseId || ',' || start || ',' || "end" || ',' || CAST(quoted AS INTEGER)`, ',')} AS uses
            FROM Occurrence WHERE ${only('phraseId')} GROUP BY sentenceId) u
      JOIN Sentence s ON s.id = u.sentenceId`);
    for (const row of usesBySentence.iterate() as IterableIterator<{ text: string; uses: string }>) {
      const u = row.uses.split(',');
      for (let i = 0; i < u.length; i += 4) {
        const phraseId = Number(u[i]);
        const form = row.text.slice(Number(u[i + 1]), Number(u[i + 2]));
        const key = `${phraseId}\u0000${form}`;
        const f = forms.get(key) ?? forms.set(key, { phraseId, form, n: 0, q: 0 }).get(key)!;
        f.n++;
        f.q += Number(u[i + 3]);
      }
    }
    const insertForms = new BatchInsert(db, 'INSERT INTO form_counts (phraseId, form, n, q)', 4);
    insertForms.run([...forms.values()].flatMap((f) => [f.phraseId, f.form, f.n, f.q]));
    forms.clear();
    db.exec(`
      ${dialect.tempIndex('form_counts_phrase', 'form_counts', 'phraseId, q DESC, n DESC, form')};

      DELETE FROM PhraseForm WHERE ${only('phraseId')};
      INSERT INTO PhraseForm (phraseId, form, count) SELECT phraseId, form, n FROM form_counts;

      -- Phrases left without uses; the others get every one of these figures from agg below
      -- (rewriting them twice cost a row version and index entries per phrase).
      UPDATE Phrase SET occurrenceCount = 0, quotedCount = 0, documentCount = 0,
        firstDocumentId = NULL, firstDate = NULL, lastDocumentId = NULL, lastDate = NULL
      WHERE ${only('id')} AND NOT EXISTS (SELECT 1 FROM Occurrence o WHERE o.phraseId = Phrase.id);

      WITH per_doc AS (
        SELECT o.phraseId, o.documentId, count(*) AS n, sum(o.quoted) AS q,
               coalesce(d.date, '9999') AS sortDate, d.date AS date
        FROM Occurrence o JOIN Document d ON d.id = o.documentId
        WHERE ${only('o.phraseId')}
        GROUP BY o.phraseId, o.documentId, d.date
      ),
      agg AS (
        SELECT phraseId, sum(n) AS n, sum(q) AS q, count(*) AS docs,
               min(sortDate || ${dialect.zeroPad('documentId', 12)}) AS firstKey,
               max(coalesce(date, '0000') || ${dialect.zeroPad('documentId', 12)}) AS lastKey
        FROM per_doc GROUP BY phraseId
      )
      UPDATE Phrase SET
        occurrenceCount = agg.n,
        quotedCount = agg.q,
        documentCount = agg.docs,
        firstDocumentId = CAST(${dialect.lastChars('agg.firstKey', 12)} AS INTEGER),
        firstDate = nullif(substr(agg.firstKey, 1, length(agg.firstKey) - 12), '9999'),
        lastDocumentId = CAST(${dialect.lastChars('agg.lastKey', 12)} AS INTEGER),
        lastDate = nullif(substr(agg.lastKey, 1, length(agg.lastKey) - 12), '0000')
      FROM agg WHERE Phrase.id = agg.phraseId;

      -- The form most often written in quotation marks (else in running text) names the entry.
      UPDATE Phrase SET text = (
        SELECT form FROM form_counts f WHERE f.phraseId = Phrase.id ORDER BY q DESC, n DESC, form LIMIT 1
      ) WHERE occurrenceCount > 0 AND ${only('id')};
      UPDATE Phrase SET statsStale = 0 WHERE statsStale = 1 AND ${only('id')};
      DELETE FROM form_counts;
      DELETE FROM stale_phrases;
    `);
    return refreshed;
  }).immediate();
  crashPoint('stats');
  return refreshedCount;
}
