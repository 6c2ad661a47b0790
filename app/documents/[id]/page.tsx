import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDocument, previousDocument } from '@/lib/data';
import { getZh } from '@/lib/data/script';
import { Outline, PhraseChips } from '@/components/documents/Outline';
import { parseId } from '@/components/layout/params';
import { ChipLegend } from '@/components/text/HighlightLegend';
import { fmtDate, fmtNum, fmtTime } from '@/components/layout/format';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = parseId((await params).id);
  const d = id ? await getDocument(id, 0) : null;
  if (!d) return { title: 'Document not found' };
  return { title: (await getZh()).t(d.title) };
}

export default async function DocumentPage({ params }: Props) {
  const id = parseId((await params).id);
  if (!id) notFound();
  const [doc, zh, previous] = await Promise.all([getDocument(id), getZh(), previousDocument(id)]);
  if (!doc) notFound();
  return (
    <article>
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="/documents">Documents</a>
      </nav>
      <h1 className="zh-serif" lang={zh.lang(doc.title)}>
        {zh.t(doc.title)}
      </h1>
      <div className="doc-meta">
        <span>{fmtDate(doc.date)}</span>
        <span>{fmtNum(doc.charCount)} characters</span>
        <span>{fmtNum(doc.sentenceCount)} sentences</span>
        <span>
          <a href={`/phrases?document=${doc.id}`}>{fmtNum(doc.phraseCount)} phrases</a>, {fmtNum(doc.occurrenceCount)} uses
        </span>
        <span title={doc.source} style={{ overflowWrap: 'anywhere' }}>
          {doc.url ? <a href={doc.url} rel="nofollow noopener noreferrer">source</a> : doc.source}
        </span>
        <span data-testid="ingested-at">ingested {fmtTime(doc.ingestedAt)}</span>
      </div>
      <p>
        <a className="btn secondary" href={`/documents/${doc.id}/text`}>
          Read the full text
        </a>
        {previous && (
          <>
            {' '}
            <a className="btn secondary" href={`/compare?a=${previous.id}&b=${doc.id}`} data-testid="compare-previous" title={`${previous.date ?? ''} ${previous.title}`}>
              Compare with the previous report
            </a>
          </>
        )}
      </p>
      <section className="section" aria-labelledby="outline-h">
        <h2 id="outline-h">
          Outline <span className="aside">each section with the phrases it uses</span>
        </h2>
        <ChipLegend />
        {doc.preamble.sentenceCount > 0 && (doc.sections.length > 0 || doc.preamble.phrases.length > 0) && (
          <div style={{ marginBottom: '0.6rem' }}>
            <a href={`/documents/${doc.id}/text`}>{doc.sections.length > 0 ? 'Opening (before the first heading)' : 'Text'}</a>
            <PhraseChips phrases={doc.preamble.phrases} zh={zh} more={0} />
          </div>
        )}
        {doc.sections.length === 0 ? (
          <p className="empty">This document has no headings.</p>
        ) : (
          <Outline sections={doc.sections} documentId={doc.id} zh={zh} />
        )}
      </section>
    </article>
  );
}
