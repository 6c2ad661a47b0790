import { num, prisma, rows, sql, toDate } from './db';

export interface NoteRevisionView {
  version: number;
  action: string;
  body: string;
  author: string;
  createdAt: Date;
  revertOf: number | null;
}

export interface NoteView {
  id: number;
  phraseId: number;
  body: string;
  author: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  revisions: NoteRevisionView[];
}

interface NoteRow {
  id: unknown;
  phraseId: unknown;
  body: string;
  author: string;
  version: unknown;
  createdAt: unknown;
  updatedAt: unknown;
  deletedAt: unknown;
}

interface RevisionRow {
  noteId: unknown;
  version: unknown;
  action: string;
  body: string;
  author: string;
  createdAt: unknown;
  revertOf?: unknown;
}

function toView(n: NoteRow, revisions: RevisionRow[]): NoteView {
  return {
    id: num(n.id),
    phraseId: num(n.phraseId),
    body: n.body,
    author: n.author,
    version: num(n.version),
    createdAt: toDate(n.createdAt),
    updatedAt: toDate(n.updatedAt),
    deletedAt: n.deletedAt == null ? null : toDate(n.deletedAt),
    revisions: revisions.map((r) => ({
      version: num(r.version),
      action: r.action,
      body: r.body,
      author: r.author,
      createdAt: toDate(r.createdAt),
      revertOf: r.revertOf == null ? null : num(r.revertOf),
    })),
  };
}

/** Notes on a phrase, oldest first, each with its history; deleted notes are kept separately. */
export async function phraseNotes(phraseId: number): Promise<{ live: NoteView[]; deleted: NoteView[] }> {
  const [notes, revisions] = await Promise.all([
    rows<NoteRow>(sql`SELECT id, phraseId, body, author, version, createdAt, updatedAt, deletedAt FROM Note
      WHERE phraseId = ${phraseId} ORDER BY createdAt, id`),
    rows<RevisionRow>(sql`SELECT r.noteId, r.version, r.action, r.body, r.author, r.createdAt, r.revertOf FROM NoteRevision r
      JOIN Note n ON n.id = r.noteId WHERE n.phraseId = ${phraseId} ORDER BY r.noteId, r.version DESC`),
  ]);
  const byNote = new Map<number, RevisionRow[]>();
  for (const r of revisions) {
    const list = byNote.get(num(r.noteId)) ?? [];
    list.push(r);
    byNote.set(num(r.noteId), list);
  }
  const views = notes.map((n) => toView(n, byNote.get(num(n.id)) ?? []));
  return { live: views.filter((n) => !n.deletedAt), deleted: views.filter((n) => n.deletedAt) };
}

export async function getNote(id: number): Promise<NoteView | null> {
  const n = await prisma.note.findUnique({ where: { id }, include: { revisions: { orderBy: { version: 'desc' } } } });
  if (!n) return null;
  return toView(n, n.revisions);
}

export interface PhraseRevisionView {
  version: number;
  author: string;
  createdAt: Date;
  data: Record<string, unknown>;
  action: string;
  revertOf: number | null;
}

export async function phraseRevisions(phraseId: number): Promise<PhraseRevisionView[]> {
  const r = await rows<{ version: unknown; author: string; createdAt: unknown; data: string; action: string; revertOf: unknown }>(sql`
    SELECT version, author, createdAt, data, action, revertOf FROM PhraseRevision WHERE phraseId = ${phraseId} ORDER BY version DESC LIMIT 200`);
  return r.map((x) => {
    let data: Record<string, unknown> = {};
    try {
      data = JSON.parse(x.data) as Record<string, unknown>;
    } catch {
      data = { raw: x.data };
    }
    return { version: num(x.version), author: x.author, createdAt: toDate(x.createdAt), data, action: x.action, revertOf: x.revertOf == null ? null : num(x.revertOf) };
  });
}

export interface RecentNote {
  id: number;
  body: string;
  author: string;
  updatedAt: Date;
  phrase: { id: number; text: string };
}

export async function recentNotes(limit = 6): Promise<RecentNote[]> {
  const r = await prisma.note.findMany({
    where: { deletedAt: null },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: limit,
    include: { phrase: { select: { id: true, text: true } } },
  });
  return r.map((n) => ({ id: n.id, body: n.body, author: n.author, updatedAt: n.updatedAt, phrase: n.phrase }));
}
