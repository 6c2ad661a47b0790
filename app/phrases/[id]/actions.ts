'use server';

import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { createNote, deleteNote, updateNote, updatePhraseFields } from '@/lib/editing';
import type { FormState } from '@/components/notes/form-state';

const AUTHOR_COOKIE = 'tifa-author';

function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === 'string' ? v : undefined;
}

async function rememberAuthor(author: string | undefined): Promise<void> {
  const a = author?.trim();
  if (!a) return;
  (await cookies()).set(AUTHOR_COOKIE, a.slice(0, 80), { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax' });
}

function refresh(phraseId: string | undefined): void {
  if (phraseId && /^\d+$/.test(phraseId)) revalidatePath(`/phrases/${phraseId}`);
  revalidatePath('/');
}

export async function addNoteAction(_prev: FormState, form: FormData): Promise<FormState> {
  const phraseId = field(form, 'phraseId');
  const author = field(form, 'author');
  const r = await createNote({ phraseId: phraseId as unknown as number, body: field(form, 'body') ?? '', author });
  if (!r.ok) {
    if (r.error === 'invalid') return { status: 'invalid', message: r.message, fields: r.fields, yours: { body: field(form, 'body') ?? '' } };
    return { status: 'error', message: r.message };
  }
  await rememberAuthor(author);
  refresh(phraseId);
  return { status: 'ok', message: 'Note added.', nonce: Date.now() + ':' + r.value.id };
}

export async function editNoteAction(_prev: FormState, form: FormData): Promise<FormState> {
  const body = field(form, 'body') ?? '';
  const author = field(form, 'author');
  const r = await updateNote({
    id: field(form, 'id') as unknown as number,
    version: field(form, 'version') as unknown as number,
    body,
    author,
  });
  if (!r.ok) {
    if (r.error === 'invalid') return { status: 'invalid', message: r.message, fields: r.fields, yours: { body } };
    if (r.error === 'conflict') {
      return {
        status: 'conflict',
        message: r.message,
        yours: { body },
        current: r.current ? { body: r.current.body, version: r.current.version, deleted: r.current.deletedAt != null } : null,
      };
    }
    return { status: 'error', message: r.message };
  }
  await rememberAuthor(author);
  refresh(field(form, 'phraseId'));
  return { status: 'ok', message: `Saved (version ${r.value.version}).`, nonce: `${r.value.id}:${r.value.version}` };
}

export async function deleteNoteAction(_prev: FormState, form: FormData): Promise<FormState> {
  const r = await deleteNote({
    id: field(form, 'id') as unknown as number,
    version: field(form, 'version') as unknown as number,
    author: field(form, 'author'),
  });
  if (!r.ok) {
    if (r.error === 'conflict') {
      return {
        status: 'conflict',
        message: r.message.replace('saved this note', 'changed this note'),
        yours: { body: r.yours.body },
        current: r.current ? { body: r.current.body, version: r.current.version, deleted: r.current.deletedAt != null } : null,
      };
    }
    return { status: r.error === 'invalid' ? 'invalid' : 'error', message: r.message, fields: {} };
  }
  refresh(field(form, 'phraseId'));
  return { status: 'ok', message: 'Note deleted.', nonce: `${r.value.id}:deleted` };
}

export async function saveFieldsAction(_prev: FormState, form: FormData): Promise<FormState> {
  const yours = {
    translation: field(form, 'translation') ?? '',
    definition: field(form, 'definition') ?? '',
    kind: field(form, 'kind') ?? 'auto',
    pinyinOverride: field(form, 'pinyinOverride') ?? '',
  };
  const author = field(form, 'author');
  const r = await updatePhraseFields({
    id: field(form, 'id') as unknown as number,
    version: field(form, 'version') as unknown as number,
    author,
    translation: yours.translation,
    definition: yours.definition,
    kind: yours.kind as 'auto',
    pinyinOverride: yours.pinyinOverride,
  });
  if (!r.ok) {
    if (r.error === 'invalid') return { status: 'invalid', message: r.message, fields: r.fields, yours };
    if (r.error === 'conflict') {
      const c = r.current;
      return {
        status: 'conflict',
        message: r.message,
        yours,
        current: c
          ? {
              version: c.version,
              translation: c.translation ?? '',
              definition: c.definition ?? '',
              kind: c.kindSource === 'editor' ? c.kind : 'auto',
              pinyinOverride: c.pinyinOverride ?? '',
            }
          : null,
      };
    }
    return { status: 'error', message: r.message };
  }
  await rememberAuthor(author);
  refresh(field(form, 'id'));
  return { status: 'ok', message: `Saved (version ${r.value.version}).`, nonce: `fields:${r.value.version}` };
}
