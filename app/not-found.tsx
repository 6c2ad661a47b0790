import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="not-found">
      <div className="code">404</div>
      <h1>Not in the glossary</h1>
      <p className="muted">There is no page at this address: the phrase, document or section may not exist (yet).</p>
      <p>
        <Link href="/phrases">Browse the glossary</Link> · <Link href="/documents">Documents</Link> · <Link href="/">Home</Link>
      </p>
    </div>
  );
}
