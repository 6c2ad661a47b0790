/**
 * Stage 7, link: the unquoted uses of known phrases. A phrase first seen in
 * quotation marks is also found wherever it appears without them, in every
 * document, including documents ingested before the phrase was known.
 *
 * Incremental and restartable: new documents (linked = 0) are scanned for every
 * eligible phrase; new phrases (linked = 0) are scanned for in the documents
 * linked before this run. Each document's unquoted occurrences are replaced in
 * one transaction, so an interrupted run is finished by the next one.
 */
import type { Db } from '../db/sqlite';
import { AhoCorasick } from '../text/aho-corasick';
import { foldToSimplified } from '../text/script';

/** Shortest key looked for without quotation marks (one character would match everywhere). */
export const MIN_UNQUOTED_LENGTH = 2;
/** Longest key looked for without quotation marks: longer quoted spans are citations. */
export const MAX_UNQUOTED_LENGTH = 24;

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

/** Which phrases are looked for unquoted: formulas and slogans of a useful length. */
export function eligiblePhrases(db: Db): EligiblePhrase[] {
  return db
    .prepare(
      `SELECT id, key, linked FROM Phrase
       WHERE kind IN ('formula', 'slogan') AND length(key) BETWEEN ${MIN_UNQUOTED_LENGTH} AND ${MAX_UNQUOTED_LENGTH}
       ORDER BY id`,
    )
    .all() as EligiblePhrase[];
}

export function linkUnquoted(db: Db, progress?: LinkProgress): LinkResult {
  const phrases = eligiblePhrases(db);
  const newDocs = (db.prepare('SELECT id FROM Document WHERE linked = 0 ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
  const newPhrases = phrases.filter((p) => !p.linked);
  const oldDocs =
    newPhrases.length > 0
      ? (db.prepare('SELECT id FROM Document WHERE linked = 1 ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id)
      : [];

  const sentencesOf = db.prepare<[number], { id: number; sectionId: number | null; text: string }>(
    'SELECT id, sectionId, text FROM Sentence WHERE documentId = ? ORDER BY id',
  );
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
    const quoted = new Set(quotedOf.all(documentId).map((q) => `${q.sentenceId}:${q.phraseId}:${q.start}`));
    db.transaction(() => {
      if (replace === 'all') deleteUnquotedOfDoc.run(documentId);
      for (const s of sentencesOf.all(documentId)) {
        const folded = foldToSimplified(s.text);
        // Non-overlapping uses of each phrase, leftmost first.
        const lastEnd = new Map<number, number>();
        matcher.search(folded, (start, end, p) => {
          const phraseId = ids[p];
          if ((lastEnd.get(phraseId) ?? -1) > start) return;
          lastEnd.set(phraseId, end);
          if (quoted.has(`${s.id}:${phraseId}:${start}`)) return;
          insert.run(phraseId, s.id, documentId, s.sectionId, start, end);
          occurrences++;
        });
      }
      if (replace === 'all') markDoc.run(documentId);
    })();
    progress?.(++done, total);
  };

  if (newDocs.length && phrases.length) {
    const matcher = new AhoCorasick(phrases.map((p) => p.key));
    const ids = phrases.map((p) => p.id);
    for (const d of newDocs) scan(d, matcher, ids, 'all');
  } else if (newDocs.length) {
    db.prepare('UPDATE Document SET linked = 1 WHERE linked = 0').run();
  }

  if (newPhrases.length && oldDocs.length) {
    const ids = newPhrases.map((p) => p.id);
    // Restartable: uses found by an interrupted earlier run are found again, not twice.
    const clear = db.prepare('DELETE FROM Occurrence WHERE phraseId = ? AND quoted = 0 AND documentId IN (SELECT id FROM Document WHERE linked = 1)');
    db.transaction(() => {
      for (const id of ids) clear.run(id);
    })();
    const matcher = new AhoCorasick(newPhrases.map((p) => p.key));
    const idSet = new Set(ids);
    for (const d of oldDocs) scan(d, matcher, ids, idSet);
  }
  // Every phrase (eligible or not) is now as linked as it will be.
  db.prepare('UPDATE Phrase SET linked = 1 WHERE linked = 0').run();
  return { documents: newDocs.length, phrases: newPhrases.length, occurrences };
}
