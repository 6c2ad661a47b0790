/**
 * Editors' curation of the glossary (the author is the signed-in editor, see lib/auth): a phrase's status (confirmed, candidate,
 * rejected) and merging one entry into another.
 * Each is one transaction and one PhraseRevision per entry it changes, in the
 * shape the other editor writes use (the fields as saved, author, time).
 *
 * None of it is lost on re-ingest: ingestion never writes status; a merged
 * entry stays as an alias (status merged, mergedIntoId) that files its
 * wording's uses under the entry it was merged into (lib/ingest/store.ts,
 * link.ts). Undoing a promoted search is lib/search/promote's undoPromotion.
 *
 * Merging moves occurrences and refresh counts, which the bulk
 * writer's connection (lib/db) does in a few set-based statements.
 */
import { openDb, type Db } from '@/lib/db/sqlite';
import { retryWhileBusy } from '@/lib/db/busy';
import { refreshPhraseStats } from '@/lib/ingest/stats';
import { scorePhrases } from '@/lib/curation/score';
import { describeIssues, phraseMergeSchema, phraseStatusSchema } from './schemas';
import type { PhraseMergeInput, PhraseStatusInput } from './schemas';
import type { WriteResult } from './result';

export interface CuratedPhrase {
  id: number;
  status: string;
  version: number;
  mergedIntoId: number | null;
}

interface Row {
  id: number;
  key: string;
  status: string;
  version: number;
  origin: string;
  quotedCount: number;
  mergedIntoId: number | null;
  translation: string | null;
  definition: string | null;
  kind: string;
  kindSource: string;
  pinyinOverride: string | null;
}

type Failure = Exclude<WriteResult<never>, { ok: true }>;

/**
 * Runs a write on a connection of its own, without SQLite's synchronous busy
 * wait (it would freeze the server while an ingest holds the lock): a busy
 * transaction is retried with timers until the deadline (lib/db/busy).
 */
async function withDb<T>(fn: (db: Db) => T): Promise<T> {
  const db = openDb({ migrate: false });
  db.pragma('busy_timeout = 0');
  try {
    return await retryWhileBusy(async () => fn(db));
  } finally {
    db.close();
  }
}

function load(db: Db, id: number): Row | undefined {
  return db
    .prepare(
      `SELECT id, key, status, version, origin, quotedCount, mergedIntoId, translation, definition, kind, kindSource, pinyinOverride
       FROM Phrase WHERE id = ?`,
    )
    .get(id) as Row | undefined;
}

/** The revision data: the editor fields as in every PhraseRevision, with the curation state. */
function revisionData(r: Row, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    translation: r.translation,
    definition: r.definition,
    kind: r.kind,
    kindSource: r.kindSource,
    pinyinOverride: r.pinyinOverride,
    status: r.status,
    mergedIntoId: r.mergedIntoId,
    ...extra,
  });
}

/**
 * Bumps the version and records the revision (and the state before the first
 * edit, as updatePhraseFields does). `action` goes in PhraseRevision's action
 * column beside main's edit and revert; `extra` data says what a merge took in.
 */
function revise(db: Db, before: Row, author: string, action: 'status' | 'merge', extra: Record<string, unknown> = {}): Row {
  const hasPrevious = db.prepare('SELECT 1 FROM PhraseRevision WHERE phraseId = ? AND version = ?').get(before.id, before.version);
  const now = new Date().toISOString();
  if (!hasPrevious) {
    db.prepare('INSERT INTO PhraseRevision (phraseId, version, data, author, createdAt) VALUES (?, ?, ?, ?, ?)').run(
      before.id,
      before.version,
      revisionData(before),
      '(before editing)',
      now,
    );
  }
  db.prepare('UPDATE Phrase SET version = version + 1, updatedAt = ? WHERE id = ?').run(now, before.id);
  const after = load(db, before.id)!;
  db.prepare('INSERT INTO PhraseRevision (phraseId, version, data, author, createdAt, action) VALUES (?, ?, ?, ?, ?, ?)').run(
    after.id,
    after.version,
    revisionData(after, extra),
    author,
    now,
    action,
  );
  return after;
}

const notFound = (id: number): Failure => ({ ok: false, error: 'not-found', message: `There is no phrase ${id}.` });
const gone = (r: Row): Failure | null =>
  r.status === 'merged' ? { ok: false, error: 'not-found', message: `Phrase ${r.id} was merged into ${r.mergedIntoId}.` } : null;

/** Confirms, rejects or returns a phrase to the candidates. */
export async function setPhraseStatus(input: PhraseStatusInput, author: string): Promise<WriteResult<CuratedPhrase>> {
  const parsed = phraseStatusSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', ...describeIssues(parsed.error) };
  const { id, status } = parsed.data;
  return withDb((db) =>
    db
      .transaction((): WriteResult<CuratedPhrase> => {
        const before = load(db, id);
        if (!before) return notFound(id);
        const g = gone(before);
        if (g) return g;
        if (before.status === status) return { ok: true, value: pick(before) };
        db.prepare('UPDATE Phrase SET status = ? WHERE id = ?').run(status, id);
        const after = revise(db, { ...before }, author, 'status');
        return { ok: true, value: pick(after) };
      })
      .immediate(),
  );
}

/**
 * Merges entry `id` into entry `into`: its uses, forms and notes become
 * `into`'s; it stays as an alias (status merged) so re-ingesting files its
 * wording under `into`; both entries get a revision.
 */
export async function mergePhrases(input: PhraseMergeInput, author: string): Promise<WriteResult<CuratedPhrase>> {
  const parsed = phraseMergeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', ...describeIssues(parsed.error) };
  const { id, into } = parsed.data;
  if (id === into) return { ok: false, error: 'invalid', message: 'An entry cannot be merged into itself.', fields: { into: 'Choose another entry.' } };
  return withDb((db) => {
    const result = db
      .transaction((): WriteResult<CuratedPhrase> => {
        const from = load(db, id);
        const target = load(db, into);
        if (!from) return notFound(id);
        if (!target) return notFound(into);
        const g = gone(from) ?? gone(target);
        if (g) return g;
        // Same sentence and place under both entries cannot happen (keys differ), so uses move as they are.
        db.prepare('UPDATE Occurrence SET phraseId = ? WHERE phraseId = ?').run(into, id);
        db.prepare('UPDATE Note SET phraseId = ? WHERE phraseId = ?').run(into, id);
        // Entries merged into this one earlier now point at the entry that keeps everything.
        db.prepare('UPDATE Phrase SET mergedIntoId = ? WHERE mergedIntoId = ?').run(into, id);
        db.prepare("UPDATE Phrase SET status = 'merged', mergedIntoId = ?, scored = 0 WHERE id = ?").run(into, id);
        db.prepare('UPDATE Phrase SET scored = 0 WHERE id = ?').run(into);
        revise(db, from, author, 'merge');
        const after = revise(db, target, author, 'merge', { mergedIn: from.key });
        refreshPhraseStats(db, id);
        refreshPhraseStats(db, into);
        return { ok: true, value: pick(after) };
      })
      .immediate();
    if (result.ok) scorePhrases(db);
    return result;
  });
}

function pick(r: Row): CuratedPhrase {
  return { id: r.id, status: r.status, version: r.version, mergedIntoId: r.mergedIntoId };
}
