/**
 * What the highlights mean, drawn with the very classes the text uses, so the
 * legend cannot drift from the highlighting. `nested` adds the phrase-inside-a-phrase case
 * of the reading view.
 */
export function HighlightLegend({ nested = false }: { nested?: boolean }) {
  return (
    <p className="legend" data-testid="legend">
      <span>
        <mark className="hl quoted" lang="zh-Hans">两个确立</mark> in quotation marks
      </span>
      <span>
        <mark className="hl unquoted" lang="zh-Hans">两个确立</mark> without quotation marks
      </span>
      {nested && (
        <span>
          <mark className="hl unquoted nested" lang="zh-Hans">确立</mark> a phrase inside another (underlined twice)
        </span>
      )}
    </p>
  );
}

/** The outline's chips: a phrase counts as quoted in a section if it is quoted there at least once. */
export function ChipLegend() {
  return (
    <p className="legend" data-testid="legend">
      <span>
        <span className="chip-sample quoted">phrase</span> quoted in this section at least once
      </span>
      <span>
        <span className="chip-sample unquoted">phrase</span> used here only without quotation marks
      </span>
    </p>
  );
}
