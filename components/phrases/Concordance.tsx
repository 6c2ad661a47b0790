import Link from 'next/link';
import type { ConcordanceLine, Paged } from '@/lib/data';
import type { Zh } from '@/lib/data/script';
import { fmtDate, fmtNum, fmtPath } from '@/components/layout/format';

const CONTEXT = 36;

/** Keyword-in-context lines: left context | phrase | right context, each linking to its sentence. */
export function Concordance({ lines, zh }: { lines: Paged<ConcordanceLine>; zh: Zh }) {
  if (lines.items.length === 0) return <p className="empty">No uses match these filters.</p>;
  return (
    <ol className="kwic" start={(lines.page - 1) * lines.pageSize + 1} data-testid="concordance">
      {lines.items.map((l) => {
        const shown = zh.same(l.sentence);
        const lang = zh.lang(shown);
        let left = shown.slice(0, l.start);
        let right = shown.slice(l.end);
        if (left.length > CONTEXT) left = '…' + left.slice(left.length - CONTEXT);
        if (right.length > CONTEXT + 20) right = right.slice(0, CONTEXT + 20) + '…';
        return (
          <li key={l.occurrenceId} data-sentence={l.sentenceId}>
            <Link href={l.href} className="line" lang={lang} title={shown}>
              <span className="left">
                <span>{left}</span>
              </span>
              <mark className={`hl kw ${l.quoted ? 'quoted' : 'unquoted'}`}>{shown.slice(l.start, l.end)}</mark>
              <span className="right">{right}</span>
            </Link>
            <div className="src">
              <span className="nowrap num">{fmtDate(l.document.date)}</span>
              <Link href={`/documents/${l.document.id}`} lang={zh.lang(l.document.title)}>
                {zh.t(l.document.title)}
              </Link>
              {l.sectionPath.length > 0 && (
                <span className="path" lang={lang}>
                  › {zh.t(fmtPath(l.sectionPath))}
                </span>
              )}
              {!l.quoted && <span>· unquoted</span>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export function concordanceSummary(total: number, filtered: boolean): string {
  return `${fmtNum(total)} ${total === 1 ? 'use' : 'uses'}${filtered ? ' with these filters' : ''}`;
}
