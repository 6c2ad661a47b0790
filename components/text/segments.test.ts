import { describe, expect, it } from 'vitest';
import { segment } from './segments';

describe('segment', () => {
  it('leaves text without spans as one run', () => {
    expect(segment(5, [])).toEqual([{ start: 0, end: 5, span: null, depth: 0 }]);
  });
  it('splits around a span', () => {
    const s = { start: 2, end: 4, id: 1 };
    expect(segment(6, [s]).map((r) => [r.start, r.end, r.span?.id ?? null])).toEqual([
      [0, 2, null],
      [2, 4, 1],
      [4, 6, null],
    ]);
  });
  it('links nested runs to the innermost span', () => {
    const outer = { start: 0, end: 10, id: 1 };
    const inner = { start: 3, end: 5, id: 2 };
    expect(segment(10, [outer, inner]).map((r) => [r.start, r.end, r.span?.id, r.depth])).toEqual([
      [0, 3, 1, 1],
      [3, 5, 2, 2],
      [5, 10, 1, 1],
    ]);
  });
  it('ignores spans outside the text', () => {
    expect(segment(3, [{ start: 2, end: 9 }])).toHaveLength(1);
  });
});
