'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Signs out through DELETE /api/session, then reloads the page as a reader. */
export function SignOutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="linkish"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await fetch('/api/session', { method: 'DELETE' }).catch(() => undefined);
        setBusy(false);
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
