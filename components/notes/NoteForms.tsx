'use client';

import { useActionState, useState } from 'react';
import { addNoteAction, deleteNoteAction, editNoteAction } from '@/app/phrases/[id]/actions';
import { IDLE, type FormState } from './form-state';
import { MarkdownField } from './MarkdownField';

function Status({ state }: { state: FormState }) {
  if (state.status === 'idle') return null;
  if (state.status === 'ok')
    return (
      <span className="small status-ok" role="status">
        {state.message}
        {state.removed && (
          <span className="notice" data-testid="saved-removed">
            {state.removed}
          </span>
        )}
      </span>
    );
  return (
    <div className={`notice ${state.status === 'conflict' ? '' : 'error'}`} role="alert" data-state={state.status}>
      <strong>{state.status === 'conflict' ? 'Not saved: conflict. ' : 'Not saved. '}</strong>
      {state.message}
      {state.status === 'conflict' && state.current && (
        <div className="small" style={{ marginTop: '0.5rem' }}>
          {state.current.deleted ? (
            'The note is deleted now.'
          ) : (
            <>
              Current text (version {state.current.version}):
              <pre data-testid="conflict-current">{String(state.current.body ?? '')}</pre>
            </>
          )}
        </div>
      )}
    </div>
  );
}

export function AddNoteForm({ phraseId }: { phraseId: number }) {
  const [state, action, pending] = useActionState(addNoteAction, IDLE);
  const key = state.status === 'ok' ? state.nonce : 'form';
  const body = state.status === 'invalid' ? (state.yours?.body ?? '') : '';
  return (
    <form action={action} key={key} className="panel" aria-label="Add a note">
      <input type="hidden" name="phraseId" value={phraseId} />
      <MarkdownField
        id="new-note"
        name="body"
        label="New note (Markdown)"
        defaultValue={body}
        placeholder="What does it mean, where does it come from, how is it translated?"
        required
      />
      <div className="form-foot">
        <button className="btn" type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Add note'}
        </button>
        <Status state={state} />
      </div>
    </form>
  );
}

export function EditNoteForm({
  phraseId,
  noteId,
  version,
  body,
}: {
  phraseId: number;
  noteId: number;
  version: number;
  body: string;
}) {
  const [state, action, pending] = useActionState(editNoteAction, IDLE);
  // After a conflict the editor has seen the current text: saving again is an explicit
  // choice to replace that version, so the form now carries it.
  const formVersion = state.status === 'conflict' && state.current && !state.current.deleted ? state.current.version : version;
  const text = state.status === 'conflict' || state.status === 'invalid' ? (state.yours?.body ?? body) : body;
  return (
    <form action={action} key={`${version}:${state.status}:${formVersion}`} aria-label="Edit note" data-testid={`edit-note-${noteId}`}>
      <input type="hidden" name="phraseId" value={phraseId} />
      <input type="hidden" name="id" value={noteId} />
      <input type="hidden" name="version" value={formVersion} />
      <MarkdownField id={`note-body-${noteId}`} name="body" label="Text (Markdown)" defaultValue={text} required />
      <div className="form-foot">
        <button className="btn" type="submit" disabled={pending}>
          {pending ? 'Saving…' : state.status === 'conflict' && state.current && !state.current.deleted ? `Save mine over version ${formVersion}` : 'Save'}
        </button>
      </div>
      <Status state={state} />
    </form>
  );
}

export function DeleteNoteForm({ phraseId, noteId, version }: { phraseId: number; noteId: number; version: number }) {
  const [state, action, pending] = useActionState(deleteNoteAction, IDLE);
  const [armed, setArmed] = useState(false);
  return (
    <form action={action} aria-label="Delete note">
      <input type="hidden" name="phraseId" value={phraseId} />
      <input type="hidden" name="id" value={noteId} />
      <input type="hidden" name="version" value={version} />
      {armed ? (
        <>
          <button className="btn danger" type="submit" disabled={pending}>
            Really delete
          </button>{' '}
          <button className="btn secondary" type="button" onClick={() => setArmed(false)}>
            Keep
          </button>
        </>
      ) : (
        <button className="btn danger" type="button" onClick={() => setArmed(true)}>
          Delete
        </button>
      )}
      <Status state={state} />
    </form>
  );
}
