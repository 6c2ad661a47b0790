'use client';

import { useActionState } from 'react';
import { revertAction, restoreNoteAction } from '@/app/phrases/[id]/actions';
import { revertDocumentMetaAction } from '@/app/documents/[id]/actions';
import { IDLE, type FormState } from '@/components/notes/form-state';

/** A one-button form for a history action (revert, restore): its hidden fields, its state, its answer. */
function HistoryActionForm({
  action: serverAction,
  fields,
  label,
  pendingLabel,
}: {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  fields: Record<string, string | number>;
  label: string;
  pendingLabel: string;
}) {
  const [state, action, pending] = useActionState(serverAction, IDLE);
  return (
    <form action={action} className="revert">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button className="btn secondary small" type="submit" disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
      {state.status !== 'idle' && (
        <span className={state.status === 'ok' ? 'small' : 'small err'} role={state.status === 'ok' ? 'status' : 'alert'}>
          {' '}
          {state.message}
        </span>
      )}
    </form>
  );
}

/** "Revert to this version": a new revision with that version's content (editors). */
export function RevertButton({ kind, id, phraseId, version, toVersion }: { kind: 'note' | 'phrase'; id: number; phraseId: number; version: number; toVersion: number }) {
  return (
    <HistoryActionForm
      action={revertAction}
      fields={{ kind, id, phraseId, version, toVersion }}
      label={`Revert to version ${toVersion}`}
      pendingLabel="Reverting…"
    />
  );
}

/** "Revert to this version" of a document's title and date (editors). */
export function DocumentRevertButton({ id, version, toVersion }: { id: number; version: number; toVersion: number }) {
  return (
    <HistoryActionForm
      action={revertDocumentMetaAction}
      fields={{ id, version, toVersion }}
      label={`Revert to version ${toVersion}`}
      pendingLabel="Reverting…"
    />
  );
}

/** "Restore" on a deleted note (admins). */
export function RestoreNoteButton({ id, phraseId, version }: { id: number; phraseId: number; version: number }) {
  return <HistoryActionForm action={restoreNoteAction} fields={{ id, phraseId, version }} label="Restore this note" pendingLabel="Restoring…" />;
}
