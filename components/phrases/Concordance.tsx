import type { ConcordanceLine, Paged } from '@/lib/data';
import type { Zh } from '@/lib/data/script';
import { fmtDate, fmtNum, fmtPath } from '@/components/layout/format';
import { el, esc } from '@/components/text/html';

const CONTEXT = 36;

/**
 * The left context of a keyword-in-context line: at most `max` whole characters
 * (a surrogate pair is one), with an ellipsis where it was cut. The column's CSS
 * cuts further on narrow screens, again at a whole character with an ellipsis.
 */
export function leftContext(text: string, max = CONTEXT): string {
  const chars = Array.from(text);
  return chars.length > max ? '…' + chars.slice(chars.length - max).join('') : text;
}

/** The right context: at most `max` whole characters, with an ellipsis where it was cut. */
export function rightContext(text: string, max = CONTEXT + 20): string {
  const chars = Array.from(text);
  return chars.length > max ? chars.slice(0, max).join('') + '…' : text;
}

/**
 * One KWIC line as HTML: left context | phrase | right context as plain,
 * selectable text, and under it the source, which links to the sentence.
 */
export function kwicLineHtml(l: ConcordanceLine, zh: Zh): string {
  const shown = zh.same(l.sentence);
  const lang = zh.lang(shown);
  const line = el(
    'div',
    { class: 'line', lang },
    el('span', { class: 'left' }, el('span', {}, esc(leftContext(shown.slice(0, l.start))))),
    el('mark', { class: `hl kw ${l.quoted ? 'quoted' : 'unquoted'}` }, esc(shown.slice(l.start, l.end))),
    el('span', { class: 'right' }, esc(rightContext(shown.slice(l.end)))),
  );
  const src = kwicSourceHtml(
    l.document,
    l.sectionPath,
    l.href,
    zh,
    lang,
    l.quoted ? '' : el('span', { class: 'tag' }, 'unquoted'),
    l.count && l.count > 1 ? el('span', { class: 'count', 'data-testid': 'line-count' }, esc(`· ${fmtNum(l.count)} identical lines`)) : '',
  );
  // What "copy selected lines" puts on the clipboard: the sentence with the use marked, and its source.
  const copy = `${shown.slice(0, l.start)}【${shown.slice(l.start, l.end)}】${shown.slice(l.end)}\t${fmtDate(l.document.date)}\t${zh.t(l.document.title)}${l.count && l.count > 1 ? `\t×${l.count}` : ''}`;
  const pick = el('input', { type: 'checkbox', class: 'pick', 'aria-label': 'Select this line', 'data-copy': copy });
  return el('li', { 'data-sentence': l.sentenceId }, pick, line, src);
}

/**
 * The source line under a keyword-in-context line: date, document (to its
 * outline), section path (to the sentence in the reading view), then any extras
 * (already-built HTML). Shared by the concordance and the search results.
 */
export function kwicSourceHtml(
  document: { id: number; title: string; date: string | null },
  sectionPath: string[],
  href: string,
  zh: Zh,
  lang: string,
  ...extras: string[]
): string {
  const title = zh.t(document.title);
  return el(
    'div',
    { class: 'src' },
    el('span', { class: 'nowrap num' }, esc(fmtDate(document.date))),
    el('a', { href: `/documents/${document.id}`, class: 'doc', lang: zh.lang(title) }, esc(title)),
    el(
      'a',
      { href, class: 'to-sentence', lang: sectionPath.length > 0 ? lang : undefined },
      sectionPath.length > 0 ? esc('› ' + zh.t(fmtPath(sectionPath))) : 'in the text',
    ),
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
      aria-label="Uses in context"
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
