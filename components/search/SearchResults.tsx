import type { SearchLine } from '@/lib/data/search';
import type { Zh } from '@/lib/data/script';
import { kwicSourceHtml, leftContext } from '@/components/phrases/Concordance';
import { el, esc } from '@/components/text/html';

const CONTEXT = 36;

export interface Narrow {
  document?: (id: number) => string;
  section?: (id: number) => string;
}

/** One result line as HTML: left context | first match | right context with later matches marked. */
export function searchLineHtml(l: SearchLine, zh: Zh, narrow: Narrow = {}): string {
  const shown = zh.same(l.sentence);
  const lang = zh.lang(shown);
  // Offsets are in UTF-16 units; the right edge is moved off a surrogate pair's second half.
  let rightTo = Math.min(shown.length, l.end + CONTEXT + 20);
  if (rightTo < shown.length && /[\uDC00-\uDFFF]/.test(shown[rightTo])) rightTo++;
  let right = '';
  let at = l.end;
  for (const [s, e] of l.matches.slice(1)) {
    if (s >= rightTo) break;
    if (s < at) continue;
    right += esc(shown.slice(at, s)) + el('mark', { class: 'hl kw' }, esc(shown.slice(s, Math.min(e, rightTo))));
    at = Math.min(e, rightTo);
  }
  right += esc(shown.slice(at, rightTo) + (rightTo < shown.length ? '…' : ''));
  const line = el(
    'div',
    { class: 'line', lang },
    el('span', { class: 'left' }, el('span', {}, esc(leftContext(shown.slice(0, l.start), CONTEXT)))),
    el('mark', { class: 'hl kw' }, esc(shown.slice(l.start, l.end))),
    el('span', { class: 'right' }, right),
  );
  const src = kwicSourceHtml(
    l.document,
    l.sectionPath,
    l.href,
    zh,
    lang,
    narrow.document ? el('a', { href: narrow.document(l.document.id) }, 'only this document') : '',
    narrow.section && l.sectionId !== null ? el('a', { href: narrow.section(l.sectionId) }, 'only this section') : '',
  );
  return el('li', { 'data-sentence': l.sentenceId }, line, src);
}

/**
 * Keyword-in-context lines for a free-text search, every match in the line
 * highlighted. Rendered as one escaped HTML string (components/text/html.ts),
 * like the concordance: a result page is all lines.
 */
export function SearchResults({ lines, zh, start, narrow }: { lines: SearchLine[]; zh: Zh; start: number; narrow?: Narrow }) {
  const html = lines.map((l) => searchLineHtml(l, zh, narrow)).join('');
  return <ol aria-label="Sentences that match" className="kwic" start={start} data-testid="search-results" dangerouslySetInnerHTML={{ __html: html }} />;
}
