import type { PhraseEntry } from '@/lib/data';
import type { Zh } from '@/lib/data/script';
import { removedMessage, renderMarkdownReport } from '@/lib/markdown';
import { KindBadge } from '@/components/phrases/KindBadge';
import { fmtDate, fmtNum } from '@/components/layout/format';

/**
 * The lang of an editor's note: English when Latin letters outnumber Chinese
 * characters two to one (notes are mostly English with Chinese quoted in them),
 * else the reader's Chinese script. Chinese fonts would set English quotes and
 * apostrophes full-width.
 */
export function noteLang(md: string, zh: Zh): string {
  const han = (md.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (md.match(/[A-Za-z]/g) ?? []).length;
  return latin > han * 2 ? 'en' : zh.lang(md);
}

/** Editor Markdown as HTML, with a line saying what was left out (if anything). */
export function MarkdownBody({ md, zh, className = 'note-body' }: { md: string; zh: Zh; className?: string }) {
  const r = renderMarkdownReport(md, zh.t);
  return (
    <>
      <div className={className} lang={noteLang(md, zh)} dangerouslySetInnerHTML={{ __html: r.html }} />
      {r.removed.length > 0 && <p className="small muted removed-note">{removedMessage(r.removed)}</p>}
    </>
  );
}

/** Headword, readings and forms, then kind and status: the top of a reference entry. */
export function EntryHead({ phrase, zh }: { phrase: PhraseEntry; zh: Zh }) {
  const shown = zh.t(phrase.text);
  return (
    <header className="entry-head">
      <h1 className="headword zh-serif" lang={zh.lang(shown)} data-testid="headword">
        {shown}
      </h1>
      <p className="entry-readings">
        <span className="pinyin" lang="zh-Latn-pinyin">
          {phrase.pinyin}
        </span>
        <span className="forms">
          <abbr title="simplified" className="script-label">
            简
          </abbr>{' '}
          <span lang="zh-Hans">{phrase.simplified}</span>
          <abbr title="traditional" className="script-label">
            繁
          </abbr>{' '}
          <span lang="zh-Hant">{phrase.traditional}</span>
        </span>
      </p>
      <p className="entry-status">
        <KindBadge kind={phrase.kind} />
        <span className="muted small">
          {phrase.kindSource === 'editor' ? 'kind chosen by an editor' : 'kind found automatically'} ·{' '}
          {phrase.origin === 'search' ? 'added from a full-text search' : 'first seen in quotation marks'}
          {phrase.pinyinOverride ? ' · pinyin corrected by an editor' : ''}
        </span>
      </p>
      {phrase.translation && (
        <p className="translation" lang="en">
          “{phrase.translation}”
        </p>
      )}
    </header>
  );
}

/** Uses, documents, first and latest appearance, then any further figures (children: dt/dd pairs in a div). */
export function KeyFigures({ phrase, zh, children }: { phrase: PhraseEntry; zh: Zh; children?: React.ReactNode }) {
  const unquoted = phrase.occurrenceCount - phrase.quotedCount;
  return (
    <dl className="facts">
      <div>
        <dt>Uses</dt>
        <dd>
          <span className="big">{fmtNum(phrase.occurrenceCount)}</span>
          <span className="doc muted">
            {fmtNum(phrase.quotedCount)} quoted · {fmtNum(unquoted)} unquoted
          </span>
        </dd>
      </div>
      <div>
        <dt>Documents</dt>
        <dd>
          <span className="big">{fmtNum(phrase.documentCount)}</span>
        </dd>
      </div>
      <div>
        <dt>First appearance</dt>
        <dd>
          {fmtDate(phrase.firstDate)}
          {phrase.firstDocument && (
            <a className="doc" href={`/documents/${phrase.firstDocument.id}`} lang={zh.lang(phrase.firstDocument.title)}>
              {zh.t(phrase.firstDocument.title)}
            </a>
          )}
        </dd>
      </div>
      <div>
        <dt>Latest appearance</dt>
        <dd>
          {fmtDate(phrase.lastDate)}
          {phrase.lastDocument && (
            <a className="doc" href={`/documents/${phrase.lastDocument.id}`} lang={zh.lang(phrase.lastDocument.title)}>
              {zh.t(phrase.lastDocument.title)}
            </a>
          )}
        </dd>
      </div>
      {children}
    </dl>
  );
}

/** "On this page": a table of contents, set as tabs on phones. */
export function EntryToc({ items }: { items: Array<{ href: string; label: string; count?: number }> }) {
  return (
    <nav className="toc" aria-label="On this page">
      <ul>
        {items.map((i) => (
          <li key={i.href}>
            <a href={i.href}>
              {i.label}
              {i.count !== undefined && <span className="toc-count"> {fmtNum(i.count)}</span>}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
