/**
 * Promotes a searched string to a glossary phrase, with every sentence that
 * uses it as an occurrence (quoted where it stands in quotation marks). Editors
 * use it for formulations that were never quoted.
 */
import type { Db } from '../db/sqlite';
import { classifyPhrase, phraseKey } from '../ingest/extract';
import { phraseReadings } from '../ingest/phrase-info';
import { refreshPhraseStats } from '../ingest/stats';
import { isLinkable } from '../ingest/link';
import { readyIndex, type SearchIndex } from './engine';
import { openDb, writeWhenFree } from '../db/sqlite';
import { foldToSimplified } from '../text/script';

const OPEN_FOR: Record<string, string> = { '”': '“', '」': '「', '』': '『', '》': '《' };

export interface PromoteResult {
  phraseId: number;
  created: boolean;
  occurrences: number;
}

/** Whether the text at [start, end) stands in quotation marks in its sentence. */
export function isQuotedAt(text: string, start: number, end: number): boolean {
  const close = text[end];
  return close !== undefined && OPEN_FOR[close] !== undefined && text[start - 1] === OPEN_FOR[close];
}

export function promoteSearchString(db: Db, index: SearchIndex, query: string): PromoteResult {
  return db.transaction(() => promoteInTransaction(db, index, query)).immediate();
}

/** The promotion itself; the caller holds the write transaction. */
function promoteInTransaction(db: Db, index: SearchIndex, query: string): PromoteResult {
  const key = phraseKey(query);
  if (key.length === 0) throw new Error('empty query');
  const existing = db.prepare('SELECT id, kind, origin, kindSource FROM Phrase WHERE key = ?').get(key) as
    | { id: number; kind: string; origin: string; kindSource: string }
    | undefined;
  const ranks = index.matchingRanks(key, [[0, index.header.sentences]]);
  const sentence = db.prepare('SELECT id, documentId, sectionId, text FROM Sentence WHERE id = ?');
  const hasOccurrence = db.prepare('SELECT 1 FROM Occurrence WHERE phraseId = ? AND sentenceId = ? AND start = ?');
  const insert = db.prepare('INSERT INTO Occurrence (phraseId, sentenceId, documentId, sectionId, start, "end", quoted) VALUES (?, ?, ?, ?, ?, ?, ?)');
  let occurrences = 0;
  const phraseId = ((): number => {
    let id = existing?.id;
    // A quoted phrase the rules do not look for unquoted (“中国”) becomes an
    // editor's phrase: its uses found here are found again after any re-ingest.
    if (existing && !isLinkable(key, existing.kind, existing)) {
      db.prepare("UPDATE Phrase SET origin = 'search' WHERE id = ?").run(existing.id);
    }
    // linked = 0: the next ingest looks for it again in every document, including
    // any stored after the index this search ran on was built.
    if (id === undefined) {
      const now = new Date().toISOString();
      id = Number(
        db
          .prepare(
            `INSERT INTO Phrase (key, text, simplified, traditional, pinyin, pinyinPlain, pinyinInitials, pinyinSort, kind, origin, createdAt, updatedAt, linked)
             VALUES (@key, @text, @simplified, @traditional, @pinyin, @pinyinPlain, @pinyinInitials, @pinyinSort, @kind, 'search', @now, @now, 0)`,
          )
          .run({ key, text: query.trim(), kind: classifyPhrase(key, false), now, ...phraseReadings(key) }).lastInsertRowid,
      );
    }
    for (const rank of ranks) {
      const s = sentence.get(index.sentenceIdOf(rank)) as { id: number; documentId: number; sectionId: number | null; text: string } | undefined;
      if (!s) continue;
      const hay = foldToSimplified(s.text);
      for (let at = hay.indexOf(key); at >= 0; at = hay.indexOf(key, at + key.length)) {
        if (hasOccurrence.get(id, s.id, at)) continue;
        insert.run(id, s.id, s.documentId, s.sectionId, at, at + key.length, isQuotedAt(s.text, at, at + key.length) ? 1 : 0);
        occurrences++;
      }
    }
    refreshPhraseStats(db, id);
    return id;
  })();
  return { phraseId, created: existing === undefined, occurrences };
}

/**
 * What the search page's "add to the glossary" does: promotes the string on
 * the index the server has loaded, writing through a connection of its own.
 * While an ingest holds the write lock it waits without blocking other
 * requests (writeWhenFree).
 */
export async function promoteToGlossary(query: string): Promise<PromoteResult> {
  const index = await readyIndex();
  if (!index) throw new Error('Nothing has been ingested yet.');
  const db = openDb({ migrate: false });
  try {
    return await writeWhenFree(db, () => promoteInTransaction(db, index, query));
  } finally {
    db.close();
  }
}
