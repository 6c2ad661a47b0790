import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getSectionReading } from '@/lib/data';
import { getZh } from '@/lib/data/script';
import { ReadingText } from '@/components/documents/ReadingText';
import { parseId } from '@/components/layout/params';
import { HighlightLegend } from '@/components/text/HighlightLegend';
import { fmtDate } from '@/components/layout/format';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string; sectionId: string }> };

async function load(params: Props['params']) {
  const p = await params;
  const id = parseId(p.id);
  const sectionId = parseId(p.sectionId);
  if (!id || !sectionId) return null;
  return getSectionReading(id, sectionId);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const view = await load(params);
  if (!view?.section) return { title: 'Section not found' };
  const zh = await getZh();
  return { title: `${zh.t(view.section.label + view.section.title)} · ${zh.t(view.document.title)}` };
}

export default async function SectionPage({ params }: Props) {
  const [view, zh] = await Promise.all([load(params), getZh()]);
  if (!view || !view.section) notFound();
  const { document: doc, section } = view;
  const heading = zh.t(section.label + section.title);
  return (
    <article>
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="/documents">Documents</a>
        <span className="sep" aria-hidden="true">›</span>
        <a href={`/documents/${doc.id}`} lang={zh.lang(doc.title)}>
          {zh.t(doc.title)}
        </a>
        {view.ancestors.map((a) => (
          <span key={a.id}>
            <span className="sep" aria-hidden="true">›</span>
            <a href={`/documents/${doc.id}/sections/${a.number}`} lang={zh.lang(a.label + a.title)}>
              {zh.t(a.label || a.title)}
            </a>
          </span>
        ))}
        <span className="sep" aria-hidden="true">›</span>
        <span lang={zh.lang(section.label)}>{zh.t(section.label || section.title)}</span>
      </nav>
      <h1 className="zh-serif" lang={zh.lang(heading)}>
        {heading}
      </h1>
      <div className="doc-meta">
        <span>{fmtDate(doc.date)}</span>
        <a href={`/documents/${doc.id}`}>Outline</a>
        <a href={`/documents/${doc.id}/text#s-${(view.sentences[0]?.ordinal ?? 0) + 1}`}>Full text</a>
      </div>
      <HighlightLegend nested />
      {view.sentences.length === 0 ? (
        <p className="empty">This section has no text.</p>
      ) : (
        <ReadingText sentences={view.sentences.filter((s, i) => !(i === 0 && s.heading && s.sectionId === section.id && s.text === section.label + section.title))} sections={view.sections} zh={zh} baseDepth={section.depth + 1} />
      )}
      <nav className="reading-nav" aria-label="Sections">
        {view.prev ? (
          <a href={`/documents/${doc.id}/sections/${view.prev.number}`} rel="prev" lang={zh.lang(view.prev.title)}>
            ← {zh.t(view.prev.label + view.prev.title)}
          </a>
        ) : (
          <span />
        )}
        {view.next ? (
          <a href={`/documents/${doc.id}/sections/${view.next.number}`} rel="next" lang={zh.lang(view.next.title)} style={{ textAlign: 'right' }}>
            {zh.t(view.next.label + view.next.title)} →
          </a>
        ) : (
          <span />
        )}
      </nav>
    </article>
  );
}
