/**
 * `npm run migrate-to -- postgresql://…` moves a live SQLite glossary:
 * documents, glossary, notes with their history, editor fields, promotions,
 * accounts and sessions, the search index, row for row with their ids; the
 * moved database then takes new writes (ids continue past the copied ones).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { ingest } from '@/lib/ingest/run';
import { SearchIndex } from '@/lib/search/engine';
import { promoteSearchString } from '@/lib/search/promote';
import { exportEditorial, importEditorial } from '@/lib/editorial/transfer';
import { createDatabase, POSTGRES_TITLE, POSTGRES_URL } from './support/postgres';

const ROOT = path.resolve(__dirname, '..');
const SEED = path.join(ROOT, 'data', 'samples');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-move-'));
const source = path.join(dir, 'live.db');
// The editing functions write through Prisma, on the SQLite database to move.
process.env.DATABASE_URL = 'file:' + source;

// As `npm run migrate-to` runs it: from its bundle (scripts/launch.cjs).
const migrateTo = (url: string) =>
  spawnSync(process.execPath, ['scripts/launch.cjs', 'migrate-to', url], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: 'file:' + source },
    encoding: 'utf8',
  });

/** A table's rows as both providers should hold them: timestamps as instants, in one order. */
function rowsOf(db: Db, table: string): unknown[] {
  const rows: Array<Record<string, unknown>> = (db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>).map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(v) ? new Date(v).getTime() : Buffer.isBuffer(v) ? v.toString('base64') : v,
      ]),
    ),
  );
  return rows.sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
}

describe.runIf(POSTGRES_URL !== null)(POSTGRES_TITLE, () => {
  let live: Db;
  let token: string;
  beforeAll(async () => {
    live = openDb({ file: source });
    ingest(live, [SEED]);
    const ed = await import('@/lib/editing');
    const id = (live.prepare("SELECT id FROM Phrase WHERE key = '两个确立'").get() as { id: number }).id;
    const note = await ed.createNote({ phraseId: id, body: '“两个确立”：a note with its history.' }, '编辑甲');
    if (!note.ok) throw new Error(note.message);
    const edited = await ed.updateNote({ id: note.value.id, version: 1, body: 'Edited once.' }, '编辑乙');
    if (!edited.ok) throw new Error(edited.message);
    const fields = await ed.updatePhraseFields({ id, version: 1, translation: 'the two establishments' }, '编辑甲');
    if (!fields.ok) throw new Error(fields.message);
    const { addUser } = await import('@/lib/auth/users');
    const user = await addUser('编辑甲', 'editor', 'a long enough password 1');
    token = (await (await import('@/lib/auth/sessions')).createSession(user.id)).token;
    await promoteSearchString(live, SearchIndex.load(live)!, '政治生態');
  });

  afterAll(async () => {
    const { prisma } = await import('@/lib/db/client');
    await prisma.$disconnect();
    live.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves every table row for row, and refuses a database that is not empty', async () => {
    const url = await createDatabase('moved');
    const r = migrateTo(url);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^migrate-to: moved .* in [\d.]+ s: .*1 Document.*2 NoteRevision/);
    const moved = openDb({ file: url });
    try {
      const tables = (live.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'").all() as Array<{ name: string }>).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['Document', 'Phrase', 'Occurrence', 'Note', 'NoteRevision', 'PhraseRevision', 'User', 'Session', 'Promotion', 'SearchMeta']));
      for (const t of tables) {
        const expected = rowsOf(live, t);
        expect(rowsOf(moved, t), t).toEqual(expected);
      }
      expect(exportEditorial(moved).tables).toEqual(exportEditorial(live).tables);
      // The editorial export of one provider imports into the other as the same content: nothing to change.
      const again = importEditorial(moved, exportEditorial(live));
      for (const [table, r] of Object.entries(again.tables)) expect(r, table).toMatchObject({ inserted: 0, updated: 0, skipped: 0 });
      // The search index came along: the same answers, without a rebuild.
      const a = SearchIndex.load(live)!.search('两个确立', { page: 1, pageSize: 100 });
      const b = SearchIndex.load(moved)!.search('两个确立', { page: 1, pageSize: 100 });
      expect(b.total).toBeGreaterThan(0);
      expect(b).toEqual(a);
      // Ids continue past the copied ones: a new document and a new promotion go in.
      const other = path.join(dir, 'later');
      fs.mkdirSync(other);
      fs.writeFileSync(path.join(other, 'later.txt'), '关于“枫桥经验”的说明\n\n坚持和发展新时代“枫桥经验”，推进“两个确立”。');
      expect(ingest(moved, [other]).added).toBe(1);
      expect((moved.prepare('SELECT count(*) AS n FROM Document').get() as { n: number }).n).toBe(2);
      await promoteSearchString(moved, SearchIndex.load(moved)!, '新时代');
    } finally {
      moved.close();
    }
    const again = migrateTo(url);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already holds 2 Document rows/);
  });

  it('keeps a signed-in session valid on the moved database', async () => {
    const url = await createDatabase('sessions');
    expect(migrateTo(url).status).toBe(0);
    // Another process on the moved database (as a server on PostgreSQL would be).
    const check = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['-e', `import('./lib/auth/sessions').then(async (m) => { const s = m.sessionUser ? m : m.default; const u = await s.sessionUser(${JSON.stringify(token)}); console.log(JSON.stringify(u)); process.exit(0); })`],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' },
    );
    expect(JSON.parse(check.stdout)).toMatchObject({ name: '编辑甲', role: 'editor' });
  });
});
