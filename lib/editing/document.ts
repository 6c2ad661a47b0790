import { writeTransaction } from './transaction';
import { describeIssues, documentMetaSchema, revertSchema, type DocumentMetaInput, type RevertInput } from './schemas';
import type { WriteResult } from './result';

/** A document's editor-set metadata, as stored in each DocumentRevision. */
export interface DocumentMeta {
  title: string;
  date: string | null;
  editedTitle: string | null;
  editedDate: string | null;
}

export interface SavedDocumentMeta extends DocumentMeta {
  id: number;
  version: number;
}

const select = { id: true, version: true, title: true, date: true, editedTitle: true, editedDate: true } as const;

function metaOf(d: DocumentMeta): DocumentMeta {
  return { title: d.title, date: d.date, editedTitle: d.editedTitle, editedDate: d.editedDate };
}

/**
 * Sets a document's title and/or date over the version the editor loaded. The
 * values are kept as the editor's (editedTitle, editedDate), which every
 * re-ingest applies over what ingestion derives. Every save writes a
 * DocumentRevision; the state before the first edit is recorded too.
 */
export async function updateDocumentMeta(
  input: DocumentMetaInput,
  author: string,
): Promise<WriteResult<SavedDocumentMeta, { title?: string; date?: string }>> {
  const parsed = documentMetaSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', ...describeIssues(parsed.error) };
  const { id, version, title, date } = parsed.data;
  return writeTransaction(async (tx) => {
    const before = await tx.document.findUnique({ where: { id }, select });
    if (!before) return { ok: false, error: 'not-found', message: `There is no document ${id}.` } as const;
    const data = {
      ...(title !== undefined ? { title, editedTitle: title } : {}),
      ...(date !== undefined ? { date, editedDate: date, year: Number(date.slice(0, 4)) } : {}),
    };
    return saveDocumentMeta(tx, before, version, data, author, null, { title, date });
  });
}

/**
 * Brings a document's title and date back to those of an earlier version, as a
 * new version (so the revert can itself be reverted). Back to the version
 * before any edit, the fields are the ingested ones again: a later re-ingest
 * may then change them, as it would have.
 */
export async function revertDocumentMeta(input: RevertInput, author: string): Promise<WriteResult<SavedDocumentMeta, { title?: string; date?: string }>> {
  const parsed = revertSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', ...describeIssues(parsed.error) };
  const { id, version, toVersion } = parsed.data;
  return writeTransaction(async (tx) => {
    const before = await tx.document.findUnique({ where: { id }, select });
    if (!before) return { ok: false, error: 'not-found', message: `There is no document ${id}.` } as const;
    const target = await tx.documentRevision.findUnique({ where: { documentId_version: { documentId: id, version: toVersion } } });
    if (!target) return { ok: false, error: 'not-found', message: `The document ${id} has no version ${toVersion}.` } as const;
    const meta = JSON.parse(target.data) as Partial<DocumentMeta>;
    const date = meta.date ?? null;
    const data = {
      title: meta.title ?? before.title,
      date,
      year: date ? Number(date.slice(0, 4)) : null,
      editedTitle: meta.editedTitle ?? null,
      editedDate: meta.editedDate ?? null,
    };
    return saveDocumentMeta(tx, before, version, data, author, toVersion, { title: data.title, date: date ?? undefined });
  });
}

type Tx = Parameters<Parameters<typeof writeTransaction>[0]>[0];

/**
 * Writes new metadata over the version the editor loaded, with its revision
 * (and, at the first edit, one for the state before it); a conflict if someone
 * saved in between.
 */
async function saveDocumentMeta(
  tx: Tx,
  before: SavedDocumentMeta,
  version: number,
  data: { title?: string; date?: string | null; year?: number | null; editedTitle?: string | null; editedDate?: string | null },
  author: string,
  revertOf: number | null,
  yours: { title?: string; date?: string },
): Promise<WriteResult<SavedDocumentMeta, { title?: string; date?: string }>> {
  const id = before.id;
  const res = await tx.document.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
  if (res.count === 0) {
    return {
      ok: false,
      error: 'conflict',
      message: `Someone else saved this document (now version ${before.version}) after you opened it. Your values are below; nothing was saved.`,
      current: { id: before.id, version: before.version, ...metaOf(before) },
      yours,
    };
  }
  if (data.date !== undefined && data.date !== before.date) {
    // The phrases used here have new first/latest dates and years: the next ingest (any run) refreshes their figures and scores.
    await tx.phrase.updateMany({ where: { occurrences: { some: { documentId: id } } }, data: { statsStale: true, scored: false } });
  }
  const hasPrevious = await tx.documentRevision.findUnique({ where: { documentId_version: { documentId: id, version } }, select: { id: true } });
  if (!hasPrevious) {
    await tx.documentRevision.create({ data: { documentId: id, version, data: JSON.stringify(metaOf(before)), author: '(before editing)' } });
  }
  const after = await tx.document.findUniqueOrThrow({ where: { id }, select });
  const saved = revertOf === null ? metaOf(after) : { ...metaOf(after), revertOf };
  await tx.documentRevision.create({ data: { documentId: id, version: after.version, data: JSON.stringify(saved), author } });
  return { ok: true, value: { id: after.id, version: after.version, ...metaOf(after) } };
}
