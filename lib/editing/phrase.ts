import { writeTransaction } from './transaction';
import { pinyinKeys } from './pinyin';
import { describeIssues, phraseFieldsSchema, type PhraseFieldsInput } from './schemas';
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

export type PhraseFieldsYours = Omit<PhraseFields, 'kindSource'> & { kind: string };

/**
 * Saves an editor's translation, definition, kind and pinyin correction over the
 * version they loaded. Choosing a kind marks it as the editor's (ingestion then
 * leaves it alone); "auto" hands it back to ingestion. Every save writes a
 * PhraseRevision; the state before the first edit is recorded too.
 */
export async function updatePhraseFields(
  input: PhraseFieldsInput,
  author: string,
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
  return writeTransaction(async (tx) => {
    const before = await tx.phrase.findUnique({ where: { id }, select });
    if (!before) return { ok: false, error: 'not-found', message: `There is no phrase ${id}.` } as const;
    const kindData = kind === undefined ? {} : kind === 'auto' ? { kindSource: 'auto' } : { kind, kindSource: 'editor' };
    const pinyinData =
      pinyinOverride !== undefined && pinyinOverride !== before.pinyinOverride
        ? (() => {
            const k = pinyinKeys(pinyinOverride ?? before.pinyin);
            return { pinyinPlain: k.plain, pinyinInitials: k.initials, pinyinSort: k.sort };
          })()
        : {};
    const res = await tx.phrase.updateMany({
      where: { id, version },
      data: { translation, definition, pinyinOverride, ...kindData, ...pinyinData, version: { increment: 1 } },
    });
    if (res.count === 0) {
      return {
        ok: false,
        error: 'conflict',
        message: `Someone else saved this entry (now version ${before.version}) after you opened it. Your values are below; nothing was saved.`,
        current: { id: before.id, version: before.version, ...fieldsOf(before) },
        yours,
      } as const;
    }
    const hasPrevious = await tx.phraseRevision.findUnique({
      where: { phraseId_version: { phraseId: id, version } },
      select: { id: true },
    });
    if (!hasPrevious) {
      // The version the editor replaced was never recorded (ingestion's state): keep it.
      await tx.phraseRevision.create({
        data: { phraseId: id, version, data: JSON.stringify(fieldsOf(before)), author: '(before editing)' },
      });
    }
    const after = await tx.phrase.findUniqueOrThrow({ where: { id }, select });
    await tx.phraseRevision.create({
      data: { phraseId: id, version: after.version, data: JSON.stringify(fieldsOf(after)), author },
    });
    return { ok: true, value: { id: after.id, version: after.version, ...fieldsOf(after) } } as const;
  });
}
