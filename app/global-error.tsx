'use client';

import './globals.css';

/** Errors in the root layout itself: a page of its own, since the layout could not render. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <title>Something went wrong · Tifa 提法</title>
        <main id="main" className="wrap not-found" role="alert">
          <h1>Something went wrong</h1>
          <p className="muted">
            Tifa could not show this page because of an error on our side.{error.digest ? ` (Reference ${error.digest}.)` : ''}
          </p>
          <p className="not-found-links">
            <button className="btn" type="button" onClick={reset}>
              Try again
            </button>
            <a href="/">Home</a>
          </p>
        </main>
      </body>
    </html>
  );
}
