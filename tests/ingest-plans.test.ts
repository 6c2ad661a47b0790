/**
 * The statements an ingest runs for each document find their rows by key, never
 * by reading a whole table: their cost must not grow with what is stored.
 * Two ways it went wrong before, both caught here:
 * - SQLite's planner, without statistics, took a low-selectivity index: an
 *   `UPDATE Phrase … WHERE kind = 'title' AND id IN (…)` read every title entry
 *   for each document (half a second of the 新闻联播 ingest);
 * - a foreign key's action: deleting a changed document's sections looked for
 *   uses and subsections naming each one, which no index served (0.5 s for one
 *   document of 30 sections once 新闻联播 was stored).
 * Plans are SQLite's; PostgreSQL's planner has statistics (lib/db/dialect.ts, unindexed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_PROVIDER } from './support/provider';
import { openDb, type Db } from '@/lib/db/sqlite';
import { ingest } from '@/lib/ingest/run';
import { toTraditional } from '@/lib/text/script';

const ROOT = path.resolve(__dirname, '..');
const SEED_DIR = path.join(ROOT, 'data/samples');
const SEED = path.join(SEED_DIR, fs.readdirSync(SEED_DIR).find((f) => f.endsWith('.txt'))!);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-plans-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every statement prepared on `db` from now on, by its text. */
function recordStatements(db: Db): Set<string> {
  const seen = new Set<string>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    seen.add(sql);
    return prepare(sql);
  }) as Db['prepare'];
  return seen;
}

/** SQLite's plan of a statement, one step a line; plans do not depend on the values, so every parameter is null. */
function planOf(db: Db, sql: string): string {
  const named = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map((m) => [m[1], null]));
  const positional = Array.from(sql.matchAll(/\?/g), () => null);
  const explain = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (Object.keys(named).length > 0 ? explain.all(named) : explain.all(...positional)) as Array<{ detail: string }>;
  return rows.map((r) => r.detail).join('\n');
}

/** Tables that grow with the corpus. */
const STORED = /\bSCAN (Phrase|Document|Section|Sentence|Occurrence|DocumentHash|DocumentFingerprint|PhraseForm)\b/;

describe.skipIf(TEST_PROVIDER !== 'sqlite')('ingest statements', () => {
  it('for one document or phrase search by key, with thousands of entries stored, adding and replacing documents', async () => {
    const db = openDb({ file: await freshDatabase(tmp, 'plans') });
    // A glossary with many title entries, as after 新闻联播 (5,773 of them).
    const insert = db.prepare(
      `INSERT INTO Phrase (key, text, simplified, traditional, pinyin, pinyinPlain, pinyinInitials, pinyinSort, kind, createdAt, updatedAt, linked, statsStale)
       VALUES (?, ?, ?, '', 'x', '', '', '', 'title', '2026-01-01', '2026-01-01', 1, 0)`,
    );
    db.transaction(() => {
      for (let i = 0; i < 6000; i++) insert.run(`标题${i}`, `标题${i}`, `标题${i}`);
    })();
    const statements = recordStatements(db);
    const dir = fs.mkdtempSync(path.join(tmp, 'in-'));
    const seed = path.join(dir, 'seed.txt');
    fs.copyFileSync(SEED, seed);
    fs.writeFileSync(path.join(dir, 'other.txt'), toTraditional(fs.readFileSync(SEED, 'utf8')).replace(/会议/g, '大会'));
    expect(ingest(db, [dir]).added).toBe(2);
    // A changed document replaces its sections, sentences and uses.
    fs.writeFileSync(seed, fs.readFileSync(SEED, 'utf8').replace(/。/, '，补充一句。'));
    expect(ingest(db, [seed]).updated).toBe(1);

    const oneRow = [...statements].filter((sql) => /\bWHERE\b[^;]*\b(documentId|id) (= \?|IN \(\?)/is.test(sql));
    expect(oneRow.some((sql) => /^DELETE FROM Section WHERE documentId = \?/.test(sql))).toBe(true);
    expect(oneRow.length).toBeGreaterThan(20);
    for (const sql of oneRow) expect(planOf(db, sql), sql).not.toMatch(STORED);
    // Phrases picked by id go by the primary key, not by another index that also matches.
    const phrasesById = oneRow.filter((sql) => /^\s*(UPDATE|DELETE FROM|SELECT .* FROM) Phrase\b[^(]*\bWHERE\b.*\bid (IN \(\?|= \?)/is.test(sql));
    expect(phrasesById.length).toBeGreaterThanOrEqual(3);
    for (const sql of phrasesById) {
      expect(planOf(db, sql), sql).toMatch(/SEARCH Phrase USING INTEGER PRIMARY KEY/);
      expect(planOf(db, sql), sql).not.toMatch(/USING (COVERING )?INDEX Phrase_/);
    }
    db.close();
  });
});
