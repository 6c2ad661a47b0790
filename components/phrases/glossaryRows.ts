import type { PhraseSummary } from '@/lib/data';
import type { Zh } from '@/lib/data/script';
import { fmtDate, fmtNum } from '@/components/layout/format';
import { el, esc } from '@/components/text/html';

/** The rows of the glossary table as one escaped HTML string (see components/text/html.ts). */
export function glossaryRowsHtml(items: PhraseSummary[], zh: Zh): string {
  return items
    .map((p) => {
      const shown = zh.t(p.text);
      // The other script's form, as a reader of this one would look for it.
      const alt = zh.lang(shown) === 'zh-Hant' ? p.simplified : p.traditional;
      return el(
        'tr',
        {},
        el(
          'td',
          { class: 'headword-cell' },
          el('a', { href: `/phrases/${p.id}`, lang: zh.lang(shown) }, esc(shown)),
          alt && alt !== shown ? el('span', { class: 'alt', lang: zh.lang(alt) }, esc(alt)) : '',
        ),
        el('td', { class: 'pinyin' }, esc(p.pinyin)),
        el('td', {}, el('span', { class: `badge ${p.kind}` }, esc(p.kind))),
        el(
          'td',
          { class: 'status', 'data-label': 'status' },
          el('span', { class: `status ${p.status}`, title: `score ${p.score.toFixed(2)}` }, esc(p.status)) +
            ' ' +
            el('span', { class: 'muted small' }, esc(p.score.toFixed(2))),
        ),
        el(
          'td',
          { class: 'n', 'data-label': 'uses' },
          esc(fmtNum(p.occurrenceCount)) + ' ' + el('span', { class: 'muted' }, esc(`(${fmtNum(p.quotedCount)})`)),
        ),
        el('td', { class: 'n', 'data-label': 'documents' }, esc(fmtNum(p.documentCount))),
        el('td', { class: 'n', 'data-label': 'first' }, esc(fmtDate(p.firstDate))),
      );
    })
    .join('');
}
