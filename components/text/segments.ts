/**
 * Splits a sentence into runs for highlighting possibly overlapping phrase spans
 * (a short phrase quoted inside a longer quotation): each run is covered by the
 * same set of spans; a covered run links to the innermost (shortest) span.
 */
export interface Span {
  start: number;
  end: number;
}

export interface Run<S extends Span> {
  start: number;
  end: number;
  /** The innermost span covering this run, if any. */
  span: S | null;
  /** How many spans cover this run. */
  depth: number;
}

export function segment<S extends Span>(length: number, spans: S[]): Array<Run<S>> {
  const valid = spans.filter((s) => s.start >= 0 && s.end <= length && s.start < s.end);
  const cuts = new Set<number>([0, length]);
  for (const s of valid) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: Array<Run<S>> = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i];
    const end = points[i + 1];
    let best: S | null = null;
    let depth = 0;
    for (const s of valid) {
      if (s.start <= start && s.end >= end) {
        depth++;
        if (!best || s.end - s.start < best.end - best.start) best = s;
      }
    }
    const last = runs[runs.length - 1];
    if (last && last.span === best && last.depth === depth) last.end = end;
    else runs.push({ start, end, span: best, depth });
  }
  return runs;
}
