/**
 * The PostgreSQL connection's write queue (lib/db/postgres.ts): inside a
 * transaction, writes wait and go to the worker in one batch, and that must not
 * change what the code sees — ids and counts when read, errors inside the
 * transaction they belong to, rollbacks of a whole transaction or of one
 * savepoint, writes outside a transaction visible at once. Against the
 * throwaway PostgreSQL of tests/support (skipped, saying why, without it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from './sqlite';
import { PgSyncDb, PostgresError } from './postgres';
import { processFile } from '../ingest/process-file';
import { DocumentStore } from '../ingest/store';
import { createDatabase, POSTGRES_TITLE, POSTGRES_URL, queryOn } from '../../tests/support/postgres';

const SEED = path.join(__dirname, '..', '..', 'data', 'samples');

describe.runIf(POSTGRES_URL !== null)(`write queue ${POSTGRES_TITLE}`, () => {
  let url: string;
  let db: PgSyncDb;
  const count = async () => Number((await queryOn<{ n: string }>(url, 'SELECT count(*) AS n FROM q'))[0].n);

  beforeAll(async () => {
    url = await createDatabase('queue');
    db = new PgSyncDb(url);
    db.exec('CREATE TABLE q (id serial PRIMARY KEY, v integer UNIQUE NOT NULL)');
    db.refreshCatalog();
  });
  afterAll(() => db?.close());

  it('sends a transaction’s writes in one call, with correct ids and counts when they are read', async () => {
    db.exec('DELETE FROM q');
    const insert = db.prepare('INSERT INTO q (v) VALUES (?)');
    const before = db.roundTrips;
    const ids = db.transaction(() => {
      const results = [1, 2, 3, 4, 5].map((v) => insert.run(v));
      // Nothing was sent yet; reading an id sends the queue.
      expect(db.roundTrips).toBe(before);
      return results.map((r) => Number(r.lastInsertRowid));
    })();
    // One call for BEGIN and the inserts, one for the COMMIT.
    expect(db.roundTrips - before).toBe(2);
    expect(new Set(ids).size).toBe(5);
    expect(db.prepare('SELECT v FROM q WHERE id = ?').get(ids[2])).toEqual({ v: 3 });
    expect(db.transaction(() => db.prepare('UPDATE q SET v = v + 10 WHERE v > ?').run(2).changes)()).toBe(3);
    expect(await count()).toBe(5);
  });

  it('throws a queued write’s error inside its transaction, and rolls the whole transaction back', async () => {
    db.exec('DELETE FROM q');
    const insert = db.prepare('INSERT INTO q (v) VALUES (?)');
    expect(() =>
      db.transaction(() => {
        insert.run(1);
        insert.run(1); // a unique violation, found when the queue is sent at the commit
        insert.run(2);
      })(),
    ).toThrow(PostgresError);
    expect(await count()).toBe(0);
    // The connection is usable after the rollback.
    db.transaction(() => insert.run(7))();
    expect(await count()).toBe(1);
  });

  it('rolls back only a failed savepoint when the outer transaction catches its error', async () => {
    db.exec('DELETE FROM q');
    const insert = db.prepare('INSERT INTO q (v) VALUES (?)');
    db.transaction(() => {
      insert.run(1);
      expect(() => db.transaction(() => insert.run(1))()).toThrow(/unique|duplicate/i);
      insert.run(2);
    })();
    expect((await queryOn<{ v: number }>(url, 'SELECT v FROM q ORDER BY v')).map((r) => r.v)).toEqual([1, 2]);
  });

  it('sends nothing for a transaction that throws before anything needed the server', async () => {
    db.exec('DELETE FROM q');
    const before = db.roundTrips;
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO q (v) VALUES (?)').run(1);
        throw new Error('changed my mind');
      })(),
    ).toThrow('changed my mind');
    expect(db.roundTrips).toBe(before);
    expect(await count()).toBe(0);
  });

  it('sends a write outside a transaction at once: another connection sees it', async () => {
    db.exec('DELETE FROM q');
    db.prepare('INSERT INTO q (v) VALUES (?)').run(42);
    expect(await queryOn(url, 'SELECT v FROM q')).toEqual([{ v: 42 }]);
  });

  it('analyzes a table once it has grown by its own size, and plans foreign-key checks once', async () => {
    db.exec('CREATE TABLE grown (id serial PRIMARY KEY, qid integer REFERENCES q (id), v integer NOT NULL)');
    db.refreshCatalog();
    db.exec('DELETE FROM q');
    const parent = Number(db.prepare('INSERT INTO q (v) VALUES (?)').run(1).lastInsertRowid);
    const reltuples = async () => Number((await queryOn<{ n: number }>(url, `SELECT reltuples AS n FROM pg_class WHERE relname = 'grown'`))[0].n);
    const insert = (from: number, to: number) =>
      db.transaction(() => {
        const rows = db.prepare('INSERT INTO grown (qid, v) SELECT ?, g FROM generate_series(CAST(? AS integer), CAST(? AS integer)) g');
        rows.run(parent, from, to);
      })();
    // A few rows: autovacuum's business, not the connection's.
    const before = db.analyzes;
    insert(1, 10);
    expect(db.analyzes).toBe(before);
    expect(await reltuples()).toBeLessThan(0); // never analyzed
    // Past the minimum: analyzed at the commit, the planner knows the size.
    insert(11, 3000);
    expect(db.analyzes).toBe(before + 1);
    expect(await reltuples()).toBe(3000);
    // Less than its size again: not yet; past it: analyzed again.
    insert(3001, 5000);
    expect(db.analyzes).toBe(before + 1);
    insert(5001, 6500);
    expect(db.analyzes).toBe(before + 2);
    expect(await reltuples()).toBe(6500);
    // Each of those rows had a foreign-key check: with PostgreSQL's default plan
    // caching its plan is kept, not made again per row (force_custom_plan did that).
    expect(db.prepare('SELECT current_setting(?) AS mode').get('plan_cache_mode')).toEqual({ mode: 'auto' });
  });

  it('stores a document in a few calls to the worker, however many rows it has', async () => {
    const seed = openDb({ file: await createDatabase('queue_seed') });
    const pgSeed = seed as unknown as PgSyncDb;
    try {
      const file = path.join(SEED, fs.readdirSync(SEED)[0]);
      const result = processFile(file, {});
      if (result.kind !== 'documents' || result.documents[0].kind !== 'document') throw new Error(`the seed did not process: ${JSON.stringify(result).slice(0, 200)}`);
      const { doc, contentHash, charCount } = result.documents[0].processed;
      const store = new DocumentStore(seed);
      const calls = pgSeed.roundTrips;
      const stored = store.store(doc, contentHash, charCount);
      const used = pgSeed.roundTrips - calls;
      // Row by row it was a call per section, per new entry and per entry touched (three), more than 100 here.
      expect(stored.sections + stored.newPhrases).toBeGreaterThan(20);
      expect(used).toBeLessThanOrEqual(10);
      const count = (table: string) => (seed.prepare(`SELECT count(*) AS n FROM ${table} WHERE documentId = ?`).get(stored.documentId) as { n: number }).n;
      expect([count('Section'), count('Sentence'), count('Occurrence')]).toEqual([stored.sections, stored.sentences, stored.occurrences]);
      // Sections keep their nesting: every parent is a section of the same document, stored before it.
      const orphans = seed.prepare('SELECT count(*) AS n FROM Section s LEFT JOIN Section p ON p.id = s.parentId WHERE s.documentId = ? AND s.parentId IS NOT NULL AND (p.id IS NULL OR p.documentId <> s.documentId OR p.id >= s.id)').get(stored.documentId) as { n: number };
      expect(orphans.n).toBe(0);
      expect(doc.sections.filter((x) => x.parent !== null).length).toBeGreaterThan(0);
      expect(seed.prepare('SELECT count(*) AS n FROM Section WHERE documentId = ? AND parentId IS NOT NULL').get(stored.documentId)).toEqual({ n: doc.sections.filter((x) => x.parent !== null).length });
    } finally {
      seed.close();
    }
  });
});
