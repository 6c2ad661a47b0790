'use client';

import { useActionState } from 'react';
import { saveDocumentMetaAction } from '@/app/documents/[id]/actions';
import { IDLE } from '@/components/notes/form-state';

/** An editor sets a missing or wrong title or date; each save is a revision. */
export function DocumentMetaForm({ id, version, title, date }: { id: number; version: number; title: string; date: string | null }) {
  const [state, action, pending] = useActionState(saveDocumentMetaAction, IDLE);
  const conflict = state.status === 'conflict' ? state : null;
  const formVersion = conflict?.current ? conflict.current.version : version;
  const yours = state.status === 'invalid' || state.status === 'conflict' ? (state.yours ?? {}) : {};
  const err = state.status === 'invalid' ? state.fields : {};
  return (
    <form action={action} key={`${version}:${state.status}:${formVersion}`} className="panel" aria-label="Document metadata">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={formVersion} />
      <input type="hidden" name="loadedTitle" value={title} />
      <input type="hidden" name="loadedDate" value={date ?? ''} />
      <div className="form-grid">
        <label className="field full">
          Title
          <input type="text" name="title" defaultValue={yours.title ?? title} maxLength={300} />
          {err.title && <span className="err">{err.title}</span>}
        </label>
        <label className="field">
          Date <span className="muted">(YYYY, YYYY-MM or YYYY-MM-DD)</span>
          <input type="text" name="date" defaultValue={yours.date ?? date ?? ''} maxLength={10} placeholder="undated" />
          {err.date && <span className="err">{err.date}</span>}
        </label>
      </div>
      <div className="form-foot">
        <button className="btn" type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save title and date'}
        </button>
        {state.status === 'ok' && (
          <span className="small" role="status" style={{ color: 'var(--ok)' }}>
            {state.message}
          </span>
        )}
      </div>
      {state.status !== 'ok' && state.status !== 'idle' && (
        <div className={`notice ${conflict ? '' : 'error'}`} role="alert" data-state={state.status}>
          <strong>{conflict ? 'Not saved: conflict. ' : 'Not saved. '}</strong>
          {state.message}
        </div>
      )}
    </form>
  );
}
