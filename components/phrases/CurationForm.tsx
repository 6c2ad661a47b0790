'use client';

import { useActionState } from 'react';
import { curateAction } from '@/app/phrases/[id]/actions';
import { IDLE } from '@/components/notes/form-state';

const STATUSES = [
  ['confirmed', 'Confirm'],
  ['candidate', 'Back to candidates'],
  ['rejected', 'Reject'],
] as const;

/** An editor's curation of an entry: its status, and merging it into another (a promoted search is undone from its own panel). */
export function CurationForm({
  phraseId,
  status,
  score,
}: {
  phraseId: number;
  status: string;
  score: number;
}) {
  const [state, action, pending] = useActionState(curateAction, IDLE);
  const err = state.status === 'invalid' ? state.fields : {};
  return (
    <form action={action} className="panel" aria-label="Curation">
      <input type="hidden" name="id" value={phraseId} />
      <p>
        Status: <b data-testid="phrase-status">{status}</b> · score <b data-testid="phrase-score">{score.toFixed(2)}</b>{' '}
        <span className="muted small">(how formulation-like its uses are, 0–1)</span>
      </p>
      <div className="form-foot">
        {STATUSES.filter(([s]) => s !== status).map(([s, label]) => (
          <button key={s} className={s === 'rejected' ? 'btn secondary' : 'btn'} type="submit" name="status" value={s} disabled={pending}>
            {label}
          </button>
        ))}
      </div>
      <div className="form-foot">
        <label className="field">
          Merge this entry into
          <input type="text" name="into" placeholder="the other wording, or its number" maxLength={120} />
          {err.into && <span className="err">{err.into}</span>}
        </label>
        <button className="btn secondary" type="submit" name="intent" value="merge" disabled={pending}>
          Merge
        </button>
      </div>
      {state.status === 'ok' && (
        <p className="small" role="status" style={{ color: 'var(--ok)' }}>
          {state.message}
        </p>
      )}
      {(state.status === 'invalid' || state.status === 'error') && (
        <div className="notice error" role="alert">
          <strong>Not saved. </strong>
          {state.message}
        </div>
      )}
    </form>
  );
}
