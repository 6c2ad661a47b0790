import Link from 'next/link';
import type { ReactNode } from 'react';
import type { SearchLine } from '@/lib/data/search';
import type { Zh } from '@/lib/data/script';
import { fmtDate, fmtPath } from '@/components/layout/format';

const CONTEXT = 36;

/** Keyword-in-context lines for a free-text search, every match in the line highlighted. */
export function SearchResults({
  lines,
  zh,
  start,
  narrow,
}: {
  lines: SearchLine[];
  zh: Zh;
  start: number;
  /** Links that narrow the search to a document or a section (absent once narrowed). */
  narrow?: { document?: (id: number) => string; section?: (id: number) => string };
}) {
  return (
    <ol className="kwic" start={start} data-testid="search-results">
      {lines.map((l) => {
        const shown = zh.same(l.sentence);
        const lang = zh.lang(shown);
        // Context around the first match; later matches in the right context are marked too.
        const leftFrom = Math.max(0, l.start - CONTEXT);
        const rightTo = Math.min(shown.length, l.end + CONTEXT + 20);
        const right: ReactNode[] = [];
        let at = l.end;
        for (const [s, e] of l.matches.slice(1)) {
          if (s >= rightTo) break;
          if (s < at) continue;
          right.push(
            shown.slice(at, s),
            <mark key={s} className="hl kw">
              {shown.slice(s, Math.min(e, rightTo))}
            </mark>,
          );
          at = Math.min(e, rightTo);
        }
        right.push(shown.slice(at, rightTo) + (rightTo < shown.length ? '…' : ''));
        return (
          <li key={l.sentenceId} data-sentence={l.sentenceId}>
            <Link href={l.href} className="line" lang={lang} title={shown}>
              <span className="left">
                <span>{(leftFrom > 0 ? '…' : '') + shown.slice(leftFrom, l.start)}</span>
              </span>
              <mark className="hl kw">{shown.slice(l.start, l.end)}</mark>
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
              {narrow?.document && <a href={narrow.document(l.document.id)}>only this document</a>}
              {narrow?.section && l.sectionId !== null && <a href={narrow.section(l.sectionId)}>only this section</a>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
