/**
 * npm run backup / restore on PostgreSQL, as an operator runs them: the
 * backup is pg_dump's custom format, a restore puts back exactly what was
 * backed up (documents, glossary, notes, accounts) into the same or a fresh
 * database, and bad files or a database still in use are refused with a
 * message, changing nothing. Runs the real command lines against the
 * throwaway PostgreSQL of tests/support (skipped, saying why, without it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, POSTGRES_TITLE, POSTGRES_URL, queryOn } from './support/postgres';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const SEED = path.join(ROOT, 'data', 'samples');
const STACK = /\n\s+at .+:\d+:\d+/;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-pg-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A script as its npm command runs it: from its bundle (scripts/launch.cjs), but `users` through tsx. */
function cli(script: string, args: string[], databaseUrl: string, input?: string) {
  const [command, first] = script === 'users' ? [TSX, `scripts/${script}.ts`] : [process.execPath, 'scripts/launch.cjs'];
  const r = spawnSync(command, script === 'users' ? [first, ...args] : [first, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, TIFA_DEBUG: '' },
    encoding: 'utf8',
    input,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What a restore must give back: the glossary export, the editorial export (notes and their history), the accounts. */
async function state(url: string) {
  const glossary = cli('export', ['--format', 'json'], url);
  const editorial = cli('export', ['--editorial'], url);
  expect(glossary.status).toBe(0);
  expect(editorial.status).toBe(0);
  const editorialTables = (JSON.parse(editorial.stdout) as { tables: Record<string, unknown> }).tables;
  const users = await queryOn(url, 'SELECT name, role, "passwordHash" FROM "User" ORDER BY id');
  return { glossary: glossary.stdout, editorial: editorialTables, users };
}

describe.runIf(POSTGRES_URL !== null)(`npm run backup and restore ${POSTGRES_TITLE}`, () => {
  it('backs up with pg_dump and restores exactly that, into the same database or a fresh one', async () => {
    const url = await createDatabase('backup');
    expect(cli('ingest', ['--quiet', SEED], url).status).toBe(0);
    expect(cli('users', ['add', 'editor1', '--role', 'editor'], url, 'a long enough passphrase\n').status).toBe(0);
    // An editor's note with one revision, written as the app stores them.
    const [phrase] = await queryOn<{ id: number }>(url, `SELECT id FROM "Phrase" WHERE text = '第一議題'`);
    expect(phrase).toBeDefined();
    const [note] = await queryOn<{ id: number }>(
      url,
      `INSERT INTO "Note" ("phraseId", body, author, "updatedAt") VALUES ($1, 'The first item on every Party committee agenda.', 'editor1', now()) RETURNING id`,
      [phrase.id],
    );
    await queryOn(url, `INSERT INTO "NoteRevision" ("noteId", version, body, author, action) VALUES ($1, 1, 'The first item on every Party committee agenda.', 'editor1', 'create')`, [note.id]);
    const backedUp = await state(url);
    expect(backedUp.users).toHaveLength(1);
    expect(JSON.stringify(backedUp.editorial)).toContain('first item on every Party committee agenda');

    const file = path.join(tmp, 'tifa.dump');
    const made = cli('backup', ['--out', file], url);
    expect(made.status).toBe(0);
    expect(made.stderr).toMatch(/backup: wrote .*1 documents, 17 phrases, 1 notes/);
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('PGDMP'); // pg_dump's custom format
    const again = cli('backup', ['--out', file], url);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/exists; pass --force/);

    // Changes after the backup: another account, the note edited, the note's phrase's document re-dated.
    expect(cli('users', ['add', 'editor2', '--role', 'editor'], url, 'another long passphrase\n').status).toBe(0);
    await queryOn(url, `UPDATE "Note" SET body = 'changed after the backup', version = 2 WHERE id = $1`, [note.id]);
    await queryOn(url, `UPDATE "Document" SET date = '1999-01-01'`);
    expect(await state(url)).not.toEqual(backedUp);

    // A database in use is refused unless --force; nothing changes.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      const busy = cli('restore', [file], url);
      expect(busy.status).toBe(1);
      expect(busy.stderr).toMatch(/1 other session\(s\)/);
      expect(busy.stderr).not.toMatch(STACK);
      expect((await queryOn(url, 'SELECT count(*)::int AS n FROM "User"'))[0]).toEqual({ n: 2 });
      // --force restores with the session still there (an idle one holds no lock).
      const forced = cli('restore', ['--force', file], url);
      expect(forced.status).toBe(0);
      expect(await state(url)).toEqual(backedUp);
    } finally {
      await holder.end();
    }

    const restored = cli('restore', [file], url);
    expect(restored.status).toBe(0);
    expect(restored.stderr).toMatch(/now holds .*\(1 documents, 17 phrases, 1 notes\)/);
    expect(await state(url)).toEqual(backedUp);

    // Into a fresh, never-migrated database: the same.
    const fresh = await createDatabase('restore_fresh');
    expect(cli('restore', [file], fresh).status).toBe(0);
    expect(await state(fresh)).toEqual(backedUp);
    const migrations = await queryOn(url, 'SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL');
    expect(await queryOn(fresh, 'SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL')).toEqual(migrations);
  });

  it('refuses what is not a Tifa backup, without a stack trace, and changes nothing', async () => {
    const url = await createDatabase('restore_refuse');
    expect(cli('ingest', ['--quiet', SEED], url).status).toBe(0);
    const before = await state(url);

    const garbage = path.join(tmp, 'garbage.dump');
    fs.writeFileSync(garbage, 'not a dump at all');
    const notDump = cli('restore', [garbage], url);
    expect(notDump.status).toBe(1);
    expect(notDump.stderr).toMatch(/not a PostgreSQL backup made by npm run backup/);
    expect(notDump.stderr).not.toMatch(STACK);

    // A SQLite backup is not a pg_dump either.
    const sqliteDb = 'file:' + path.join(tmp, 'other.db');
    expect(cli('ingest', ['--quiet', SEED], sqliteDb).status).toBe(0);
    const sqliteBackup = path.join(tmp, 'sqlite-backup.db');
    expect(cli('backup', ['--out', sqliteBackup], sqliteDb).status).toBe(0);
    const wrongKind = cli('restore', [sqliteBackup], url);
    expect(wrongKind.status).toBe(1);
    expect(wrongKind.stderr).toMatch(/not a PostgreSQL backup/);

    // A dump of some other PostgreSQL database (no Tifa tables).
    const other = await createDatabase('not_tifa');
    await queryOn(other, 'CREATE TABLE unrelated (id int)');
    const otherDump = path.join(tmp, 'other.dump');
    const { postgresTool } = await import('@/lib/db/postgres-backup');
    expect(spawnSync(postgresTool('pg_dump'), ['--format=custom', `--file=${otherDump}`, `--dbname=${other}`]).status).toBe(0);
    const notTifa = cli('restore', [otherDump], url);
    expect(notTifa.status).toBe(1);
    expect(notTifa.stderr).toMatch(/not a Tifa database \(no _prisma_migrations, Document/);

    const missing = cli('restore', [path.join(tmp, 'nowhere.dump')], url);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);

    expect(await state(url)).toEqual(before);
  });
});
