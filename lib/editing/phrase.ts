import { writeTransaction } from './transaction';
import { pinyinKeys } from './pinyin';
import { describeIssues, phraseFieldsSchema, revertSchema, type PhraseFieldsInput, type RevertInput } from './schemas';
import { mergeFields } from '@/lib/history';
import type { WriteResult } from './result';

/** The editor fields of a phrase, as stored in each PhraseRevision. */
export interface PhraseFields {
  translation: string | null;
  definition: string | null;
  kind: string;
  kindSource: string;
  pinyinOverride: string | null;
}

export interface SavedPhraseFields extends PhraseFields {
  id: number;
  version: number;
  /** Fields another editor had changed since the version you loaded, kept alongside yours (field-level merge). */
  mergedWith?: string[];
}

const select = {
  id: true,
  version: true,
  translation: true,
  definition: true,
  kind: true,
  kindSource: true,
  pinyinOverride: true,
  pinyin: true,
} as const;

function fieldsOf(p: PhraseFields): PhraseFields {
  return {
    translation: p.translation,
    definition: p.definition,
    kind: p.kind,
    kindSource: p.kindSource,
    pinyinOverride: p.pinyinOverride,
  };
}

/** The fields as an editor sets them: kind is "auto" unless an editor chose one. */
export interface EditableFields {
  translation: string | null;
  definition: string | null;
  kind: string;
  pinyinOverride: string | null;
  [key: string]: string | null;
}

export function editableFields(p: PhraseFields): EditableFields {
  return {
    translation: p.translation ?? null,
    definition: p.definition ?? null,
    kind: p.kindSource === 'editor' ? p.kind : 'auto',
    pinyinOverride: p.pinyinOverride ?? null,
  };
}

/** A stored revision's data (JSON) as editable fields, or null if unreadable. */
export function revisionFields(data: string): EditableFields | null {
  try {
    const v = JSON.parse(data) as Partial<PhraseFields>;
    return editableFields({
      translation: v.translation ?? null,
      definition: v.definition ?? null,
      kind: v.kind ?? 'formula',
      kindSource: v.kindSource ?? 'auto',
      pinyinOverride: v.pinyinOverride ?? null,
    });
  } catch {
    return null;
  }
}

export type PhraseFieldsYours = Omit<PhraseFields, 'kindSource'> & { kind: string };

const LABELS: Record<string, string> = { translation: 'translation', definition: 'definition', kind: 'kind', pinyinOverride: 'pinyin correction' };

/**
 * Saves an editor's translation, definition, kind and pinyin correction over the
 * version they loaded. Choosing a kind marks it as the editor's (ingestion then
 * leaves it alone); "auto" hands it back to ingestion. Every save writes a
 * PhraseRevision; the state before the first edit is recorded too.
 *
 * If someone saved in between, the save is merged field by field against the
 * version the editor loaded: fields only one of them changed are all kept; a
 * field both changed differently is a conflict, and nothing is saved (the
 * editor's values are handed back beside the stored ones).
 */
export async function updatePhraseFields(
  input: PhraseFieldsInput,
  author: string,
  revision: { action?: 'edit' | 'revert'; revertOf?: number } = {},
): Promise<WriteResult<SavedPhraseFields, PhraseFieldsYours>> {
  const parsed = phraseFieldsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', ...describeIssues(parsed.error) };
  const { id, version, translation, definition, kind, pinyinOverride } = parsed.data;
  const yours: PhraseFieldsYours = {
    translation: translation ?? null,
    definition: definition ?? null,
    kind: kind ?? '',
    pinyinOverride: pinyinOverride ?? null,
  };
  const submitted: Partial<EditableFields> = { translation, definition, kind, pinyinOverride };
  return writeTransaction(async (tx) => {
    const before = await tx.phrase.findUnique({ where: { id }, select });
    if (!before) return { ok: false, error: 'not-found', message: `There is no phrase ${id}.` } as const;
    let wanted = submitted;
    let mergedWith: string[] | undefined;
    if (before.version !== version) {
      const base = version < before.version ? await tx.phraseRevision.findUnique({ where: { phraseId_version: { phraseId: id, version } } }) : null;
      const baseFields = base ? revisionFields(base.data) : null;
      const merge = baseFields ? mergeFields<EditableFields>(baseFields, editableFields(before), submitted) : null;
      if (!merge || !merge.ok) {
        const which = merge && !merge.ok ? merge.conflicts.map((f) => LABELS[f] ?? f).join(', ') : null;
        return {
          ok: false,
          error: 'conflict',
          message: which
            ? `Someone else changed the ${which} of this entry (now version ${before.version}) after you opened it. Your values are below; nothing was saved.`
            : `Someone else saved this entry (now version ${before.version}) after you opened it. Your values are below; nothing was saved.`,
          current: { id: before.id, version: before.version, ...fieldsOf(before) },
          yours,
        } as const;
      }
      wanted = merge.merged;
      mergedWith = merge.theirs;
    }
    const nextKind = wanted.kind;
    const kindData = nextKind === undefined ? {} : nextKind === 'auto' ? { kindSource: 'auto' } : { kind: nextKind, kindSource: 'editor' };
    const nextPinyin = wanted.pinyinOverride;
    const pinyinData =
      nextPinyin !== undefined && nextPinyin !== before.pinyinOverride
        ? (() => {
            const k = pinyinKeys(nextPinyin ?? before.pinyin);
            return { pinyinPlain: k.plain, pinyinInitials: k.initials, pinyinSort: k.sort };
          })()
        : {};
    const res = await tx.phrase.updateMany({
      where: { id, version: before.version },
      data: { translation: wanted.translation, definition: wanted.definition, pinyinOverride: nextPinyin, ...kindData, ...pinyinData, version: { increment: 1 } },
    });
    if (res.count === 0) throw Object.assign(new Error('SQLITE_BUSY: the entry changed during the save'), { code: 'SQLITE_BUSY' });
    const hasPrevious = await tx.phraseRevision.findUnique({
      where: { phraseId_version: { phraseId: id, version: before.version } },
      select: { id: true },
    });
    if (!hasPrevious) {
      // The version the editor replaced was never recorded (ingestion's state): keep it.
      await tx.phraseRevision.create({
        data: { phraseId: id, version: before.version, data: JSON.stringify(fieldsOf(before)), author: '(before editing)' },
      });
    }
    const after = await tx.phrase.findUniqueOrThrow({ where: { id }, select });
    await tx.phraseRevision.create({
      data: {
        phraseId: id,
        version: after.version,
        data: JSON.stringify(fieldsOf(after)),
        author,
        action: revision.action ?? 'edit',
        revertOf: revision.revertOf ?? null,
      },
    });
    return { ok: true, value: { id: after.id, version: after.version, ...fieldsOf(after), ...(mergedWith?.length ? { mergedWith } : {}) } } as const;
  });
}

/** Brings an entry's editor fields back to an earlier version, as a new revision (editors). */
export async function revertPhraseFields(input: RevertInput, author: string): Promise<WriteResult<SavedPhraseFields, PhraseFieldsYours>> {
  const parsed = revertSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', ...describeIssues(parsed.error) };
  const { id, version, toVersion } = parsed.data;
  const { prisma } = await import('@/lib/db/client');
  const target = await prisma.phraseRevision.findUnique({ where: { phraseId_version: { phraseId: id, version: toVersion } } });
  const fields = target ? revisionFields(target.data) : null;
  if (!fields) return { ok: false, error: 'not-found', message: `The entry ${id} has no version ${toVersion}.` };
  return updatePhraseFields({ id, version, ...fields, kind: fields.kind as 'auto' }, author, { action: 'revert', revertOf: toVersion });
}
