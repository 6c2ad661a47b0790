'use client';

import { useEffect } from 'react';

/** Any page that failed while rendering: says so, offers a retry, and loses nothing the reader typed elsewhere. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    // The server has logged it with this digest; the browser console gets a pointer, not a stack.
    console.warn('Page error', error.digest ?? '');
  }, [error]);
  return (
    <div className="not-found" role="alert">
      <title>Something went wrong · Tifa 提法</title>
      <p className="code" aria-hidden="true">
        500
      </p>
      <h1>Something went wrong</h1>
      <p className="muted">
        This page could not be shown because of an error on our side, not because of anything you did.
        {error.digest ? ` (Reference ${error.digest}.)` : ''}
      </p>
      <p className="not-found-links">
        <button className="btn" type="button" onClick={reset}>
          Try again
        </button>
        <a href="/">Home</a>
      </p>
    </div>
  );
}
