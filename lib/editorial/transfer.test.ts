import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { ingest } from '@/lib/ingest/run';
import { SearchIndex } from '@/lib/search/engine';
import { promoteSearchString } from '@/lib/search/promote';
import { exportEditorial, importEditorial, linkImportedPhrases, parseEditorialExport, type EditorialExport } from './transfer';
import { EDITORIAL_TABLES } from './tables';
import { closePostgresPools } from '@/lib/db/postgres';
import { freshDatabase, urlOf } from '@/tests/support/provider';

const SEED = path.resolve(__dirname, '../../data/samples');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-editorial-'));
const source = await freshDatabase(dir, 'source');
// The editing functions write through Prisma, on the database named here (either provider).
process.env.DATABASE_URL = urlOf(source);

async function fresh(name: string, inputs: string[] = [SEED]): Promise<Db> {
  const db = openDb({ file: await freshDatabase(dir, name) });
  if (inputs.length) ingest(db, inputs);
  return db;
}

function phraseId(db: Db, key: string): number {
  return (db.prepare('SELECT id FROM Phrase WHERE key = ?').get(key) as { id: number }).id;
}

/** What an export says, without the time it was made. */
const content = (e: EditorialExport) => e.tables;

function usesOf(db: Db, key: string) {
  return db
    .prepare(
      `SELECT d.sourceKey, s.ordinal, o.start, o."end", o.quoted FROM Occurrence o JOIN Phrase p ON p.id = o.phraseId
       JOIN Sentence s ON s.id = o.sentenceId JOIN Document d ON d.id = o.documentId WHERE p.key = ? ORDER BY 1, 2, 3`,
    )
    .all(key);
}

let src: Db;
let exported: EditorialExport;

beforeAll(async () => {
  src = openDb({ file: source });
  ingest(src, [SEED]);
  const ed = await import('@/lib/editing');
  const lgql = phraseId(src, '两个确立');
  const first = await ed.createNote({ phraseId: lgql, body: '“两个确立”：确立习近平同志党中央的核心、全党的核心地位……' }, '编辑甲');
  if (!first.ok) throw new Error(first.message);
  const edited = await ed.updateNote({ id: first.value.id, version: 1, body: 'Edited: the **two establishments**.' }, '编辑乙');
  if (!edited.ok) throw new Error(edited.message);
  const second = await ed.createNote({ phraseId: lgql, body: 'A note that is then deleted.' }, '编辑甲');
  if (!second.ok) throw new Error(second.message);
  const deleted = await ed.deleteNote({ id: second.value.id, version: 1 }, '编辑乙');
  if (!deleted.ok) throw new Error(deleted.message);
  const shyk = phraseId(src, '三会一课');
  const fields = await ed.updatePhraseFields(
    {
      id: shyk,
      version: 1,
      translation: 'three meetings and one lecture',
      definition: 'Branch meetings, committee meetings, group meetings and a Party lecture.',
      kind: 'slogan',
      pinyinOverride: 'sān huì yī kè',
    },
    '编辑甲',
  );
  // Accounts are editorial content too (with their password hashes).
  const { addUser } = await import('@/lib/auth/users');
  await addUser('编辑甲', 'editor', 'a long enough password 1');
  await addUser('Admin', 'admin', 'another long password 2');
  if (!fields.ok) throw new Error(fields.message);
  // Curation and document metadata are editorial too.
  const status = await ed.setPhraseStatus({ id: shyk, status: 'confirmed' }, '编辑甲');
  if (!status.ok) throw new Error(status.message);
  // An editor's phrase the corpus never quotes: promoted from a search.
  const index = SearchIndex.load(src)!;
  await promoteSearchString(src, index, '政治生態');
  // After the promotion: a date edit leaves the document out of a newly loaded index until the next index update.
  const docId = (src.prepare('SELECT id FROM Document').get() as { id: number }).id;
  const meta = await ed.updateDocumentMeta({ id: docId, version: 1, date: '2025-02-14' }, '编辑甲');
  if (!meta.ok) throw new Error(meta.message);
  exported = exportEditorial(src);
});

afterAll(async () => {
  const { prisma } = await import('@/lib/db/client');
  await prisma.$disconnect();
  await closePostgresPools();
  src.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the editorial export', () => {
  it('holds notes with every revision, editor fields with theirs, and the promoted phrase, by key', () => {
    const t = exported.tables;
    expect(t.Note).toHaveLength(2);
    expect(t.Note.map((n) => [n.phraseId, n.author, n.version, n.deletedAt === null])).toEqual(
      expect.arrayContaining([
        ['两个确立', '编辑甲', 2, true],
        ['两个确立', '编辑甲', 2, false],
      ]),
    );
    expect(t.NoteRevision.map((r) => r.action).sort()).toEqual(['create', 'create', 'delete', 'edit']);
    // A revision names its note by the note's identity: phrase key, time, author.
    expect(t.NoteRevision[0].noteId).toMatchObject({ phraseId: '两个确立', author: '编辑甲' });
    expect(t.PhraseRevision.map((r) => [r.phraseId, r.version, r.action])).toEqual([
      ['三会一课', 1, 'edit'],
      ['三会一课', 2, 'edit'],
      ['三会一课', 3, 'status'],
    ]);
    expect(t.Document).toEqual([expect.objectContaining({ editedDate: '2025-02-14', version: 2 })]);
    expect(t.DocumentRevision.map((r) => r.version)).toEqual([1, 2]);
    const byKey = new Map(t.Phrase.map((p) => [p.key, p]));
    expect(byKey.get('三会一课')).toMatchObject({ translation: 'three meetings and one lecture', kind: 'slogan', kindSource: 'editor', status: 'confirmed', version: 3 });
    expect(byKey.get('政治生态')).toMatchObject({ origin: 'search' });
    expect(byKey.has('两个确立')).toBe(true); // it has notes
    expect(byKey.size).toBe(3); // untouched phrases are ingestion's, not editorial
    // Accounts by name, with their password hashes (argon2id), never their sessions.
    expect(t.User.map((u) => [u.nameKey, u.role, String(u.passwordHash).startsWith('$argon2id$')])).toEqual([
      ['admin', 'admin', true],
      ['编辑甲', 'editor', true],
    ]);
    expect(Object.keys(t)).not.toContain('Session');
    // No row ids anywhere.
    for (const rows of Object.values(t)) for (const r of rows) expect(r).not.toHaveProperty('id');
  });

  it('names every table in one list, each with columns this schema has', () => {
    const names = EDITORIAL_TABLES.map((e) => e.table);
    expect(names.slice(0, 2)).toEqual(['User', 'Phrase']);
    for (const t of ['Note', 'NoteRevision', 'PhraseRevision']) expect(Object.keys(exported.tables)).toContain(t);
  });
});

describe('importing into a database ingested afresh', () => {
  let target: Db;
  beforeAll(async () => {
    target = await fresh('target');
  });
  afterAll(() => target.close());

  it('gives identical editorial content, and the promoted phrase its uses', async () => {
    // Through JSON, as the file carries it.
    const data = parseEditorialExport(JSON.parse(JSON.stringify(exported)));
    const r = importEditorial(target, data);
    expect(r.tables.Note).toMatchObject({ inserted: 2, skipped: 0 });
    expect(r.tables.NoteRevision).toMatchObject({ inserted: 4, skipped: 0 });
    expect(r.tables.PhraseRevision).toMatchObject({ inserted: 3, skipped: 0 });
    expect(r.tables.Document).toMatchObject({ updated: 1, skipped: 0 });
    expect(r.tables.DocumentRevision).toMatchObject({ inserted: 2, skipped: 0 });
    expect(r.tables.Phrase).toMatchObject({ inserted: 1, updated: 1, skipped: 0 });
    expect(r.tables.User).toMatchObject({ inserted: 2, skipped: 0 });
    expect(r.createdPhrases).toBe(1);
    expect(linkImportedPhrases(target)).toBeGreaterThan(0);
    expect(content(exportEditorial(target))).toEqual(content(exported));
    // The imported account signs in with its password.
    const { verifyPassword } = await import('@/lib/auth/password');
    const hash = (target.prepare("SELECT passwordHash FROM User WHERE nameKey = '编辑甲'").get() as { passwordHash: string }).passwordHash;
    expect(await verifyPassword(hash, 'a long enough password 1')).toBe(true);
    expect(usesOf(target, '政治生态')).toEqual(usesOf(src, '政治生态'));
    expect(usesOf(target, '政治生态').length).toBeGreaterThan(0);
    const p = target.prepare("SELECT pinyinPlain, pinyinSort, kind FROM Phrase WHERE key = '三会一课'").get();
    expect(p).toEqual(src.prepare("SELECT pinyinPlain, pinyinSort, kind FROM Phrase WHERE key = '三会一课'").get());
  });

  it('changes nothing when imported a second time', () => {
    const count = (t: string) => (target.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    const before = ['User', 'Note', 'NoteRevision', 'PhraseRevision', 'Phrase', 'Occurrence'].map(count);
    const r = importEditorial(target, exported);
    for (const s of Object.values(r.tables)) expect(s).toMatchObject({ inserted: 0, updated: 0, skipped: 0 });
    expect(r.createdPhrases).toBe(0);
    expect(linkImportedPhrases(target)).toBe(0);
    expect(['User', 'Note', 'NoteRevision', 'PhraseRevision', 'Phrase', 'Occurrence'].map(count)).toEqual(before);
    expect(content(exportEditorial(target))).toEqual(content(exported));
  });
});

describe('importing into an empty database', () => {
  it('creates the annotated phrases so that no note is lost', async () => {
    const empty = await fresh('empty', []);
    try {
      const r = importEditorial(empty, exported);
      expect(r.createdPhrases).toBe(3);
      expect(r.tables.Note.inserted).toBe(2);
      const phrase = empty.prepare("SELECT text, pinyin, traditional FROM Phrase WHERE key = '两个确立'").get();
      // The headword as the source database wrote it.
      expect(phrase).toEqual({ text: '兩個確立', pinyin: 'liǎng gè què lì', traditional: '兩個確立' });
      expect(content(exportEditorial(empty)).Note).toEqual(exported.tables.Note);
    } finally {
      empty.close();
    }
  });
});

describe('a file that is not an editorial export', () => {
  it('is refused before anything is written', () => {
    expect(() => parseEditorialExport({ documents: [] })).toThrow(/not a Tifa editorial export/);
    expect(() => parseEditorialExport({ format: 'tifa-editorial', version: 99, tables: {} })).toThrow(/newer/);
    expect(() => parseEditorialExport({ format: 'tifa-editorial', version: 1, tables: { Note: [1] } })).toThrow(/list of objects/);
  });
});
