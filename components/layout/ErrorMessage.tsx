'use client';

/**
 * What a page that failed says (app/error.tsx, and app/global-error.tsx when
 * the root layout itself failed): whose fault it is, the server log's
 * reference, a retry and a way home.
 */
export function ErrorMessage({ digest, reset }: { digest?: string; reset: () => void }) {
  return (
    <>
      <title>Something went wrong · Tifa 提法</title>
      <p className="code" aria-hidden="true">
        500
      </p>
      <h1>Something went wrong</h1>
      <p className="muted">
        This page could not be shown because of an error on our side, not because of anything you did.
        {digest ? ` (Reference ${digest}.)` : ''}
      </p>
      <p className="not-found-links">
        <button className="btn" type="button" onClick={reset}>
          Try again
        </button>
        <a href="/">Home</a>
      </p>
    </>
  );
}
