/** The body of a 404 page: what was not found, and where to go instead. */
export function NotFoundPage({ heading, children }: { heading: string; children?: React.ReactNode }) {
  return (
    <div className="not-found" data-testid="not-found">
      <p className="code" aria-hidden="true">
        404
      </p>
      <h1>{heading}</h1>
      {children ?? <p className="muted">There is no page at this address.</p>}
      <p className="not-found-links">
        <a href="/phrases">Browse the glossary</a>
        <a href="/documents">Documents</a>
        <a href="/search">Search the texts</a>
        <a href="/">Home</a>
      </p>
    </div>
  );
}
