/**
 * Editors' curation of the glossary (the author is the signed-in editor, see lib/auth): a phrase's status (confirmed, candidate,
 * rejected), merging one entry into another, and undoing a promoted search.
 * Each is one transaction and one PhraseRevision per entry it changes, in the
 * shape the other editor writes use (the fields as saved, author, time).
 *
 * None of it is lost on re-ingest: ingestion never writes status; a merged
 * entry stays as an alias (status merged, mergedIntoId) that files its
 * wording's uses under the entry it was merged into (lib/ingest/store.ts,
 * link.ts); a deleted entry stays deleted unless a text newly quotes it.
 *
 * Merging and deleting move occurrences and refresh counts, which the bulk
 * writer's connection (lib/db) does in a few set-based statements.
 */
import { openDb, type Db } from '@/lib/db/sqlite';
import { retryWhileBusy } from '@/lib/db/busy';
import { refreshPhraseStats } from '@/lib/ingest/stats';
import { scorePhrases } from '@/lib/curation/score';
import { describeIssues, phraseDeleteSchema, phraseMergeSchema, phraseStatusSchema } from './schemas';
import type { PhraseDeleteInput, PhraseMergeInput, PhraseStatusInput } from './schemas';
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

/** Bumps the version and records the revision (and the state before the first edit, as updatePhraseFields does). */
function revise(db: Db, before: Row, author: string, extra: Record<string, unknown> = {}): Row {
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
  db.prepare('INSERT INTO PhraseRevision (phraseId, version, data, author, createdAt) VALUES (?, ?, ?, ?, ?)').run(
    after.id,
    after.version,
    revisionData(after, extra),
    author,
    now,
  );
  return after;
}

const notFound = (id: number): Failure => ({ ok: false, error: 'not-found', message: `There is no phrase ${id}.` });
const gone = (r: Row): Failure | null =>
  r.status === 'merged' || r.status === 'deleted'
    ? { ok: false, error: 'not-found', message: `Phrase ${r.id} was ${r.status === 'merged' ? `merged into ${r.mergedIntoId}` : 'deleted'}.` }
    : null;

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
        const after = revise(db, { ...before }, author, { action: `status ${before.status} → ${status}` });
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
        revise(db, from, author, { action: `merged into ${into} (${target.key})` });
        const after = revise(db, target, author, { action: `merged ${id} (${from.key}) into this entry` });
        refreshPhraseStats(db, id);
        refreshPhraseStats(db, into);
        return { ok: true, value: pick(after) };
      })
      .immediate();
    if (result.ok) scorePhrases(db);
    return result;
  });
}

/**
 * Undoes a promoted search: the entry and its uses go (the entry is kept,
 * status deleted, for its history). An entry that texts quote was not made by
 * a search and is rejected instead.
 */
export async function deletePromotedPhrase(input: PhraseDeleteInput, author: string): Promise<WriteResult<CuratedPhrase>> {
  const parsed = phraseDeleteSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', ...describeIssues(parsed.error) };
  const { id } = parsed.data;
  return withDb((db) =>
    db
      .transaction((): WriteResult<CuratedPhrase> => {
        const before = load(db, id);
        if (!before) return notFound(id);
        const g = gone(before);
        if (g) return g;
        if (before.origin !== 'search' || before.quotedCount > 0) {
          return {
            ok: false,
            error: 'invalid',
            message: 'Only an entry made by promoting a search, and quoted in no text, can be deleted; reject this one instead.',
            fields: { id: 'Not a promoted search.' },
          };
        }
        db.prepare('DELETE FROM Occurrence WHERE phraseId = ?').run(id);
        db.prepare("UPDATE Phrase SET status = 'deleted', origin = 'quoted', linked = 1 WHERE id = ?").run(id);
        const after = revise(db, before, author, { action: 'deleted (promoted search undone)' });
        refreshPhraseStats(db, id);
        return { ok: true, value: pick(after) };
      })
      .immediate(),
  );
}

function pick(r: Row): CuratedPhrase {
  return { id: r.id, status: r.status, version: r.version, mergedIntoId: r.mergedIntoId };
}
