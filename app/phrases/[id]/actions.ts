'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import {
  createNote,
  deleteNote,
  mergePhrases,
  restoreNote,
  revertNote,
  revertPhraseFields,
  setPhraseStatus,
  updateNote,
  updatePhraseFields,
} from '@/lib/editing';
import { findPhraseId } from '@/lib/data';
import { guardAction } from '@/lib/auth';
import type { WriteResult } from '@/lib/editing';
import { WriteLockTimeout } from '@/lib/db/busy';
import type { FormState } from '@/components/notes/form-state';
import { removedMessage, renderMarkdownReport } from '@/lib/markdown';

function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** A refusal as the form shows it: who may write, and that nothing was saved. */
function refused(message: string, yours?: Record<string, string>): FormState {
  // With the user's text handed back (as for invalid input) so that nothing typed is lost.
  return yours ? { status: 'invalid', message, fields: {}, yours } : { status: 'error', message };
}

/** Runs a write; a database still locked after the wait (an ingest) is a message, not a crash. */
async function locked<T>(run: () => Promise<T>): Promise<T | FormState> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof WriteLockTimeout) return { status: 'error', message: e.message };
    throw e;
  }
}

function isState(v: unknown): v is FormState {
  return !!v && typeof v === 'object' && 'status' in v;
}

/** What the sanitiser will leave out when the saved Markdown is shown ('' if nothing). */
function removedFrom(markdown: string): string {
  return removedMessage(renderMarkdownReport(markdown).removed);
}

function refresh(phraseId: string | undefined): void {
  if (phraseId && /^\d+$/.test(phraseId)) revalidatePath(`/phrases/${phraseId}`);
  revalidatePath('/');
}

export async function addNoteAction(_prev: FormState, form: FormData): Promise<FormState> {
  const g = await guardAction();
  if (!g.ok) return refused(g.message, { body: field(form, 'body') ?? '' });
  const phraseId = field(form, 'phraseId');
  const r = await locked(() => createNote({ phraseId: phraseId as unknown as number, body: field(form, 'body') ?? '' }, g.user.name));
  if (isState(r)) return r;
  if (!r.ok) {
    if (r.error === 'invalid') return { status: 'invalid', message: r.message, fields: r.fields, yours: { body: field(form, 'body') ?? '' } };
    return { status: 'error', message: r.message };
  }
  refresh(phraseId);
  return { status: 'ok', message: 'Note added.', nonce: Date.now() + ':' + r.value.id, removed: removedFrom(field(form, 'body') ?? '') };
}

export async function editNoteAction(_prev: FormState, form: FormData): Promise<FormState> {
  const g = await guardAction();
  const body = field(form, 'body') ?? '';
  if (!g.ok) return refused(g.message, { body });
  const r = await locked(() =>
    updateNote({ id: field(form, 'id') as unknown as number, version: field(form, 'version') as unknown as number, body }, g.user.name),
  );
  if (isState(r)) return r;
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
  refresh(field(form, 'phraseId'));
  return { status: 'ok', message: `Saved (version ${r.value.version}).`, nonce: `${r.value.id}:${r.value.version}`, removed: removedFrom(body) };
}

export async function deleteNoteAction(_prev: FormState, form: FormData): Promise<FormState> {
  const g = await guardAction();
  if (!g.ok) return refused(g.message);
  const r = await locked(() =>
    deleteNote({ id: field(form, 'id') as unknown as number, version: field(form, 'version') as unknown as number }, g.user.name),
  );
  if (isState(r)) return r;
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
  const g = await guardAction();
  if (!g.ok) return refused(g.message, yours);
  const r = await locked(() =>
    updatePhraseFields(
      {
        id: field(form, 'id') as unknown as number,
        version: field(form, 'version') as unknown as number,
        translation: yours.translation,
        definition: yours.definition,
        kind: yours.kind as 'auto',
        pinyinOverride: yours.pinyinOverride,
      },
      g.user.name,
    ),
  );
  if (isState(r)) return r;
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
  refresh(field(form, 'id'));
  return { status: 'ok', message: `Saved (version ${r.value.version}).`, nonce: `fields:${r.value.version}`, removed: removedFrom(yours.definition) };
}

/** Brings back an earlier version of a note or of the entry fields, as a new revision (editors). */
export async function revertAction(_prev: FormState, form: FormData): Promise<FormState> {
  const g = await guardAction();
  if (!g.ok) return refused(g.message);
  const input = {
    id: field(form, 'id') as unknown as number,
    version: field(form, 'version') as unknown as number,
    toVersion: field(form, 'toVersion') as unknown as number,
  };
  const kind = field(form, 'kind');
  const r = await locked<WriteResult<{ version: number }, unknown>>(() => (kind === 'note' ? revertNote(input, g.user.name) : revertPhraseFields(input, g.user.name)));
  if (isState(r)) return r;
  if (!r.ok) return { status: 'error', message: r.message };
  refresh(field(form, 'phraseId'));
  return { status: 'ok', message: `Reverted to version ${input.toVersion} (now version ${r.value.version}).`, nonce: `revert:${r.value.version}` };
}

/** Undoes a note's deletion (admins). */
export async function restoreNoteAction(_prev: FormState, form: FormData): Promise<FormState> {
  const g = await guardAction('admin');
  if (!g.ok) return refused(g.message);
  const r = await locked(() =>
    restoreNote({ id: field(form, 'id') as unknown as number, version: field(form, 'version') as unknown as number }, g.user.name),
  );
  if (isState(r)) return r;
  if (!r.ok) return { status: 'error', message: r.message };
  refresh(field(form, 'phraseId'));
  return { status: 'ok', message: 'Note restored.', nonce: `restore:${r.value.version}` };
}

// ---------------------------------------------------------------------------
// Curation: status and merge (undoing a promoted search is lib/search/promote's undoPromotion)

export async function curateAction(_prev: FormState, form: FormData): Promise<FormState> {
  const g = await guardAction();
  if (!g.ok) return refused(g.message);
  const id = field(form, 'id');
  const intent = field(form, 'intent');
  const author = g.user.name;
  let r;
  if (intent === 'merge') {
    const target = (field(form, 'into') ?? '').trim();
    const into = /^\d+$/.test(target) ? Number(target) : target ? await findPhraseId(target) : null;
    if (into === null) {
      return { status: 'invalid', message: target ? `No entry is written “${target}”.` : 'Name the entry to merge into.', fields: { into: 'Unknown entry.' } };
    }
    r = await locked(() => mergePhrases({ id: id as unknown as number, into }, author));
    if (isState(r)) return r;
    if (r.ok) {
      refresh(String(into));
      redirect(`/phrases/${into}`);
    }
  } else {
    r = await locked(() => setPhraseStatus({ id: id as unknown as number, status: field(form, 'status') as 'confirmed' }, author));
  }
  if (isState(r)) return r;
  if (!r.ok) {
    if (r.error === 'invalid') return { status: 'invalid', message: r.message, fields: r.fields };
    return { status: 'error', message: r.message };
  }
  refresh(id);
  return { status: 'ok', message: `Status: ${r.value.status}.`, nonce: `curate:${r.value.version}` };
}
