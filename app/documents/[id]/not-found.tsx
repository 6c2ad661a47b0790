import { NotFoundPage } from '@/components/layout/NotFoundPage';

export default function DocumentNotFound() {
  return (
    <NotFoundPage heading="No such document or section">
      <p className="muted">No document (or no section of it) has this number. Documents keep their number when they are re-ingested.</p>
    </NotFoundPage>
  );
}
