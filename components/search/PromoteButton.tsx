'use client';

import { useActionState } from 'react';
import { promoteToPhrase, type PromoteState } from '@/app/search/actions';

/** One click: the searched string becomes a glossary phrase with all its uses. */
export function PromoteButton({ q, total }: { q: string; total: number }) {
  const [state, action, pending] = useActionState<PromoteState, FormData>(promoteToPhrase, {});
  return (
    <form action={action} className="promote">
      <input type="hidden" name="q" value={q} />
      <button className="btn" type="submit" disabled={pending} data-testid="promote">
        {pending ? 'Adding…' : `Add “${q}” to the glossary (${total.toLocaleString('en')} sentences)`}
      </button>
      {state.error && <span className="error" role="alert"> {state.error}</span>}
    </form>
  );
}
