import { writeTransaction } from './transaction';
import { describeIssues, documentMetaSchema, type DocumentMetaInput } from './schemas';
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
    const res = await tx.document.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
    if (res.count === 0) {
      return {
        ok: false,
        error: 'conflict',
        message: `Someone else saved this document (now version ${before.version}) after you opened it. Your values are below; nothing was saved.`,
        current: { id: before.id, version: before.version, ...metaOf(before) },
        yours: { title, date },
      } as const;
    }
    if (date !== undefined && date !== before.date) {
      // The phrases used here have new first/latest dates and years: the next ingest (any run) refreshes their figures and scores.
      await tx.phrase.updateMany({ where: { occurrences: { some: { documentId: id } } }, data: { statsStale: true, scored: false } });
    }
    const hasPrevious = await tx.documentRevision.findUnique({ where: { documentId_version: { documentId: id, version } }, select: { id: true } });
    if (!hasPrevious) {
      await tx.documentRevision.create({ data: { documentId: id, version, data: JSON.stringify(metaOf(before)), author: '(before editing)' } });
    }
    const after = await tx.document.findUniqueOrThrow({ where: { id }, select });
    await tx.documentRevision.create({ data: { documentId: id, version: after.version, data: JSON.stringify(metaOf(after)), author } });
    return { ok: true, value: { id: after.id, version: after.version, ...metaOf(after) } } as const;
  });
}
