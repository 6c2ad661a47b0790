import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { sentenceHref, sentenceLocation } from '@/lib/data';
import { parseId } from '@/components/layout/params';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sentence not found' };

/** A permanent address for a sentence: redirects to it in its section's reading view (an HTML 404 if there is none). */
export default async function SentencePage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseId((await params).id);
  const loc = id ? await sentenceLocation(id) : null;
  if (!loc) notFound();
  redirect(sentenceHref(loc.documentId, loc.sectionOrdinal, loc.ordinal));
}
