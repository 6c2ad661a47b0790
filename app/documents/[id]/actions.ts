'use server';

import { revalidatePath } from 'next/cache';
import { revertDocumentMeta, updateDocumentMeta } from '@/lib/editing';
import { guardAction } from '@/lib/auth';
import { WriteLockTimeout } from '@/lib/db/busy';
import type { FormState } from '@/components/notes/form-state';

function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Sets a document's title and date (the fields left as they were are not sent). Editors only. */
export async function saveDocumentMetaAction(_prev: FormState, form: FormData): Promise<FormState> {
  const id = field(form, 'id');
  const title = field(form, 'title')?.trim();
  const date = field(form, 'date')?.trim();
  const yours = { title: title ?? '', date: date ?? '' };
  const g = await guardAction();
  if (!g.ok) return { status: 'invalid', message: g.message, fields: {}, yours };
  let r;
  try {
    r = await updateDocumentMeta(
      {
        id: id as unknown as number,
        version: field(form, 'version') as unknown as number,
        title: title && title !== field(form, 'loadedTitle') ? title : undefined,
        date: date && date !== field(form, 'loadedDate') ? date : undefined,
      },
      g.user.name,
    );
  } catch (e) {
    if (e instanceof WriteLockTimeout) return { status: 'error', message: e.message };
    throw e;
  }
  if (!r.ok) {
    if (r.error === 'invalid') return { status: 'invalid', message: r.message, fields: r.fields, yours };
    if (r.error === 'conflict') {
      return { status: 'conflict', message: r.message, yours, current: r.current ? { version: r.current.version, title: r.current.title, date: r.current.date ?? '' } : null };
    }
    return { status: 'error', message: r.message };
  }
  if (id && /^\d+$/.test(id)) revalidatePath(`/documents/${id}`);
  return { status: 'ok', message: `Saved (version ${r.value.version}).`, nonce: `doc:${r.value.version}` };
}

/** Brings a document's title and date back to an earlier version, as a new version. Editors only. */
export async function revertDocumentMetaAction(_prev: FormState, form: FormData): Promise<FormState> {
  const g = await guardAction();
  if (!g.ok) return { status: 'error', message: g.message };
  const id = field(form, 'id');
  const toVersion = field(form, 'toVersion');
  let r;
  try {
    r = await revertDocumentMeta(
      { id: id as unknown as number, version: field(form, 'version') as unknown as number, toVersion: toVersion as unknown as number },
      g.user.name,
    );
  } catch (e) {
    if (e instanceof WriteLockTimeout) return { status: 'error', message: e.message };
    throw e;
  }
  if (!r.ok) return { status: 'error', message: r.message };
  if (id && /^\d+$/.test(id)) revalidatePath(`/documents/${id}`);
  return { status: 'ok', message: `Reverted to version ${toVersion} (now version ${r.value.version}).`, nonce: `doc-revert:${r.value.version}` };
}
