import { prisma } from './db';

export interface NoteRevisionView {
  version: number;
  action: string;
  body: string;
  author: string;
  createdAt: Date;
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

/** Notes on a phrase, oldest first, each with its history; deleted notes are kept separately. */
export async function phraseNotes(phraseId: number): Promise<{ live: NoteView[]; deleted: NoteView[] }> {
  const notes = await prisma.note.findMany({
    where: { phraseId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: { revisions: { orderBy: { version: 'desc' } } },
  });
  const views = notes.map((n) => ({
    id: n.id,
    phraseId: n.phraseId,
    body: n.body,
    author: n.author,
    version: n.version,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    deletedAt: n.deletedAt,
    revisions: n.revisions.map((r) => ({
      version: r.version,
      action: r.action,
      body: r.body,
      author: r.author,
      createdAt: r.createdAt,
    })),
  }));
  return { live: views.filter((n) => !n.deletedAt), deleted: views.filter((n) => n.deletedAt) };
}

export async function getNote(id: number): Promise<NoteView | null> {
  const n = await prisma.note.findUnique({ where: { id }, include: { revisions: { orderBy: { version: 'desc' } } } });
  if (!n) return null;
  return {
    id: n.id,
    phraseId: n.phraseId,
    body: n.body,
    author: n.author,
    version: n.version,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    deletedAt: n.deletedAt,
    revisions: n.revisions.map((r) => ({ version: r.version, action: r.action, body: r.body, author: r.author, createdAt: r.createdAt })),
  };
}

export interface PhraseRevisionView {
  version: number;
  author: string;
  createdAt: Date;
  data: Record<string, unknown>;
}

export async function phraseRevisions(phraseId: number): Promise<PhraseRevisionView[]> {
  const r = await prisma.phraseRevision.findMany({ where: { phraseId }, orderBy: { version: 'desc' }, take: 50 });
  return r.map((x) => {
    let data: Record<string, unknown> = {};
    try {
      data = JSON.parse(x.data) as Record<string, unknown>;
    } catch {
      data = { raw: x.data };
    }
    return { version: x.version, author: x.author, createdAt: x.createdAt, data };
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
