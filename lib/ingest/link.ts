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
import type { Db } from '../db/sqlite';
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

/** Which phrases are looked for unquoted: formulas and slogans of a useful length (not titles or citations). */
export function eligiblePhrases(db: Db): EligiblePhrase[] {
  return db
    .prepare(
      `SELECT id, key, linked FROM Phrase
       WHERE length(key) <= ${MAX_UNQUOTED_LENGTH}
         AND ((kind = 'slogan' AND length(key) >= ${MIN_UNQUOTED_LENGTH})
           OR (kind = 'formula' AND length(key) >= ${MIN_UNQUOTED_FORMULA_LENGTH}))
       ORDER BY id`,
    )
    .all() as EligiblePhrase[];
}

export function linkUnquoted(db: Db, corpus: LoadedCorpus, progress?: LinkProgress): LinkResult {
  const phrases = eligiblePhrases(db);
  const newDocs = (db.prepare('SELECT id FROM Document WHERE linked = 0 ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
  const newPhrases = phrases.filter((p) => !p.linked);
  const oldDocs =
    newPhrases.length > 0
      ? (db.prepare('SELECT id FROM Document WHERE linked = 1 ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id)
      : [];

  const countOf = new Map(corpus.documents.map((d) => [d.id, d.count]));
  const quotedOf = db.prepare<[number], { sentenceId: number; phraseId: number; start: number }>(
    'SELECT sentenceId, phraseId, start FROM Occurrence WHERE documentId = ? AND quoted = 1',
  );
  const insert = db.prepare('INSERT INTO Occurrence (phraseId, sentenceId, documentId, sectionId, start, "end", quoted) VALUES (?, ?, ?, ?, ?, ?, 0)');
  const deleteUnquotedOfDoc = db.prepare('DELETE FROM Occurrence WHERE documentId = ? AND quoted = 0');
  const markDoc = db.prepare('UPDATE Document SET linked = 1 WHERE id = ?');

  let occurrences = 0;
  const total = newDocs.length + oldDocs.length;
  let done = 0;

  const scan = (documentId: number, matcher: AhoCorasick, ids: number[], replace: 'all' | Set<number>) => {
    // Quoted uses, by sentence: a match at the same place is that quoted use, not a new one.
    const quoted = new Map<number, Array<[number, number]>>();
    for (const q of quotedOf.all(documentId)) {
      const list = quoted.get(q.sentenceId);
      if (list) list.push([q.phraseId, q.start]);
      else quoted.set(q.sentenceId, [[q.phraseId, q.start]]);
    }
    const lastEnd = new Map<number, number>();
    {
      if (replace === 'all') deleteUnquotedOfDoc.run(documentId);
      const first = corpus.firstRankOf.get(documentId) ?? 0;
      const last = first + (countOf.get(documentId) ?? 0);
      for (let rank = first; rank < last; rank++) {
        const sentenceId = corpus.sentenceIds[rank];
        const sectionId = corpus.sectionIds[rank] || null;
        const quotedHere = quoted.get(sentenceId);
        lastEnd.clear();
        // Non-overlapping uses of each phrase, leftmost first.
        matcher.search(corpus.texts[rank], (start, end, p) => {
          const phraseId = ids[p];
          if ((lastEnd.get(phraseId) ?? -1) > start) return;
          lastEnd.set(phraseId, end);
          if (quotedHere && quotedHere.some(([qp, qs]) => qp === phraseId && qs === start)) return;
          insert.run(phraseId, sentenceId, documentId, sectionId, start, end);
          occurrences++;
        });
      }
      if (replace === 'all') markDoc.run(documentId);
    }
    progress?.(++done, total);
  };

  // Documents are linked in batches, each batch one transaction (a document's
  // uses and its linked flag always commit together; fewer commits, faster).
  const inBatches = (docs: number[], each: (documentId: number) => void) => {
    for (let i = 0; i < docs.length; i += LINK_BATCH) {
      db.transaction(() => docs.slice(i, i + LINK_BATCH).forEach(each)).immediate();
    }
  };

  if (newDocs.length && phrases.length) {
    const matcher = new AhoCorasick(phrases.map((p) => p.key));
    const ids = phrases.map((p) => p.id);
    inBatches(newDocs, (d) => scan(d, matcher, ids, 'all'));
  } else if (newDocs.length) {
    db.prepare('UPDATE Document SET linked = 1 WHERE linked = 0').run();
  }

  if (newPhrases.length && oldDocs.length) {
    const ids = newPhrases.map((p) => p.id);
    // Restartable: uses found by an interrupted earlier run are found again, not twice.
    const clear = db.prepare('DELETE FROM Occurrence WHERE phraseId = ? AND quoted = 0 AND documentId IN (SELECT id FROM Document WHERE linked = 1)');
    db.transaction(() => {
      for (const id of ids) clear.run(id);
    }).immediate();
    const matcher = new AhoCorasick(newPhrases.map((p) => p.key));
    const idSet = new Set(ids);
    inBatches(oldDocs, (d) => scan(d, matcher, ids, idSet));
  }
  // Every phrase (eligible or not) is now as linked as it will be.
  db.prepare('UPDATE Phrase SET linked = 1 WHERE linked = 0').run();
  return { documents: newDocs.length, phrases: newPhrases.length, occurrences };
}
