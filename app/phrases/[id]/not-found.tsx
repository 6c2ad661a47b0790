import { NotFoundPage } from '@/components/layout/NotFoundPage';

export default function PhraseNotFound() {
  return (
    <NotFoundPage heading="No such entry">
      <p className="muted">The glossary has no entry at this address. It may have been merged into another, or the link is wrong.</p>
    </NotFoundPage>
  );
}
