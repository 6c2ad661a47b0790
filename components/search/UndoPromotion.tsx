'use client';

import { useActionState, useState } from 'react';
import { undoPromotionAction, type UndoState } from '@/app/search/actions';

/** On an entry added from a search: who added it, and (for editors) a way to undo it. */
export function UndoPromotion({ promotionId, phraseId }: { promotionId: number; phraseId: number }) {
  const [state, action, pending] = useActionState<UndoState, FormData>(undoPromotionAction, {});
  const [armed, setArmed] = useState(false);
  return (
    <form action={action} className="promote" aria-label="Undo promotion">
      <input type="hidden" name="promotionId" value={promotionId} />
      <input type="hidden" name="phraseId" value={phraseId} />
      {armed ? (
        <>
          <button className="btn danger small" type="submit" disabled={pending} data-testid="undo-promotion-confirm">
            {pending ? 'Undoing…' : 'Really undo'}
          </button>{' '}
          <button className="btn secondary small" type="button" onClick={() => setArmed(false)}>
            Keep
          </button>
        </>
      ) : (
        <button className="btn secondary small" type="button" onClick={() => setArmed(true)} data-testid="undo-promotion">
          Undo this promotion
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
