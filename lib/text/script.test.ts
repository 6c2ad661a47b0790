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

describe('foldToSimplified: characters converted by context', () => {
  // Real sentences in the damaged-copy style (naive s2t of the 2018 and 2023 work reports).
  it('gives 关于, 以后, 干部, 团伙 and 一只 their simplified form in traditional text', () => {
    expect(foldToSimplified('國務院關於深化改革的決定')).toBe('国务院关于深化改革的决定');
    expect(foldToSimplified('今後五年要堅持穩中求進')).toBe('今后五年要坚持稳中求进');
    expect(foldToSimplified('建設高素質專業化乾部隊伍')).toBe('建设高素质专业化干部队伍');
    expect(foldToSimplified('打擊犯罪團夥')).toBe('打击犯罪团伙');
    expect(foldToSimplified('一隻也不能少')).toBe('一只也不能少');
  });

  it('converts context characters left in a half-converted copy (关於, 以後)', () => {
    expect(foldToSimplified('关於')).toBe('关于');
    expect(foldToSimplified('以後')).toBe('以后');
    expect(foldToSimplified('乾部')).toBe('干部');
    expect(foldToSimplified('關於')).toBe(foldToSimplified('关于'));
  });

  it('never changes simplified text, even where OpenCC would (一坏 → 一坯, 显著, 乾隆)', () => {
    for (const s of ['形势一好一坏', '取得显著成效', '乾隆年间', '著作权法', '什么是高质量发展']) expect(foldToSimplified(s)).toBe(s);
  });

  it('keeps the length of every sentence of a traditional text', () => {
    const s = toTraditional('关于政府工作报告的决议：今后五年，干部队伍建设取得显著成效。');
    const f = foldToSimplified(s);
    expect(f).toHaveLength(s.length);
    expect(f).toBe('关于政府工作报告的决议：今后五年，干部队伍建设取得显著成效。');
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
    const { buildContextCharacters, buildFoldPairs } = await import('./fold-table-build');
    const shipped = (await import('./fold-table.json')).default as { pairs: string };
    expect(shipped.pairs).toBe(buildFoldPairs());
    expect((shipped as { context?: string }).context).toBe(buildContextCharacters());
  });
});
