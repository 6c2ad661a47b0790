/**
 * Curation and document metadata on the bundled sample speech, end to end
 * through the writes editors use (lib/editing) and the reads the pages use
 * (lib/data), and across a re-ingest of the changed file: nothing an editor
 * did is lost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db/sqlite';
import { ingest } from '@/lib/ingest/run';
import { SearchIndex } from '@/lib/search/engine';
import { promoteSearchString, undoPromotion } from '@/lib/search/promote';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-curation-'));
const file = path.join(dir, 'curation.db');
process.env.DATABASE_URL = 'file:' + file;
const SEED = path.resolve(__dirname, '../data/samples/000_ce7623e9653b5579.txt');
const speech = path.join(dir, 'speeches', 'speech.txt');

type Data = typeof import('@/lib/data');
type Editing = typeof import('@/lib/editing');
let data: Data;
let ed: Editing;

function reingest(): void {
  const db = openDb({ file });
  try {
    ingest(db, [path.dirname(speech)]);
  } finally {
    db.close();
  }
}

const idOf = async (text: string) => {
  const id = await data.findPhraseId(text);
  if (id === null) throw new Error(`no entry ${text}`);
  return id;
};

beforeAll(async () => {
  fs.mkdirSync(path.dirname(speech));
  fs.copyFileSync(SEED, speech);
  reingest();
  data = await import('@/lib/data');
  ed = await import('@/lib/editing');
});

afterAll(async () => {
  const { prisma } = await import('@/lib/db/client');
  await prisma.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('curation', () => {
  it('lists the sample’s phrases by default, each with status, score and kind', async () => {
    const list = await data.listPhrases({ pageSize: 200 });
    expect(list.total).toBe(17);
    for (const p of list.items) {
      expect(p.status).toBe('candidate');
      expect(p.score).toBeGreaterThanOrEqual(0.5);
      expect(p.score).toBeLessThanOrEqual(1);
      expect(['formula', 'slogan']).toContain(p.kind);
    }
    const quoted = await data.listPhrases({ sort: 'quoted', pageSize: 3 });
    expect(quoted.items[0].quotedCount).toBeGreaterThanOrEqual(quoted.items[2].quotedCount);
  });

  it('confirms and rejects with history; a rejected phrase leaves the default list but not ?all=1', async () => {
    const confirmed = await ed.setPhraseStatus({ id: await idOf('三会一课'), status: 'confirmed' }, 'Ed');
    if (!confirmed.ok) throw new Error(confirmed.message);
    const rejectedId = await idOf('同心共富');
    const rejected = await ed.setPhraseStatus({ id: rejectedId, status: 'rejected' }, 'Ed');
    if (!rejected.ok) throw new Error(rejected.message);
    expect((await data.listPhrases({ pageSize: 200 })).items.map((p) => p.id)).not.toContain(rejectedId);
    expect((await data.listPhrases({ all: '1', pageSize: 200 })).items.map((p) => p.id)).toContain(rejectedId);
    const history = await data.phraseRevisions(rejectedId);
    expect(history[0]).toMatchObject({ author: 'Ed', action: 'status', data: { status: 'rejected' } });
    // The history view (lib/history's shape) shows the status beside the editor fields.
    const view = data.phraseHistory(history);
    expect(view[0].changes).toEqual([expect.objectContaining({ field: 'status', before: 'candidate', after: 'rejected' })]);
    expect(history.at(-1)).toMatchObject({ author: '(before editing)', data: { status: 'candidate' } });
    const bad = await ed.setPhraseStatus({ id: rejectedId, status: 'merged' as 'confirmed' }, 'Ed');
    expect(bad.ok).toBe(false);
  });

  it('merges one entry into another: forms, uses and notes move, history is kept on both', async () => {
    const from = await idOf('两个维护');
    const into = await idOf('两个确立');
    const note = await ed.createNote({ phraseId: from, body: 'A note on 两个维护' }, 'Ed');
    if (!note.ok) throw new Error(note.message);
    const before = [(await data.getPhrase(from))!, (await data.getPhrase(into))!];
    const merged = await ed.mergePhrases({ id: from, into }, 'Ed');
    if (!merged.ok) throw new Error(merged.message);
    const after = (await data.getPhrase(into))!;
    expect(after.occurrenceCount).toBe(before[0].occurrenceCount + before[1].occurrenceCount);
    expect(after.forms.map((f) => f.form)).toEqual(expect.arrayContaining([...before[0].forms, ...before[1].forms].map((f) => f.form)));
    expect((await data.phraseNotes(into)).live.map((n) => n.body)).toContain('A note on 两个维护');
    expect((await data.getPhrase(from))!.mergedIntoId).toBe(into);
    expect(await data.findPhraseId('兩個維護')).toBe(into);
    expect((await data.listPhrases({ all: '1', pageSize: 200 })).items.map((p) => p.id)).not.toContain(from);
    expect((await data.phraseRevisions(from))[0]).toMatchObject({ action: 'merge', data: { status: 'merged', mergedIntoId: into } });
    expect((await data.phraseRevisions(into))[0]).toMatchObject({ action: 'merge', data: { mergedIn: '两个维护' } });
    expect((await ed.mergePhrases({ id: into, into }, 'Ed')).ok).toBe(false);
  });

  it('undoes a promoted search through its Promotion record, unless an editor has curated the entry since', async () => {
    const db = openDb({ file });
    try {
      const index = SearchIndex.load(db)!;
      const first = await promoteSearchString(db, index, '政治引领', { author: 'Ed' });
      expect((await data.getPhrase(first.phraseId))!.occurrenceCount).toBeGreaterThan(0);
      const undone = await undoPromotion(db, first.promotionId, 'Ed');
      expect(undone).toMatchObject({ ok: true, phraseDeleted: true });
      expect(await data.getPhrase(first.phraseId)).toBeNull();
      expect((await data.listPhrases({ all: '1', q: '政治引领' })).items).toHaveLength(0);

      // A status set by an editor is their work: undoing the promotion would lose it.
      const again = await promoteSearchString(db, index, '政治引领', { author: 'Ed' });
      const confirmed = await ed.setPhraseStatus({ id: again.phraseId, status: 'confirmed' }, 'Ed');
      if (!confirmed.ok) throw new Error(confirmed.message);
      expect(await undoPromotion(db, again.promotionId, 'Ed')).toMatchObject({ ok: false, error: 'conflict' });
      expect((await data.getPhrase(again.phraseId))!.status).toBe('confirmed');
    } finally {
      db.close();
    }
  });
});

describe('document metadata', () => {
  it('places the document and shows its file name, never a path', async () => {
    const docs = await data.listDocuments({});
    expect(docs.items).toHaveLength(1);
    expect(docs.items[0]).toMatchObject({ collection: 'speeches', genre: 'speech', source: 'speech.txt' });
    expect((await data.listDocuments({ genre: 'news' })).total).toBe(0);
    expect((await data.listDocuments({ collection: 'speeches', year: 2025 })).total).toBe(docs.total);
    // The analyses (compare, timelines, concordance filters) read the same stored placement.
    const corpus = await data.getCorpus();
    expect(corpus.byId.get(docs.items[0].id)).toMatchObject({ collection: 'speeches', genre: 'speech' });
    expect(corpus.collections.map((c) => c.key)).toEqual(['speeches']);
  });

  it('lets an editor set the title and date, with history and version checks', async () => {
    const id = (await data.listDocuments({})).items[0].id;
    const doc = (await data.getDocument(id))!;
    expect((await data.getCorpus()).byId.get(id)!.date).toBe(doc.date);
    expect(doc.date).not.toBe('2025-02-14');
    const saved = await ed.updateDocumentMeta({ id, version: doc.version, title: '市政协2025年党建工作会议讲话', date: '2025-02-14' }, 'Ed');
    if (!saved.ok) throw new Error(saved.message);
    const stale = await ed.updateDocumentMeta({ id, version: doc.version, date: '2025-02-15' }, 'Other');
    expect(stale.ok ? 'saved' : stale.error).toBe('conflict');
    const invalid = await ed.updateDocumentMeta({ id, version: saved.value.version, date: '2025-02-30' }, 'Ed');
    expect(invalid.ok ? 'saved' : invalid.error).toBe('invalid');
    const after = (await data.getDocument(id))!;
    expect(after).toMatchObject({ title: '市政协2025年党建工作会议讲话', date: '2025-02-14' });
    expect(after.revisions.map((r) => r.author)).toEqual(['Ed', '(before editing)']);
    expect(data.documentHistory(after.revisions)[0].changes.map((c) => c.field)).toEqual(expect.arrayContaining(['title']));
    // The analyses see the edited date at once.
    expect((await data.getCorpus()).byId.get(id)!.date).toBe('2025-02-14');
  });

  it('reverts the title and date to an earlier version, as a new version that can itself be reverted', async () => {
    const id = (await data.listDocuments({})).items[0].id;
    const edited = (await data.getDocument(id))!;
    const [ingested] = edited.revisions.filter((r) => r.author === '(before editing)');
    const back = await ed.revertDocumentMeta({ id, version: edited.version, toVersion: ingested.version }, 'Rev');
    if (!back.ok) throw new Error(back.message);
    // Back to what ingestion derived: no longer the editor's, so a re-ingest may set it again.
    expect(back.value).toMatchObject({ title: ingested.data.title, date: ingested.data.date, editedTitle: null, editedDate: null });
    expect((await data.getCorpus()).byId.get(id)!.date).toBe(ingested.data.date);
    const stale = await ed.revertDocumentMeta({ id, version: edited.version, toVersion: ingested.version }, 'Other');
    expect(stale.ok ? 'saved' : stale.error).toBe('conflict');
    expect((await ed.revertDocumentMeta({ id, version: back.value.version, toVersion: 99 }, 'Rev')).ok).toBe(false);
    // And forward again to the editor's version: the edit is never lost.
    const again = await ed.revertDocumentMeta({ id, version: back.value.version, toVersion: edited.version }, 'Rev');
    if (!again.ok) throw new Error(again.message);
    expect(again.value).toMatchObject({ title: '市政协2025年党建工作会议讲话', date: '2025-02-14', editedTitle: '市政协2025年党建工作会议讲话', editedDate: '2025-02-14' });
    const history = data.documentHistory((await data.getDocument(id))!.revisions);
    expect(history.slice(0, 2).map((r) => [r.action, r.revertOf])).toEqual([
      ['revert', edited.version],
      ['revert', ingested.version],
    ]);
  });
});

describe('after re-ingesting the changed file', () => {
  beforeAll(() => {
    fs.appendFileSync(speech, '\n我们要坚持“两个维护”，推动“同心共富”，把“三会一课”落到实处。\n');
    reingest();
  });

  it('keeps what editors did: title and date, statuses, the merge and the curated promotion', async () => {
    const doc = (await data.listDocuments({})).items[0];
    expect(doc).toMatchObject({ title: '市政协2025年党建工作会议讲话', date: '2025-02-14' });
    const into = await idOf('两个确立');
    const merged = (await data.getPhrase(into))!;
    expect(merged.forms.map((f) => f.form)).toEqual(expect.arrayContaining(['两个维护']));
    expect(merged.status).toBe('candidate');
    expect((await data.getPhrase(await idOf('三会一课')))!.status).toBe('confirmed');
    expect((await data.getPhrase(await idOf('同心共富')))!.status).toBe('rejected');
    const promoted = (await data.listPhrases({ all: '1', q: '政治引领' })).items;
    expect(promoted.map((p) => p.status)).toEqual(['confirmed']);
    expect(promoted[0].occurrenceCount).toBeGreaterThan(0);
    expect((await data.listPhrases({ q: '两个维护' })).items.map((p) => p.id)).toEqual([into]);
  });
});
