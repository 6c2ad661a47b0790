import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { documentHistory, getDocument, GENRE_LABELS, HISTORY_FIELDS, previousDocument } from '@/lib/data';
import { DocumentMetaForm } from '@/components/documents/DocumentMetaForm';
import { SignInToEdit } from '@/components/auth/SignInToEdit';
import { currentUser, hasRole } from '@/lib/auth';
import { getZh } from '@/lib/data/script';
import { Outline, PhraseChips } from '@/components/documents/Outline';
import { RevisionList } from '@/components/history/RevisionList';
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
  const [doc, zh, previous, user] = await Promise.all([getDocument(id), getZh(), previousDocument(id), currentUser()]);
  if (!doc) notFound();
  const canEdit = user !== null && hasRole(user.role, 'editor');
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
        <span style={{ overflowWrap: 'anywhere' }} data-testid="document-source">
          {doc.url ? <a href={doc.url} rel="nofollow noopener noreferrer">{doc.url}</a> : doc.source}
        </span>
        <span data-testid="document-place">
          {[
            doc.collection && <a key="c" href={`/documents?collection=${encodeURIComponent(doc.collection)}`}>{doc.collection}</a>,
            <a key="g" href={`/documents?genre=${encodeURIComponent(doc.genre)}`}>{GENRE_LABELS[doc.genre as keyof typeof GENRE_LABELS] ?? doc.genre}</a>,
            doc.region && <a key="r" href={`/documents?region=${encodeURIComponent(doc.region)}`}>{doc.region}</a>,
            doc.speaker && <span key="s">{doc.speaker}</span>,
          ]
            .filter(Boolean)
            .flatMap((x, i) => (i ? [' · ', x] : [x]))}
        </span>
        <span data-testid="ingested-at">ingested {fmtTime(doc.ingestedAt)}</span>
      </div>
      {doc.duplicateOf && (
        <div className="notice" data-testid="duplicate-of">
          This is a copy of{' '}
          <a href={`/documents/${doc.duplicateOf.id}`} lang={zh.lang(doc.duplicateOf.title)}>
            {zh.t(doc.duplicateOf.title)}
          </a>{' '}
          from another source: its text is counted once, there.
        </div>
      )}
      {doc.copies.length > 0 && (
        <section className="section" aria-labelledby="copies-h" data-testid="copies">
          <h2 id="copies-h">
            Also from <span className="aside">copies of this text from other sources, counted once here</span>
          </h2>
          <ul className="list-plain">
            {doc.copies.map((c) => (
              <li key={c.id}>
                <a href={`/documents/${c.id}`}>{c.url ?? c.source}</a>
                <span className="meta small muted">
                  {' '}
                  · {c.collection || 'no collection'} · {fmtDate(c.date)}
                  {c.shared != null ? ` · ${Math.round(c.shared * 100)}% of its clauses shared` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
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
      <section className="section" id="metadata" aria-labelledby="meta-h">
        <h2 id="meta-h">
          Title and date <span className="aside">{doc.editedTitle || doc.editedDate ? 'set by an editor' : 'as ingested'} · version {doc.version}</span>
        </h2>
        {canEdit ? (
          <DocumentMetaForm id={doc.id} version={doc.version} title={doc.title} date={doc.date} />
        ) : (
          <SignInToEdit user={user} back={`/documents/${doc.id}#metadata`} what="set its title and date" />
        )}
        {doc.revisions.length > 0 && (
          <details style={{ marginTop: '0.8rem' }}>
            <summary>History ({doc.revisions.length})</summary>
            <RevisionList
              revisions={documentHistory(doc.revisions)}
              labels={HISTORY_FIELDS.document}
              revert={canEdit ? { kind: 'document', id: doc.id, currentVersion: doc.version } : undefined}
            />
          </details>
        )}
      </section>
    </article>
  );
}
