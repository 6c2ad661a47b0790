'use client';

import { useActionState } from 'react';
import { promoteToPhrase, type PromoteState } from '@/app/search/actions';

/**
 * Adds the searched string to the glossary, in two steps: the first click asks
 * the server what it would add, the second (confirm) does it.
 */
export function PromoteButton({ q, total }: { q: string; total: number }) {
  const [state, action, pending] = useActionState<PromoteState, FormData>(promoteToPhrase, {});
  const confirming = state.confirm && state.confirm.q === q;
  return (
    <form action={action} className="promote">
      <input type="hidden" name="q" value={q} />
      {confirming ? (
        <>
          <input type="hidden" name="confirm" value="yes" />
          <span className="small" data-testid="promote-confirm-text">
            This adds “{q}” as a glossary entry with its uses in {state.confirm!.sentences.toLocaleString('en')} sentences (you can undo it on the entry).{' '}
          </span>
          <button className="btn" type="submit" disabled={pending} data-testid="promote-confirm">
            {pending ? 'Adding…' : 'Confirm: add it'}
          </button>
        </>
      ) : (
        <button className="btn" type="submit" disabled={pending} data-testid="promote">
          {pending ? 'Checking…' : `Add “${q}” to the glossary (${total.toLocaleString('en')} sentences)`}
        </button>
      )}
      {state.error && (
        <span className="error" role="alert">
          {' '}
          {state.error}
        </span>
      )}
    </form>
  );
}
