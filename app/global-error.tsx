'use client';

import './globals.css';
import { ErrorMessage } from '@/components/layout/ErrorMessage';

/** Errors in the root layout itself: a page of its own, since the layout could not render. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main id="main" className="wrap not-found" role="alert">
          <ErrorMessage digest={error.digest} reset={reset} />
        </main>
      </body>
    </html>
  );
}
