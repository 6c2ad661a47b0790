import { describe, expect, it } from 'vitest';
import { foldToSimplified, hasTraditional, inScriptSameLength, toSimplified, toTraditional } from './script';

describe('foldToSimplified', () => {
  it('folds traditional, simplified and half-converted spellings to one key', () => {
    expect(foldToSimplified('兩個確立')).toBe('两个确立');
    expect(foldToSimplified('两个确立')).toBe('两个确立');
    expect(foldToSimplified('兩個确立')).toBe('两个确立');
    expect(foldToSimplified('三會一課')).toBe('三会一课');
  });

  it('preserves length, so offsets in the fold are offsets in the original', () => {
    const seedLine = '市政協主席在全市政協2025年黨的建設暨市政協機關黨風廉政建設工作會議上的講話';
    const folded = foldToSimplified(seedLine);
    expect(folded).toHaveLength(seedLine.length);
    expect(folded).toBe('市政协主席在全市政协2025年党的建设暨市政协机关党风廉政建设工作会议上的讲话');
    const i = seedLine.indexOf('黨風廉政');
    expect(folded.slice(i, i + 4)).toBe('党风廉政');
  });

  it('leaves simplified text, ASCII and punctuation unchanged', () => {
    const s = '坚持“两个确立”，GDP增长5.2%。';
    expect(foldToSimplified(s)).toBe(s);
    expect(hasTraditional(s)).toBe(false);
    expect(hasTraditional('堅持')).toBe(true);
  });

  // Regression (was a bug): the per-character fold table is built from OpenCC's tw/hk→cn
  // conversion of each character alone, which maps characters that are already
  // standard simplified to something else: 么→幺, 著→着, 乾→干. So "什么" gets the
  // key "什幺" while "什麼" gets "什么" (one phrase, two keys), and
  // "著作权法"/"显著" get the keys "着作权法"/"显着".
  it('leaves standard simplified characters as they are, so 什么 and 什麼 share a key', () => {
    expect(foldToSimplified('什么')).toBe('什么');
    expect(foldToSimplified('什麼')).toBe(foldToSimplified('什么'));
    expect(foldToSimplified('著作权法')).toBe('著作权法');
    expect(foldToSimplified('显著成效')).toBe('显著成效');
  });
});

describe('phrase-level conversion', () => {
  it('converts simplified to traditional and back', () => {
    expect(toTraditional('两个确立')).toBe('兩個確立');
    expect(toSimplified('兩個確立')).toBe('两个确立');
  });

  it('inScriptSameLength keeps the length in both directions', () => {
    const t = '黨風廉政建設永遠在路上';
    const s = inScriptSameLength(t, 'simplified');
    expect(s).toBe('党风廉政建设永远在路上');
    expect(inScriptSameLength(s, 'traditional')).toHaveLength(s.length);
    expect(inScriptSameLength(t, 'original')).toBe(t);
  });
});

describe('the shipped fold table', () => {
  it('is what OpenCC builds today (else run npm run build:fold-table)', async () => {
    const { buildFoldPairs } = await import('./fold-table-build');
    const shipped = (await import('./fold-table.json')).default as { pairs: string };
    expect(shipped.pairs).toBe(buildFoldPairs());
  });
});
