import { NotFoundPage } from '@/components/layout/NotFoundPage';

export default function SentenceNotFound() {
  return (
    <NotFoundPage heading="No such sentence">
      <p className="muted">No sentence has this number. It may belong to a document that was re-ingested since the link was made.</p>
    </NotFoundPage>
  );
}
