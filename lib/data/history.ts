import { withDiffs, type Revision, type RevisionWithDiff } from '@/lib/history';
import type { NoteRevisionView, PhraseRevisionView } from './notes';

/**
 * Revision tables read into lib/history's common shape, with diffs. Each kind
 * of content names its fields; the view and revert work on these.
 */

/** Field order and labels of each kind of history. */
export const HISTORY_FIELDS = {
  note: { text: 'text' },
  phrase: { translation: 'translation', definition: 'definition', kind: 'kind', pinyinOverride: 'pinyin correction' },
} as const;

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
    },
  }));
  return withDiffs(list, Object.keys(HISTORY_FIELDS.phrase));
}
