
export default function NotFound() {
  return (
    <div className="not-found">
      <div className="code">404</div>
      <h1>Not in the glossary</h1>
      <p className="muted">There is no page at this address: the phrase, document or section may not exist (yet).</p>
      <p>
        <a href="/phrases">Browse the glossary</a> · <a href="/documents">Documents</a> · <a href="/">Home</a>
      </p>
    </div>
  );
}
