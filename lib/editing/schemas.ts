import { z } from 'zod';

export const PHRASE_KINDS = ['formula', 'slogan', 'quotation', 'title', 'name'] as const;

const id = (what: string) =>
  z.coerce
    .number({ message: `${what}: a positive integer` })
    .int(`${what}: a positive integer`)
    .positive(`${what}: a positive integer`);

const version = z.coerce
  .number({ message: 'version: the version the form was loaded at' })
  .int('version: the version the form was loaded at')
  .min(1, 'version: the version the form was loaded at');

const body = z
  .string({ message: 'The note text is missing.' })
  .trim()
  .min(1, 'The note is empty: write something first.')
  .max(20000, 'The note is too long (at most 20,000 characters).');

/** Empty strings (and null) clear an optional field; an absent field stays as it is. */
const optionalText = (label: string, max: number) =>
  z
    .string({ message: `${label}: text` })
    .trim()
    .max(max, `${label} can be at most ${max} characters.`)
    .optional()
    .nullable()
    .transform((v) => (v === undefined ? undefined : v ? v : null));

// No author field: the author of every change is the signed-in user (lib/auth), passed separately.
export const noteCreateSchema = z.object({ phraseId: id('phraseId'), body });
export const noteUpdateSchema = z.object({ id: id('id'), version, body });
export const noteDeleteSchema = z.object({ id: id('id'), version });

const PINYIN = /^[a-zA-Z\u00c0-\u024f\u0300-\u036f\s'’·:0-9-]*$/;

export const phraseFieldsSchema = z.object({
  id: id('id'),
  version,
  translation: optionalText('The translation', 500),
  definition: optionalText('The definition', 10000),
  /** A kind an editor chose, or "auto" to leave the kind to ingestion. */
  kind: z.enum([...PHRASE_KINDS, 'auto'], { message: `kind: one of ${PHRASE_KINDS.join(', ')} or auto` }).optional(),
  pinyinOverride: optionalText('The pinyin correction', 300).refine((v) => v == null || PINYIN.test(v), {
    message: 'The pinyin correction may contain only Latin letters (with tone marks), digits, spaces and apostrophes.',
  }),
});

/** Bring back an earlier version (toVersion) over the version the editor loaded. */
export const revertSchema = z.object({ id: id('id'), version, toVersion: id('toVersion') });
/** Undo a soft deletion (admins). */
export const restoreSchema = z.object({ id: id('id'), version });

export type RevertInput = z.input<typeof revertSchema>;
export type RestoreInput = z.input<typeof restoreSchema>;
export type NoteCreateInput = z.input<typeof noteCreateSchema>;
export type NoteUpdateInput = z.input<typeof noteUpdateSchema>;
export type NoteDeleteInput = z.input<typeof noteDeleteSchema>;
export type PhraseFieldsInput = z.input<typeof phraseFieldsSchema>;

/** One readable sentence from a zod error, plus per-field messages. */
export function describeIssues(error: z.ZodError): { message: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  return { message: Object.values(fields).join(' '), fields };
}

/** Statuses an editor sets (merged comes from the merge action). */
export const EDITOR_STATUSES = ['confirmed', 'candidate', 'rejected'] as const;

export const phraseStatusSchema = z.object({
  id: id('id'),
  status: z.enum(EDITOR_STATUSES, { message: `status: one of ${EDITOR_STATUSES.join(', ')}` }),
});

export const phraseMergeSchema = z.object({
  /** The entry merged away (its wording becomes an alias of `into`). */
  id: id('id'),
  /** The entry that keeps every form, use and note. */
  into: id('into'),
});

/** A date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD, and a real one. */
const isoDate = z
  .string({ message: 'date: YYYY, YYYY-MM or YYYY-MM-DD' })
  .trim()
  .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'The date must be YYYY, YYYY-MM or YYYY-MM-DD.')
  .refine((v) => {
    const [y, m, d] = v.split('-').map(Number);
    if (y < 1800 || y > 2200) return false;
    if (m === undefined) return true;
    if (m < 1 || m > 12) return false;
    if (d === undefined) return true;
    return d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
  }, 'There is no such date.');

export const documentMetaSchema = z
  .object({
    id: id('id'),
    version,
    title: z.string({ message: 'title: text' }).trim().min(1, 'The title cannot be empty.').max(300, 'The title can be at most 300 characters.').optional(),
    date: isoDate.optional(),
  })
  .refine((v) => v.title !== undefined || v.date !== undefined, { message: 'Give a title or a date to set.' });

export type PhraseStatusInput = z.input<typeof phraseStatusSchema>;
export type PhraseMergeInput = z.input<typeof phraseMergeSchema>;
export type DocumentMetaInput = z.input<typeof documentMetaSchema>;
