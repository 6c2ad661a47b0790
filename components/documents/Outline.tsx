import type { OutlinePhrase, OutlineSection } from '@/lib/data';
import type { Zh } from '@/lib/data/script';
import { fmtNum } from '@/components/layout/format';

export function PhraseChips({ phrases, zh, more }: { phrases: OutlinePhrase[]; zh: Zh; more: number }) {
  if (phrases.length === 0) return null;
  return (
    <ul className="chips">
      {phrases.map((p) => (
        <li key={p.id}>
          <a
            href={`/phrases/${p.id}`}
            className={p.quoted ? 'quoted' : 'unquoted'}
            lang={zh.lang(p.text)}
            title={`${p.count} use${p.count === 1 ? '' : 's'} here${p.quoted ? '' : ', unquoted'}`}
          >
            {zh.t(p.text)}
          </a>
        </li>
      ))}
      {more > 0 && <li className="muted small">+{fmtNum(more)} more</li>}
    </ul>
  );
}

/** The section tree of a document, each section with the phrases it uses. */
export function Outline({ sections, documentId, zh }: { sections: OutlineSection[]; documentId: number; zh: Zh }) {
  return (
    <ul className="outline">
      {sections.map((s) => {
        const heading = zh.t(s.label + s.title);
        return (
          <li key={s.id} data-section={s.id}>
            <div className="sec-head">
              <a href={`/documents/${documentId}/sections/${s.ordinal + 1}`} lang={zh.lang(heading)}>
                {s.label && <span className="sec-label">{zh.t(s.label)}</span>}
                {zh.t(s.title) || <span className="muted">(untitled)</span>}
              </a>
              {(s.phraseCount > 0 || s.children.length === 0) && (
                <span className="sec-count">
                  {s.phraseCount > 0 ? `${fmtNum(s.phraseCount)} phrase${s.phraseCount === 1 ? '' : 's'}` : 'no phrases'}
                </span>
              )}
            </div>
            <PhraseChips phrases={s.phrases} zh={zh} more={s.phraseCount - s.phrases.length} />
            {s.children.length > 0 && <Outline sections={s.children} documentId={documentId} zh={zh} />}
          </li>
        );
      })}
    </ul>
  );
}
