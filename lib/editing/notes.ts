import { prisma } from '@/lib/db/client';
import { writeTransaction } from './transaction';
import { describeIssues, noteCreateSchema, noteDeleteSchema, noteUpdateSchema, restoreSchema, revertSchema } from './schemas';
import type { NoteCreateInput, NoteDeleteInput, NoteUpdateInput, RestoreInput, RevertInput } from './schemas';
import type { WriteResult } from './result';

export interface SavedNote {
  id: number;
  phraseId: number;
  body: string;
  author: string;
  version: number;
  deletedAt: Date | null;
  updatedAt: Date;
}

const select = { id: true, phraseId: true, body: true, author: true, version: true, deletedAt: true, updatedAt: true } as const;

/** Adds a note to a phrase; its first revision records it. */
export async function createNote(input: NoteCreateInput, author: string): Promise<WriteResult<SavedNote>> {
  const parsed = noteCreateSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', ...describeIssues(parsed.error) };
  const { phraseId, body } = parsed.data;
  return writeTransaction(async (tx) => {
    const phrase = await tx.phrase.findUnique({ where: { id: phraseId }, select: { id: true } });
    if (!phrase) return { ok: false, error: 'not-found', message: `There is no phrase ${phraseId}.` } as const;
    const note = await tx.note.create({ data: { phraseId, body, author, version: 1 }, select });
    await tx.noteRevision.create({ data: { noteId: note.id, version: 1, action: 'create', body, author } });
    return { ok: true, value: note } as const;
  });
}

/**
 * Saves a new text over the version the editor loaded. If someone saved (or
 * deleted) in between, nothing is written: the result is a conflict carrying the
 * stored note and the editor's own text.
 */
export async function updateNote(input: NoteUpdateInput, author: string): Promise<WriteResult<SavedNote, { body: string }>> {
  const parsed = noteUpdateSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', ...describeIssues(parsed.error) };
  const { id, version, body } = parsed.data;
  return writeTransaction((tx) => changeLiveNote(tx, { id, version, author, yours: { body } }, { body }, { action: 'edit', body }));
}

/** Deletes a note (softly: the note and all its revisions stay, with a "delete" revision). */
export async function deleteNote(input: NoteDeleteInput, author: string): Promise<WriteResult<SavedNote, { body: string }>> {
  const parsed = noteDeleteSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', ...describeIssues(parsed.error) };
  const { id, version } = parsed.data;
  return writeTransaction(async (tx) => {
    const before = await tx.note.findUnique({ where: { id }, select });
    if (!before) return { ok: false, error: 'not-found', message: `There is no note ${id}.` } as const;
    return changeLiveNote(tx, { id, version, author, yours: { body: before.body } }, { deletedAt: new Date() }, { action: 'delete', body: before.body });
  });
}

/**
 * Brings a note's text back to an earlier version. The revert is a new
 * revision (action "revert"), so it can itself be reverted; the version check
 * is the same as for an edit.
 */
export async function revertNote(input: RevertInput, author: string): Promise<WriteResult<SavedNote, { body: string }>> {
  const parsed = revertSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', ...describeIssues(parsed.error) };
  const { id, version, toVersion } = parsed.data;
  return writeTransaction(async (tx) => {
    const target = await tx.noteRevision.findUnique({ where: { noteId_version: { noteId: id, version: toVersion } } });
    if (!target) return { ok: false, error: 'not-found', message: `The note ${id} has no version ${toVersion}.` } as const;
    return changeLiveNote(
      tx,
      { id, version, author, yours: { body: target.body } },
      { body: target.body },
      { action: 'revert', body: target.body, revertOf: toVersion },
    );
  });
}

/** Undoes a note's deletion (admins only: the route or action checks the role). */
export async function restoreNote(input: RestoreInput, author: string): Promise<WriteResult<SavedNote, { body: string }>> {
  const parsed = restoreSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', ...describeIssues(parsed.error) };
  const { id, version } = parsed.data;
  return writeTransaction(async (tx) => {
    const before = await tx.note.findUnique({ where: { id }, select });
    if (!before) return { ok: false, error: 'not-found', message: `There is no note ${id}.` } as const;
    const res = await tx.note.updateMany({
      where: { id, version, deletedAt: { not: null } },
      data: { deletedAt: null, version: { increment: 1 } },
    });
    if (res.count === 0) {
      return {
        ok: false,
        error: 'conflict',
        message: before.deletedAt ? `The note changed (now version ${before.version}) after you opened it; nothing was restored.` : 'The note is not deleted.',
        current: before,
        yours: { body: before.body },
      } as const;
    }
    await tx.noteRevision.create({ data: { noteId: id, version: version + 1, action: 'restore', body: before.body, author } });
    const note = await tx.note.findUniqueOrThrow({ where: { id }, select });
    return { ok: true, value: note } as const;
  });
}

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

/**
 * One change to a live (not deleted) note at the version the editor opened:
 * the note moves to the next version and the revision records it, or nothing
 * is written and the editor gets the conflict (or the note's absence) with
 * their own text.
 */
async function changeLiveNote(
  tx: Tx,
  at: { id: number; version: number; author: string; yours: { body: string } },
  data: { body?: string; deletedAt?: Date },
  revision: { action: 'edit' | 'delete' | 'revert'; body: string; revertOf?: number },
): Promise<WriteResult<SavedNote, { body: string }>> {
  const { id, version, author, yours } = at;
  const res = await tx.note.updateMany({ where: { id, version, deletedAt: null }, data: { ...data, version: { increment: 1 } } });
  if (res.count === 0) return conflictOrMissing(tx, id, yours);
  await tx.noteRevision.create({ data: { noteId: id, version: version + 1, author, ...revision } });
  const note = await tx.note.findUniqueOrThrow({ where: { id }, select });
  return { ok: true, value: note };
}

async function conflictOrMissing(
  tx: Tx,
  id: number,
  yours: { body: string },
): Promise<WriteResult<SavedNote, { body: string }>> {
  const current = await tx.note.findUnique({ where: { id }, select });
  if (!current) return { ok: false, error: 'not-found', message: `There is no note ${id}.` };
  return {
    ok: false,
    error: 'conflict',
    message: current.deletedAt
      ? 'This note was deleted by someone else after you opened it. Your text is below; nothing was saved.'
      : `Someone else saved this note (now version ${current.version}) after you opened it. Your text is below; nothing was saved. Review the current note and save again.`,
    current,
    yours,
  };
}
