import type { ConcordanceLine, Paged } from '@/lib/data';
import type { Zh } from '@/lib/data/script';
import { fmtDate, fmtNum, fmtPath } from '@/components/layout/format';
import { el, esc } from '@/components/text/html';

const CONTEXT = 36;

/** One KWIC line as HTML: left context | phrase | right context, linking to its sentence. */
export function kwicLineHtml(l: ConcordanceLine, zh: Zh): string {
  const shown = zh.same(l.sentence);
  const lang = zh.lang(shown);
  let left = shown.slice(0, l.start);
  let right = shown.slice(l.end);
  if (left.length > CONTEXT) left = '…' + left.slice(left.length - CONTEXT);
  if (right.length > CONTEXT + 20) right = right.slice(0, CONTEXT + 20) + '…';
  const line = el(
    'a',
    { href: l.href, class: 'line', lang },
    el('span', { class: 'left' }, el('span', {}, esc(left))),
    el('mark', { class: `hl kw ${l.quoted ? 'quoted' : 'unquoted'}` }, esc(shown.slice(l.start, l.end))),
    el('span', { class: 'right' }, esc(right)),
  );
  const src = kwicSourceHtml(
    l.document,
    l.sectionPath,
    zh,
    lang,
    l.quoted ? '' : el('span', {}, '· unquoted'),
    l.count && l.count > 1 ? el('span', { class: 'count', 'data-testid': 'line-count' }, esc(`· ${fmtNum(l.count)} identical lines`)) : '',
  );
  // What "copy selected lines" puts on the clipboard: the sentence with the use marked, and its source.
  const copy = `${shown.slice(0, l.start)}【${shown.slice(l.start, l.end)}】${shown.slice(l.end)}\t${fmtDate(l.document.date)}\t${zh.t(l.document.title)}${l.count && l.count > 1 ? `\t×${l.count}` : ''}`;
  const pick = el('input', { type: 'checkbox', class: 'pick', 'aria-label': 'Select this line', 'data-copy': copy });
  return el('li', { 'data-sentence': l.sentenceId }, pick, line, src);
}

/**
 * The source line under a keyword-in-context line: date, document, section
 * path, then any extras (already-built HTML). Shared by the concordance and
 * the search results.
 */
export function kwicSourceHtml(
  document: { id: number; title: string; date: string | null },
  sectionPath: string[],
  zh: Zh,
  lang: string,
  ...extras: string[]
): string {
  const title = zh.t(document.title);
  return el(
    'div',
    { class: 'src' },
    el('span', { class: 'nowrap num' }, esc(fmtDate(document.date))),
    el('a', { href: `/documents/${document.id}`, lang: zh.lang(title) }, esc(title)),
    sectionPath.length > 0 ? el('span', { class: 'path', lang }, esc('› ' + zh.t(fmtPath(sectionPath)))) : '',
    ...extras,
  );
}

/**
 * Keyword-in-context lines. Rendered as one escaped HTML string (see
 * components/text/html.ts): this list is the bulk of the busiest page.
 */
export function Concordance({ lines, zh }: { lines: Paged<ConcordanceLine>; zh: Zh }) {
  if (lines.items.length === 0) return <p className="empty">No uses match these filters.</p>;
  const html = lines.items.map((l) => kwicLineHtml(l, zh)).join('');
  return (
    <ol
      className="kwic"
      id="concordance-lines"
      start={(lines.page - 1) * lines.pageSize + 1}
      data-testid="concordance"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

export function concordanceSummary(total: number, filtered: boolean): string {
  return `${fmtNum(total)} ${total === 1 ? 'use' : 'uses'}${filtered ? ' with these filters' : ''}`;
}
