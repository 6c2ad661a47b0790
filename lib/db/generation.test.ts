/**
 * Servers learn of a new search-index generation from the ingest's
 * announcement (PostgreSQL LISTEN/NOTIFY), not by asking on every search.
 * Against the throwaway PostgreSQL of tests/support (skipped, saying why,
 * without it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from './sqlite';
import { announceGeneration, watchGeneration, type GenerationWatch } from './generation';
import { ingest } from '../ingest/run';
import { createDatabase, POSTGRES_TITLE, POSTGRES_URL } from '../../tests/support/postgres';

const SEED = path.join(__dirname, '..', '..', 'data', 'samples');
const stored = (db: Db) => (db.prepare("SELECT value FROM SearchMeta WHERE key = 'generation'").get() as { value: string } | undefined)?.value ?? null;

/** Waits for what the watch reports (announcements arrive on their own connection, in commit order). */
async function until(watch: GenerationWatch, what: (g: string | null | undefined) => boolean): Promise<string | null | undefined> {
  for (let i = 0; i < 200; i++) {
    if (what(watch.current())) return watch.current();
    await new Promise((r) => setTimeout(r, 25));
  }
  return watch.current();
}

describe('the search-index generation on SQLite', () => {
  it('has nothing to listen to: the generation is read per search', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-gen-'));
    const db = openDb({ file: path.join(dir, 'g.db') });
    try {
      expect(watchGeneration(db)).toBeNull();
      // Announcing is a no-op there.
      db.transaction(() => announceGeneration(db as never, 'x'))();
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(POSTGRES_URL !== null)(`the search-index generation ${POSTGRES_TITLE}`, () => {
  const opened: Array<{ close(): unknown }> = [];
  afterAll(async () => {
    for (const o of opened.reverse()) await o.close();
  });

  it('is announced to listening servers by the ingest that stores it, at its commit, and never by a rollback', async () => {
    const db = openDb({ file: await createDatabase('generation') });
    opened.push(db);
    const watch = watchGeneration(db)!;
    opened.push(watch);
    // Listening, and nothing stored yet.
    expect(await until(watch, (g) => g !== undefined)).toBeNull();

    const summary = ingest(db, [SEED]);
    expect(summary.added).toBe(1);
    const first = stored(db);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(await until(watch, (g) => g === first)).toBe(first);
    expect(watch.announced).toEqual([first]);

    // A transaction that announces and rolls back announces nothing; the next commit is heard after it.
    expect(() =>
      db.transaction(() => {
        announceGeneration(db as never, 'rolled back');
        db.prepare('SELECT 1').get(); // the announcement reached the server, inside the transaction
        throw new Error('undone');
      })(),
    ).toThrow('undone');
    db.transaction(() => announceGeneration(db as never, 'committed'))();
    expect(await until(watch, (g) => g === 'committed')).toBe('committed');
    expect(watch.announced).toEqual([first, 'committed']);
  });
});
