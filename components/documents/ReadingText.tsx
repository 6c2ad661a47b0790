import type { ReadingSentence, SectionRef } from '@/lib/data';
import type { Zh } from '@/lib/data/script';
import { HighlightedSentence } from '@/components/text/HighlightedSentence';

/**
 * Running text grouped into paragraphs; every sentence is addressable as #s-{n}
 * (its position in the document, 1-based, stable across re-ingests);
 * a paragraph made only of a heading becomes a heading, a run-in heading stays in
 * its paragraph, set in bold.
 */
export function ReadingText({
  sentences,
  sections,
  zh,
  baseDepth,
}: {
  sentences: ReadingSentence[];
  sections: Map<number, SectionRef>;
  zh: Zh;
  baseDepth: number;
}) {
  const paragraphs: ReadingSentence[][] = [];
  for (const s of sentences) {
    const last = paragraphs[paragraphs.length - 1];
    if (last && last[0].paragraph === s.paragraph) last.push(s);
    else paragraphs.push([s]);
  }
  return (
    <div className="reading zh-serif" lang={zh.lang(sentences.slice(0, 20).map((s) => zh.same(s.text)).join(''))}>
      {paragraphs.map((p) => {
        if (p.every((s) => s.heading)) {
          const depth = p[0].sectionId != null ? (sections.get(p[0].sectionId)?.depth ?? baseDepth) : baseDepth;
          const Tag = depth <= baseDepth ? 'h2' : 'h3';
          return (
            <Tag key={p[0].id}>
              {p.map((s) => (
                <span key={s.id} id={`s-${s.ordinal + 1}`} className="s">
                  <HighlightedSentence zh={zh} text={s.text} occurrences={s.occurrences} />
                </span>
              ))}
            </Tag>
          );
        }
        return (
          <p key={p[0].id}>
            {p.map((s) => (
              <span key={s.id} id={`s-${s.ordinal + 1}`} className={s.heading ? 's run-in' : 's'}>
                <HighlightedSentence zh={zh} text={s.text} occurrences={s.occurrences} />
              </span>
            ))}
          </p>
        );
      })}
    </div>
  );
}
