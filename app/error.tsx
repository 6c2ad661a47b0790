'use client';

import { useEffect } from 'react';
import { ErrorMessage } from '@/components/layout/ErrorMessage';

/** Any page that failed while rendering: says so, offers a retry, and loses nothing the reader typed elsewhere. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    // The server has logged it with this digest; the browser console gets a pointer, not a stack.
    console.warn('Page error', error.digest ?? '');
  }, [error]);
  return (
    <div className="not-found" role="alert">
      <ErrorMessage digest={error.digest} reset={reset} />
    </div>
  );
}
