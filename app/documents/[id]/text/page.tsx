import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDocumentReading } from '@/lib/data';
import { getZh } from '@/lib/data/script';
import { ReadingText } from '@/components/documents/ReadingText';
import { parseId } from '@/components/layout/params';
import { HighlightLegend } from '@/components/text/HighlightLegend';
import { fmtDate } from '@/components/layout/format';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = parseId((await params).id);
  const view = id ? await getDocumentReading(id) : null;
  if (!view) return { title: 'Document not found' };
  return { title: (await getZh()).t(view.document.title) };
}

export default async function DocumentTextPage({ params }: Props) {
  const id = parseId((await params).id);
  if (!id) notFound();
  const [view, zh] = await Promise.all([getDocumentReading(id), getZh()]);
  if (!view) notFound();
  const doc = view.document;
  return (
    <article>
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="/documents">Documents</a>
        <span className="sep" aria-hidden="true">›</span>
        <a href={`/documents/${doc.id}`}>Outline</a>
      </nav>
      <h1 className="zh-serif" lang={zh.lang(doc.title)}>
        {zh.t(doc.title)}
      </h1>
      <div className="doc-meta">
        <span>{fmtDate(doc.date)}</span>
        <span>Full text, every phrase highlighted</span>
      </div>
      <HighlightLegend nested />
      {view.sentences.length === 0 ? (
        <p className="empty">This document has no text.</p>
      ) : (
        <ReadingText sentences={view.sentences} sections={view.sections} zh={zh} baseDepth={1} />
      )}
    </article>
  );
}
