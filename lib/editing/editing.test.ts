import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureMigrated, openDb } from '@/lib/db/sqlite';
import { closePostgresPools } from '@/lib/db/postgres';
import { freshDatabase, urlOf } from '@/tests/support/provider';

// A fresh database for this file, set before the Prisma client is loaded (either provider).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-editing-'));
const file = await freshDatabase(dir, 'editing');
process.env.DATABASE_URL = urlOf(file);

type Editing = typeof import('./index');
let ed: Editing;
let phraseId: number;

beforeAll(async () => {
  ensureMigrated(file);
  const db = openDb({ file, migrate: false });
  const r = db
    .prepare(
      `INSERT INTO Phrase (key, text, simplified, traditional, pinyin, pinyinPlain, pinyinInitials, pinyinSort, kind, updatedAt)
       VALUES ('三会一课', '三會一課', '三会一课', '三會一課', 'sān huì yī kè', 'san hui yi ke', 'shyk', 'san1 hui4 yi1 ke4', 'formula', '2026-01-01T00:00:00.000Z')`,
    )
    .run();
  phraseId = Number(r.lastInsertRowid);
  db.close();
  ed = await import('./index');
});

afterAll(async () => {
  const { prisma } = await import('@/lib/db/client');
  await prisma.$disconnect();
  await closePostgresPools();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('notes', () => {
  it('creates, edits and deletes with a revision for every change', async () => {
    const created = await ed.createNote({ phraseId, body: 'First *note*' }, 'A');
    if (!created.ok) throw new Error(created.message);
    expect(created.value.version).toBe(1);
    const edited = await ed.updateNote({ id: created.value.id, version: 1, body: 'Second' }, 'B');
    if (!edited.ok) throw new Error(edited.message);
    expect(edited.value.version).toBe(2);
    expect(edited.value.body).toBe('Second');
    const deleted = await ed.deleteNote({ id: created.value.id, version: 2 }, 'C');
    if (!deleted.ok) throw new Error(deleted.message);
    expect(deleted.value.deletedAt).not.toBeNull();
    const { prisma } = await import('@/lib/db/client');
    const revs = await prisma.noteRevision.findMany({ where: { noteId: created.value.id }, orderBy: { version: 'asc' } });
    expect(revs.map((r) => [r.version, r.action, r.body, r.author])).toEqual([
      [1, 'create', 'First *note*', 'A'],
      [2, 'edit', 'Second', 'B'],
      [3, 'delete', 'Second', 'C'],
    ]);
  });

  it('refuses a save over a stale version and hands the text back', async () => {
    const created = await ed.createNote({ phraseId, body: 'v1' }, 'ed');
    if (!created.ok) throw new Error(created.message);
    const first = await ed.updateNote({ id: created.value.id, version: 1, body: 'saved by one' }, 'ed');
    expect(first.ok).toBe(true);
    const second = await ed.updateNote({ id: created.value.id, version: 1, body: 'saved by two' }, 'ed');
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.error).toBe('conflict');
    if (second.error !== 'conflict') return;
    expect(second.yours).toEqual({ body: 'saved by two' });
    expect(second.current?.body).toBe('saved by one');
    expect(ed.statusOf(second)).toBe(409);
  });

  it('validates input with clear messages', async () => {
    const empty = await ed.createNote({ phraseId, body: '   ' }, 'ed');
    expect(empty.ok).toBe(false);
    if (!empty.ok) {
      expect(empty.error).toBe('invalid');
      expect(empty.message).toMatch(/empty/);
    }
    const missing = await ed.createNote({ phraseId: 999999, body: 'x' }, 'ed');
    expect(!missing.ok && missing.error).toBe('not-found');
    const badVersion = await ed.updateNote({ id: 1, version: 'abc' as unknown as number, body: 'x' }, 'ed');
    expect(!badVersion.ok && badVersion.error).toBe('invalid');
  });
});

describe('phrase editor fields', () => {
  it('saves fields, marks an editor-chosen kind, and keeps the previous version', async () => {
    const r = await ed.updatePhraseFields({
      id: phraseId,
      version: 1,
      translation: 'three meetings and one lesson',
      definition: '',
      kind: 'slogan',
      pinyinOverride: 'sān huì yī kè',
    }, 'ed');
    if (!r.ok) throw new Error(r.message);
    expect(r.value).toMatchObject({ version: 2, kind: 'slogan', kindSource: 'editor', definition: null });
    const { prisma } = await import('@/lib/db/client');
    const revs = await prisma.phraseRevision.findMany({ where: { phraseId }, orderBy: { version: 'asc' } });
    expect(revs.map((x) => x.version)).toEqual([1, 2]);
    expect(JSON.parse(revs[0].data)).toMatchObject({ kind: 'formula', kindSource: 'auto', translation: null });
    expect(JSON.parse(revs[1].data)).toMatchObject({ kind: 'slogan', translation: 'three meetings and one lesson' });

    const stale = await ed.updatePhraseFields({ id: phraseId, version: 1, translation: 'other', kind: 'auto' }, 'ed');
    expect(!stale.ok && stale.error).toBe('conflict');

    const back = await ed.updatePhraseFields({ id: phraseId, version: 2, translation: 'x', kind: 'auto' }, 'ed');
    if (!back.ok) throw new Error(back.message);
    expect(back.value).toMatchObject({ kind: 'slogan', kindSource: 'auto', version: 3 });
  });

  it('rejects a malformed pinyin correction and an unknown kind', async () => {
    const r = await ed.updatePhraseFields({ id: phraseId, version: 3, kind: 'auto', pinyinOverride: '<script>' }, 'ed');
    expect(!r.ok && r.error).toBe('invalid');
    const k = await ed.updatePhraseFields({ id: phraseId, version: 3, kind: 'nonsense' as 'auto' }, 'ed');
    expect(!k.ok && k.error).toBe('invalid');
  });
});

describe('pinyinKeys', () => {
  it('derives the search and sort keys from tone-marked pinyin', () => {
    expect(ed.pinyinKeys('liǎng gè què lì')).toEqual({ plain: 'liang ge que li', initials: 'lgql', sort: 'liang3 ge4 que4 li4' });
    expect(ed.pinyinKeys('lǜsè')).toMatchObject({ plain: 'lüse' });
  });
});

describe('writeTransaction', () => {
  it('recognises SQLite busy errors however the adapter wraps them, and nothing else', async () => {
    const { isBusy } = await import('./transaction');
    expect(isBusy(new Error('SqliteError: database is locked'))).toBe(true);
    expect(isBusy(Object.assign(new Error('Transaction failed'), { meta: { driverAdapterError: { cause: { originalCode: 'SQLITE_BUSY' } } } }))).toBe(true);
    expect(isBusy(new Error('Unique constraint failed'))).toBe(false);
  });
});

describe('history: revert, restore, field-level merge', () => {
  it('reverts a note to any version as a new revision, and restores a deleted one', async () => {
    const c = await ed.createNote({ phraseId, body: 'one' }, 'ann');
    if (!c.ok) throw new Error(c.message);
    await ed.updateNote({ id: c.value.id, version: 1, body: 'two' }, 'bob');
    await ed.updateNote({ id: c.value.id, version: 2, body: 'three' }, 'ann');
    const back = await ed.revertNote({ id: c.value.id, version: 3, toVersion: 1 }, 'bob');
    if (!back.ok) throw new Error(back.message);
    expect(back.value).toMatchObject({ body: 'one', version: 4 });
    // A stale revert is a conflict like a stale edit; an unknown version is 404.
    expect(await ed.revertNote({ id: c.value.id, version: 3, toVersion: 2 }, 'bob')).toMatchObject({ ok: false, error: 'conflict' });
    expect(await ed.revertNote({ id: c.value.id, version: 4, toVersion: 9 }, 'bob')).toMatchObject({ ok: false, error: 'not-found' });
    const del = await ed.deleteNote({ id: c.value.id, version: 4 }, 'ann');
    if (!del.ok) throw new Error(del.message);
    const restored = await ed.restoreNote({ id: c.value.id, version: 5 }, 'admin');
    if (!restored.ok) throw new Error(restored.message);
    expect(restored.value).toMatchObject({ body: 'one', version: 6, deletedAt: null });
    expect(await ed.restoreNote({ id: c.value.id, version: 6 }, 'admin')).toMatchObject({ ok: false, error: 'conflict' });
    const { prisma } = await import('@/lib/db/client');
    const revs = await prisma.noteRevision.findMany({ where: { noteId: c.value.id }, orderBy: { version: 'asc' } });
    expect(revs.map((r) => [r.version, r.action, r.body, r.author, r.revertOf])).toEqual([
      [1, 'create', 'one', 'ann', null],
      [2, 'edit', 'two', 'bob', null],
      [3, 'edit', 'three', 'ann', null],
      [4, 'revert', 'one', 'bob', 1],
      [5, 'delete', 'one', 'ann', null],
      [6, 'restore', 'one', 'admin', null],
    ]);
  });

  it('merges two editors’ saves of different fields; the same field is still a conflict', async () => {
    const { prisma } = await import('@/lib/db/client');
    const start = (await prisma.phrase.findUniqueOrThrow({ where: { id: phraseId } })).version;
    const base = { id: phraseId, version: start, translation: 'x', definition: '', kind: 'auto' as const, pinyinOverride: 'sān huì yī kè' };
    // Both open version `start`; one changes the translation, the other the definition.
    const first = await ed.updatePhraseFields({ ...base, translation: 'three meetings, one lesson' }, 'ann');
    if (!first.ok) throw new Error(first.message);
    const second = await ed.updatePhraseFields({ ...base, definition: 'Party branch routine.' }, 'bob');
    if (!second.ok) throw new Error(second.message);
    expect(second.value).toMatchObject({ translation: 'three meetings, one lesson', definition: 'Party branch routine.', version: start + 2 });
    expect(second.value.mergedWith).toEqual(['translation']);
    // A third editor, also on `start`, changes the translation differently: conflict, nothing saved, text handed back.
    const third = await ed.updatePhraseFields({ ...base, translation: 'a third wording' }, 'cy');
    expect(third).toMatchObject({ ok: false, error: 'conflict', yours: { translation: 'a third wording' }, current: { translation: 'three meetings, one lesson' } });
    if (!third.ok && third.error === 'conflict') expect(third.message).toMatch(/changed the translation/);
    // Revert the fields to `start`: a new revision with the old values.
    const rev = await ed.revertPhraseFields({ id: phraseId, version: start + 2, toVersion: start }, 'ann');
    if (!rev.ok) throw new Error(rev.message);
    expect(rev.value).toMatchObject({ translation: 'x', definition: null, version: start + 3 });
    const row = await prisma.phraseRevision.findUniqueOrThrow({ where: { phraseId_version: { phraseId, version: start + 3 } } });
    expect(row).toMatchObject({ action: 'revert', revertOf: start, author: 'ann' });
  });
});
