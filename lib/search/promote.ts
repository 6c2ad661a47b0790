/**
 * Promotes a searched string to a glossary phrase, with every sentence that
 * uses it as an occurrence (quoted where it stands in quotation marks). Editors
 * use it for formulations that were never quoted.
 *
 * A common string (的: 267k uses in the corpus) is a lot of work, so it is done
 * in bounded slices that give the event loop back between them: sentences are
 * read and matched 2,000 at a time, occurrences written 5,000 per transaction,
 * and each transaction waits for the write lock asynchronously. Other requests
 * are served meanwhile. Each promotion is recorded (table Promotion) so that
 * it can be undone.
 */
import type { Db } from '../db/sqlite';
import { classifyPhrase, phraseKey } from '../ingest/extract';
import { phraseReadings } from '../ingest/phrase-info';
import { refreshPhraseStats } from '../ingest/stats';
import { isLinkable } from '../ingest/link';
import { currentIndex, type SearchIndex } from './engine';
import { openDb } from '../db/sqlite';
import { retryWhileBusy } from '../db/busy';
import { foldToSimplified } from '../text/script';

const OPEN_FOR: Record<string, string> = { '”': '“', '」': '「', '』': '『', '》': '《' };

export interface PromoteResult {
  phraseId: number;
  created: boolean;
  occurrences: number;
  promotionId: number;
}

export interface PromoteOptions {
  author?: string;
  sentencesPerSlice?: number;
  rowsPerTransaction?: number;
}

/** Whether the text at [start, end) stands in quotation marks in its sentence. */
export function isQuotedAt(text: string, start: number, end: number): boolean {
  const close = text[end];
  return close !== undefined && OPEN_FOR[close] !== undefined && text[start - 1] === OPEN_FOR[close];
}

/** Gives the event loop a turn (other requests run) between slices of work. */
const yieldToServer = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One write transaction, taking the lock up front, retried asynchronously while another writer holds it. */
function writeSlice<T>(db: Db, fn: () => T): Promise<T> {
  return retryWhileBusy(async () => db.transaction(fn).immediate());
}

/** How many sentences a promotion of `query` would add uses from (for the confirmation step). */
export function promotionPreview(index: SearchIndex, query: string): { key: string; sentences: number } {
  const key = phraseKey(query);
  return { key, sentences: key ? index.matchingRanks(key, [[0, index.header.sentences]]).length : 0 };
}

type Row = [sentenceId: number, documentId: number, sectionId: number | null, start: number, end: number, quoted: 0 | 1];

export async function promoteSearchString(db: Db, index: SearchIndex, query: string, options: PromoteOptions = {}): Promise<PromoteResult> {
  const { author = 'system', sentencesPerSlice = 2000, rowsPerTransaction = 5000 } = options;
  const key = phraseKey(query);
  if (key.length === 0) throw new Error('empty query');
  const ranks = index.matchingRanks(key, [[0, index.header.sentences]]);

  // 1. Read and match, a slice of sentences at a time.
  const sentence = db.prepare('SELECT id, documentId, sectionId, text FROM Sentence WHERE id = ?');
  const rows: Row[] = [];
  for (let at = 0; at < ranks.length; at += sentencesPerSlice) {
    for (const rank of ranks.slice(at, at + sentencesPerSlice)) {
      const s = sentence.get(index.sentenceIdOf(rank)) as { id: number; documentId: number; sectionId: number | null; text: string } | undefined;
      if (!s) continue;
      const hay = foldToSimplified(s.text);
      for (let i = hay.indexOf(key); i >= 0; i = hay.indexOf(key, i + key.length)) {
        rows.push([s.id, s.documentId, s.sectionId, i, i + key.length, isQuotedAt(s.text, i, i + key.length) ? 1 : 0]);
      }
    }
    await yieldToServer();
  }

  // 2. The phrase (new, or an existing one made an editor's phrase) and the record of this promotion.
  const readings = phraseReadings(key);
  const start = await writeSlice(db, () => {
    const existing = db.prepare('SELECT id, kind, origin, kindSource FROM Phrase WHERE key = ?').get(key) as
      | { id: number; kind: string; origin: string; kindSource: string }
      | undefined;
    const now = new Date().toISOString();
    let id = existing?.id;
    // A quoted phrase the rules do not look for unquoted (“中国”) becomes an
    // editor's phrase: its uses found here are found again after any re-ingest.
    if (existing && !isLinkable(key, existing.kind, existing)) {
      db.prepare("UPDATE Phrase SET origin = 'search' WHERE id = ?").run(existing.id);
    }
    // linked = 0: the next ingest looks for it again in every document, including
    // any stored after the index this search ran on was built (and finishes a
    // promotion a crash interrupted).
    if (id === undefined) {
      id = Number(
        db
          .prepare(
            `INSERT INTO Phrase (key, text, simplified, traditional, pinyin, pinyinPlain, pinyinInitials, pinyinSort, kind, origin, createdAt, updatedAt, linked)
             VALUES (@key, @text, @simplified, @traditional, @pinyin, @pinyinPlain, @pinyinInitials, @pinyinSort, @kind, 'search', @now, @now, 0)`,
          )
          .run({ key, text: query.trim(), kind: classifyPhrase(key, false), now, ...readings }).lastInsertRowid,
      );
    }
    const promotionId = Number(
      db
        .prepare('INSERT INTO Promotion (phraseId, query, created, previousOrigin, author, createdAt) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, query.trim(), existing ? 0 : 1, existing?.origin ?? null, author, now).lastInsertRowid,
    );
    return { id, created: !existing, promotionId };
  });

  // 3. The occurrences, a bounded transaction at a time.
  const hasOccurrence = db.prepare('SELECT 1 FROM Occurrence WHERE phraseId = ? AND sentenceId = ? AND start = ?');
  const insert = db.prepare('INSERT INTO Occurrence (phraseId, sentenceId, documentId, sectionId, start, "end", quoted) VALUES (?, ?, ?, ?, ?, ?, ?)');
  let first: number | null = null;
  let last: number | null = null;
  let occurrences = 0;
  // Until step 4 recounts them, the phrase's figures lag behind its uses: marked, so that an
  // ingest meanwhile (or after a crash) recounts them instead of adding to them (lib/ingest/stats.ts).
  const markStale = db.prepare('UPDATE Phrase SET statsStale = 1 WHERE id = ? AND statsStale = 0');
  for (let at = 0; at < rows.length; at += rowsPerTransaction) {
    await writeSlice(db, () => {
      markStale.run(start.id);
      for (const [sentenceId, documentId, sectionId, s, e, quoted] of rows.slice(at, at + rowsPerTransaction)) {
        if (hasOccurrence.get(start.id, sentenceId, s)) continue;
        const rowid = Number(insert.run(start.id, sentenceId, documentId, sectionId, s, e, quoted).lastInsertRowid);
        first ??= rowid;
        last = rowid;
        occurrences++;
      }
    });
    await yieldToServer();
  }

  // 4. The phrase's figures, and what undo needs.
  await writeSlice(db, () => {
    refreshPhraseStats(db, start.id);
    db.prepare('UPDATE Promotion SET firstOccurrenceId = ?, lastOccurrenceId = ?, occurrences = ? WHERE id = ?').run(first, last, occurrences, start.promotionId);
  });
  return { phraseId: start.id, created: start.created, occurrences, promotionId: start.promotionId };
}

export type UndoResult =
  | { ok: true; query: string; phraseDeleted: boolean; occurrences: number }
  | { ok: false; error: 'not-found' | 'conflict'; message: string };

/**
 * Undoes a promotion: removes the occurrences it added (in bounded slices),
 * and the phrase itself if the promotion created it, unless editors have
 * written notes or fields on it since (then nothing is undone: say so).
 */
export async function undoPromotion(db: Db, promotionId: number, author: string, rowsPerTransaction = 5000): Promise<UndoResult> {
  const p = db.prepare('SELECT * FROM Promotion WHERE id = ?').get(promotionId) as
    | { id: number; phraseId: number; query: string; created: number; previousOrigin: string | null; firstOccurrenceId: number | null; lastOccurrenceId: number | null; undoneAt: string | null }
    | undefined;
  if (!p) return { ok: false, error: 'not-found', message: `There is no promotion ${promotionId}.` };
  if (p.undoneAt) return { ok: false, error: 'conflict', message: 'This promotion was undone already.' };
  if (p.created) {
    const edits = db.prepare('SELECT (SELECT count(*) FROM Note WHERE phraseId = ?) AS notes, (SELECT version FROM Phrase WHERE id = ?) AS version').get(p.phraseId, p.phraseId) as {
      notes: number;
      version: number | null;
    };
    if (edits.notes > 0 || (edits.version ?? 1) > 1) {
      return { ok: false, error: 'conflict', message: 'Editors have written notes or fields on this entry since it was added; undoing would delete them. Nothing was undone.' };
    }
  }
  const remove = db.prepare('DELETE FROM Occurrence WHERE id IN (SELECT id FROM Occurrence WHERE phraseId = ? AND id BETWEEN ? AND ? LIMIT ?)');
  // As in promote: marked for the recount until the last slice below recounts the figures.
  const markStale = db.prepare('UPDATE Phrase SET statsStale = 1 WHERE id = ? AND statsStale = 0');
  let removed = 0;
  if (p.firstOccurrenceId !== null && p.lastOccurrenceId !== null) {
    for (;;) {
      const n = await writeSlice(db, () => {
        markStale.run(p.phraseId);
        return remove.run(p.phraseId, p.firstOccurrenceId, p.lastOccurrenceId, rowsPerTransaction).changes;
      });
      removed += n;
      if (n < rowsPerTransaction) break;
      await yieldToServer();
    }
  }
  await writeSlice(db, () => {
    if (p.created) {
      // Any uses found since (by an ingest) go with it, a slice at a time is not needed: they are few.
      db.prepare('DELETE FROM Occurrence WHERE phraseId = ?').run(p.phraseId);
      db.prepare('DELETE FROM Phrase WHERE id = ?').run(p.phraseId);
    } else {
      if (p.previousOrigin) db.prepare('UPDATE Phrase SET origin = ? WHERE id = ?').run(p.previousOrigin, p.phraseId);
      refreshPhraseStats(db, p.phraseId);
    }
    db.prepare('UPDATE Promotion SET undoneAt = ?, undoneBy = ? WHERE id = ?').run(new Date().toISOString(), author, p.id);
  });
  return { ok: true, query: p.query, phraseDeleted: p.created === 1, occurrences: removed };
}

/** A write connection for the app that never waits synchronously for the lock (see lib/db/busy.ts). */
function appWriter(): Db {
  const db = openDb({ migrate: false });
  db.pragma('busy_timeout = 0');
  return db;
}

/**
 * What the search page's "add to the glossary" does: promotes the string on
 * the index the server has loaded, writing through a connection of its own.
 */
export async function promoteToGlossary(query: string, author: string): Promise<PromoteResult> {
  const index = currentIndex();
  if (!index) throw new Error('Nothing has been ingested yet.');
  const db = appWriter();
  try {
    return await promoteSearchString(db, index, query, { author });
  } finally {
    db.close();
  }
}

export async function undoPromotionInApp(promotionId: number, author: string): Promise<UndoResult> {
  const db = appWriter();
  try {
    return await undoPromotion(db, promotionId, author);
  } finally {
    db.close();
  }
}
