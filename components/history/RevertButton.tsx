'use client';

import { useActionState } from 'react';
import { revertAction, restoreNoteAction } from '@/app/phrases/[id]/actions';
import { IDLE } from '@/components/notes/form-state';

/** "Revert to this version": a new revision with that version's content (editors). */
export function RevertButton({ kind, id, phraseId, version, toVersion }: { kind: 'note' | 'phrase'; id: number; phraseId: number; version: number; toVersion: number }) {
  const [state, action, pending] = useActionState(revertAction, IDLE);
  return (
    <form action={action} className="revert">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="phraseId" value={phraseId} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="toVersion" value={toVersion} />
      <button className="btn secondary small" type="submit" disabled={pending}>
        {pending ? 'Reverting…' : `Revert to version ${toVersion}`}
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

/** "Restore" on a deleted note (admins). */
export function RestoreNoteButton({ id, phraseId, version }: { id: number; phraseId: number; version: number }) {
  const [state, action, pending] = useActionState(restoreNoteAction, IDLE);
  return (
    <form action={action} className="revert">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="phraseId" value={phraseId} />
      <input type="hidden" name="version" value={version} />
      <button className="btn secondary small" type="submit" disabled={pending}>
        {pending ? 'Restoring…' : 'Restore this note'}
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
