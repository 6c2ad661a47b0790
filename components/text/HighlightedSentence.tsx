import type { Zh } from '@/lib/data/script';
import type { ReadingOccurrence } from '@/lib/data';
import { segment } from './segments';

/**
 * A sentence with every phrase occurrence highlighted and linked to its entry.
 * Conversion keeps length, so the stored offsets stay valid in any script.
 */
export function HighlightedSentence({ zh, text, occurrences }: { zh: Zh; text: string; occurrences: ReadingOccurrence[] }) {
  const shown = zh.same(text);
  const runs = segment(shown.length, occurrences);
  return (
    <>
      {runs.map((r) => {
        const piece = shown.slice(r.start, r.end);
        if (!r.span) return <span key={r.start}>{piece}</span>;
        const cls = ['hl', r.span.quoted ? 'quoted' : 'unquoted', r.depth > 1 ? 'nested' : ''].filter(Boolean).join(' ');
        return (
          <a
            key={r.start}
            href={`/phrases/${r.span.phraseId}`}
            className={cls}
            title={`${zh.t(r.span.phraseText)}${r.span.quoted ? '' : ' (unquoted)'}`}
            data-phrase={r.span.phraseId}
          >
            {piece}
          </a>
        );
      })}
    </>
  );
}
