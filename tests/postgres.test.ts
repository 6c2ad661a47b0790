/**
 * The same app on both providers: PostgreSQL gets the schema SQLite gets, and
 * ingesting the same input gives the same glossary, counts, export and search
 * results. Runs against the throwaway PostgreSQL of tests/support (skipped,
 * saying why, without PostgreSQL's binaries); the corpus part also needs
 * ../shared/corpus.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_INGEST } from '@/lib/db/postgres-migrate';
import { openDb, type Db } from '@/lib/db/sqlite';
import { ingest } from '@/lib/ingest/run';
import { exportCsv, exportJson } from '@/lib/ingest/export';
import { SearchIndex } from '@/lib/search/engine';
import { createDatabase, POSTGRES_TITLE, POSTGRES_URL, queryOn } from './support/postgres';
import { CORPUS_FILES, HAS_CORPUS_FILES } from './support/corpus-files';

const ROOT = path.resolve(__dirname, '..');
const SEED = path.join(ROOT, 'data', 'samples');
const TABLES = ['Document', 'Section', 'Sentence', 'Phrase', 'PhraseForm', 'Occurrence'];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-pg-'));
const open: Db[] = [];
afterAll(() => {
  for (const db of open) db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function both(label: string): Promise<{ sqlite: Db; postgres: Db }> {
  return createDatabase(label).then((url) => {
    const sqlite = openDb({ file: path.join(tmp, `${label}.db`) });
    const postgres = openDb({ file: url });
    open.push(sqlite, postgres);
    return { sqlite, postgres };
  });
}

function counts(db: Db): Record<string, number> {
  return Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
}

/** Every hit of each query, with its total and document count. */
function searches(db: Db, queries: string[]) {
  const index = SearchIndex.load(db)!;
  return queries.map((q) => {
    const r = index.search(q, { page: 1, pageSize: 1000 });
    return { q, total: r.total, documents: r.documents, hits: r.hits.map((h) => h.sentenceId) };
  });
}

function expectSame(sqlite: Db, postgres: Db, queries: string[]): void {
  const c = counts(sqlite);
  expect(c.Phrase).toBeGreaterThan(10);
  expect(counts(postgres)).toEqual(c);
  expect([...exportJson(postgres)].join('')).toBe([...exportJson(sqlite)].join(''));
  expect([...exportCsv(postgres)].join('')).toBe([...exportCsv(sqlite)].join(''));
  const s = searches(sqlite, queries);
  expect(s.some((r) => r.total > 0)).toBe(true);
  expect(searches(postgres, queries)).toEqual(s);
}

describe.runIf(POSTGRES_URL !== null)(POSTGRES_TITLE, () => {
  it('the migrations give PostgreSQL the tables, columns and indexes SQLite gets', async () => {
    const { sqlite, postgres } = await both('schema');
    const sqliteColumns = (sqlite.prepare(
      `SELECT m.name AS t, c.name AS c, c."notnull" AS nn FROM sqlite_master m JOIN pragma_table_info(m.name) c
       WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' ORDER BY 1, 2`,
    ).all() as Array<{ t: string; c: string; nn: number }>).map((r) => `${r.t}.${r.c}${r.nn ? ' not null' : ''}`);
    const pgColumns = (postgres.prepare(
      `SELECT table_name AS t, column_name AS c, CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END AS nn
       FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 2`,
    ).all() as Array<{ t: string; c: string; nn: number }>).map((r) => `${r.t}.${r.c}${r.nn ? ' not null' : ''}`);
    // Prisma's own table is typed differently by provider; every other column is the same.
    const ours = (l: string[]) => l.filter((x) => !x.startsWith('_prisma_migrations.'));
    expect(ours(pgColumns)).toEqual(ours(sqliteColumns));
    const sqliteIndexes = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1`).all() as Array<{ name: string }>).map((r) => r.name);
    const pgIndexes = (postgres.prepare(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey' ORDER BY 1`).all() as Array<{ name: string }>).map((r) => r.name);
    expect(pgIndexes).toEqual(sqliteIndexes);
    // Both record the same migrations.
    const names = (db: Db) => (db.prepare('SELECT migration_name AS m FROM _prisma_migrations ORDER BY 1').all() as Array<{ m: string }>).map((r) => r.m);
    expect(names(postgres)).toEqual(names(sqlite));
  });

  it('the seed gives the same glossary, counts, exports and search results as SQLite', async () => {
    const { sqlite, postgres } = await both('seed');
    const a = ingest(sqlite, [SEED]);
    const b = ingest(postgres, [SEED]);
    expect({ ...b, seconds: 0 }).toEqual({ ...a, seconds: 0 });
    expectSame(sqlite, postgres, ['两个确立', '兩個確立', '政协', '的', '。', '第一议题', '全面從嚴治黨', '不存在的词']);
    // A second run changes nothing on either.
    expect(ingest(postgres, [SEED]).skipped).toBe(1);
    expect(counts(postgres)).toEqual(counts(sqlite));
  });

  it('serialises concurrent ingests with an advisory lock, and two at once give what one gives', async () => {
    const url = await createDatabase('lock');
    const other = path.join(tmp, 'other');
    fs.mkdirSync(other);
    const seedText = fs.readFileSync(path.join(SEED, fs.readdirSync(SEED)[0]), 'utf8');
    fs.writeFileSync(path.join(other, 'county.txt'), seedText.replace(/市/g, '县'));
    fs.writeFileSync(path.join(other, 'short.txt'), '关于“枫桥经验”的说明\n\n坚持和发展新时代“枫桥经验”，推进“两个确立”的学习。');
    const ingestCli = (input: string) => {
      const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/ingest.ts', input], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { done, stderr: () => stderr };
    };
    const documents = async () => Number((await queryOn<{ n: string }>(url, 'SELECT count(*) AS n FROM "Document"').catch(() => [{ n: '0' }]))[0].n);

    // Another machine holds the ingest lock: this ingest waits, writing nothing, until it is released.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [LOCK_INGEST]);
    const waiting = ingestCli(SEED);
    for (let i = 0; i < 600 && !/waiting for it to finish/.test(waiting.stderr()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(waiting.stderr()).toMatch(/another ingest is running on this database; waiting for it to finish/);
    expect(await documents()).toBe(0);
    await holder.query('SELECT pg_advisory_unlock($1)', [LOCK_INGEST]);
    await holder.end();
    expect({ code: await waiting.done, stderr: waiting.stderr() }).toMatchObject({ code: 0 });
    expect(await documents()).toBe(1);

    // Two ingests started together take turns; the glossary is what one SQLite ingest of both gives.
    const a = ingestCli(other);
    const b = ingestCli(SEED);
    expect([await a.done, await b.done], a.stderr() + b.stderr()).toEqual([0, 0]);
    const postgres = openDb({ file: url });
    const sqlite = openDb({ file: path.join(tmp, 'lock.db') });
    open.push(postgres, sqlite);
    ingest(sqlite, [SEED, other]);
    expect(counts(postgres)).toEqual(counts(sqlite));
    const glossary = (db: Db) => db.prepare('SELECT key, occurrenceCount, quotedCount, documentCount FROM Phrase ORDER BY key').all();
    expect(glossary(postgres)).toEqual(glossary(sqlite));
  });

  it("stores a document whose phrase an editor's transaction writes meanwhile: the losing transaction runs again, its uses counted once", async () => {
    const url = await createDatabase('conflict');
    const postgres = openDb({ file: url });
    const sqlite = openDb({ file: path.join(tmp, 'conflict.db') });
    open.push(postgres, sqlite);
    ingest(sqlite, [SEED]);
    ingest(postgres, [SEED]);
    const later = path.join(tmp, 'conflict-later.txt');
    fs.writeFileSync(later, '会议强调，要做到“两个维护”，坚持“两个确立”。');
    // Another connection (an editor's save) changes 两个维护's row and holds it for two seconds. The ingest's
    // transaction takes its snapshot meanwhile, waits for the row, and loses: PostgreSQL says 40001.
    const editor = new pg.Client({ connectionString: url });
    await editor.connect();
    const editing = editor.query(`BEGIN; UPDATE "Phrase" SET "updatedAt" = "updatedAt" WHERE key = '两个维护'; SELECT pg_sleep(2); COMMIT;`);
    await new Promise((r) => setTimeout(r, 300));
    const r = ingest(postgres, [later]);
    await editing;
    await editor.end();
    expect(r).toMatchObject({ added: 1, failed: 0 });
    ingest(sqlite, [later]);
    const glossary = (db: Db) =>
      (db.prepare('SELECT key, occurrenceCount, quotedCount, documentCount, quotedDocumentCount, statsStale FROM Phrase ORDER BY key').all() as Array<Record<string, unknown>>).map(
        (p) => ({ ...p, statsStale: Number(p.statsStale) }),
      );
    expect(glossary(postgres)).toEqual(glossary(sqlite));
  });

  describe.runIf(HAS_CORPUS_FILES)('on corpus files', () => {
    it('gives the same glossary, counts, exports and search results as SQLite', async () => {
      const { sqlite, postgres } = await both('corpus');
      ingest(sqlite, CORPUS_FILES);
      ingest(postgres, CORPUS_FILES);
      expectSame(sqlite, postgres, ['两个确立', '發展', '的', '人民', '强基工程', '暖心行动', '改革开放', '高质量发展']);
    });
  });
});
