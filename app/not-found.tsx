import type { Metadata } from 'next';
import { NotFoundPage } from '@/components/layout/NotFoundPage';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <NotFoundPage heading="Page not found">
      <p className="muted">There is no page at this address. It may be mistyped, or the page may have moved.</p>
    </NotFoundPage>
  );
}
