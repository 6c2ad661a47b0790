'use server';

import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { updateDocumentMeta } from '@/lib/editing';
import type { FormState } from '@/components/notes/form-state';

function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Sets a document's title and date (the fields left as they were are not sent). */
export async function saveDocumentMetaAction(_prev: FormState, form: FormData): Promise<FormState> {
  const id = field(form, 'id');
  const title = field(form, 'title')?.trim();
  const date = field(form, 'date')?.trim();
  const author = field(form, 'author');
  const yours = { title: title ?? '', date: date ?? '' };
  const r = await updateDocumentMeta({
    id: id as unknown as number,
    version: field(form, 'version') as unknown as number,
    author,
    title: title && title !== field(form, 'loadedTitle') ? title : undefined,
    date: date && date !== field(form, 'loadedDate') ? date : undefined,
  });
  if (!r.ok) {
    if (r.error === 'invalid') return { status: 'invalid', message: r.message, fields: r.fields, yours };
    if (r.error === 'conflict') {
      return { status: 'conflict', message: r.message, yours, current: r.current ? { version: r.current.version, title: r.current.title, date: r.current.date ?? '' } : null };
    }
    return { status: 'error', message: r.message };
  }
  const a = author?.trim();
  if (a) (await cookies()).set('tifa-author', a.slice(0, 80), { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax' });
  if (id && /^\d+$/.test(id)) revalidatePath(`/documents/${id}`);
  return { status: 'ok', message: `Saved (version ${r.value.version}).`, nonce: `doc:${r.value.version}` };
}
