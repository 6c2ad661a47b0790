import { bool, num, rows, sql, toDate } from './db';
import { withDiffs, type Revision, type RevisionWithDiff } from '@/lib/history';
import type { NoteRevisionView, PhraseRevisionView } from './notes';
import type { DocumentRevisionEntry } from './documents';

/**
 * Revision tables read into lib/history's common shape, with diffs. Each kind
 * of content names its fields; the view and revert work on these.
 */

/** Field order and labels of each kind of history. */
export const HISTORY_FIELDS = {
  note: { text: 'text' },
  phrase: { translation: 'translation', definition: 'definition', kind: 'kind', pinyinOverride: 'pinyin correction', status: 'status' },
  document: { title: 'title', date: 'date' },
} as const;

/** A document's title and date as editors set them (DocumentRevision), in the common shape. */
export function documentHistory(revisions: DocumentRevisionEntry[]): RevisionWithDiff[] {
  const list: Revision[] = revisions.map((r) => ({
    version: r.version,
    action: r.data.revertOf ? 'revert' : 'edit',
    author: r.author,
    createdAt: r.createdAt,
    revertOf: r.data.revertOf ?? null,
    fields: { title: r.data.title ?? null, date: r.data.date ?? null },
  }));
  return withDiffs(list, Object.keys(HISTORY_FIELDS.document));
}

export function noteHistory(revisions: NoteRevisionView[]): RevisionWithDiff[] {
  const list: Revision[] = revisions.map((r) => ({
    version: r.version,
    action: r.action,
    author: r.author,
    createdAt: r.createdAt,
    revertOf: r.revertOf,
    fields: { text: r.body },
  }));
  return withDiffs(list, Object.keys(HISTORY_FIELDS.note));
}

function text(v: unknown): string | null {
  return v == null || v === '' ? null : String(v);
}

export function phraseHistory(revisions: PhraseRevisionView[]): RevisionWithDiff[] {
  // Only curation's revisions (lib/editing/curation) record the status: the others keep the one before.
  const statusOf = new Map<number, string>();
  let status = 'candidate';
  for (const r of [...revisions].sort((a, b) => a.version - b.version)) {
    if (typeof r.data.status === 'string') status = r.data.status;
    statusOf.set(r.version, status);
  }
  const list: Revision[] = revisions.map((r) => ({
    version: r.version,
    action: r.action,
    author: r.author,
    createdAt: r.createdAt,
    revertOf: r.revertOf,
    fields: {
      translation: text(r.data.translation),
      definition: text(r.data.definition),
      kind: r.data.kindSource === 'editor' ? text(r.data.kind) : `auto (${text(r.data.kind) ?? '?'})`,
      pinyinOverride: text(r.data.pinyinOverride),
      status: statusOf.get(r.version) ?? null,
    },
  }));
  return withDiffs(list, Object.keys(HISTORY_FIELDS.phrase));
}

export interface PromotionView {
  id: number;
  query: string;
  author: string;
  createdAt: Date;
  occurrences: number;
  created: boolean;
}

/** The promotion (not undone) that added this entry or uses to it, newest first, if any. */
export async function activePromotion(phraseId: number): Promise<PromotionView | null> {
  const r = await rows<{ id: unknown; query: string; author: string; createdAt: unknown; occurrences: unknown; created: unknown }>(sql`
    SELECT id, query, author, createdAt, occurrences, created FROM Promotion
    WHERE phraseId = ${phraseId} AND undoneAt IS NULL ORDER BY id DESC LIMIT 1`);
  const p = r[0];
  return p ? { id: num(p.id), query: p.query, author: p.author, createdAt: toDate(p.createdAt), occurrences: num(p.occurrences), created: bool(p.created) } : null;
}
