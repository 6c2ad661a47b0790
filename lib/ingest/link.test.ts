import { describe, expect, it } from 'vitest';
import { AhoCorasick } from '../text/aho-corasick';
import { isLinkable, standsApart } from './link';

describe('isLinkable: which phrases are looked for without quotation marks', () => {
  it('takes slogans of three characters or more', () => {
    expect(isLinkable('永远在路上', 'slogan')).toBe(true);
    expect(isLinkable('新质生产力', 'slogan')).toBe(true);
    expect(isLinkable('中国', 'slogan')).toBe(false); // emphasis, not a formulation
  });

  it('takes numbered formulas, two-character ones only when they are not bare numerals', () => {
    expect(isLinkable('两个确立', 'formula')).toBe(true);
    expect(isLinkable('十四五', 'formula')).toBe(true);
    expect(isLinkable('双碳', 'formula')).toBe(true);
    expect(isLinkable('两会', 'formula')).toBe(true);
    expect(isLinkable('第一', 'formula')).toBe(false); // 第一次, 第一季度
    expect(isLinkable('十五', 'formula')).toBe(false); // 十五届
    expect(isLinkable('五一', 'formula')).toBe(false);
  });

  it('keeps what editors chose: promoted strings of any length, phrases whose kind they set', () => {
    expect(isLinkable('政协', 'slogan', { origin: 'search' })).toBe(true);
    expect(isLinkable('党', 'slogan', { origin: 'search' })).toBe(true);
    expect(isLinkable('人民日报', 'title', { kindSource: 'editor' })).toBe(true);
    expect(isLinkable('人民日报', 'title', { kindSource: 'auto' })).toBe(false);
  });

  it('never takes titles, citations or very long spans', () => {
    expect(isLinkable('习近平谈治国理政', 'title')).toBe(false);
    expect(isLinkable('只有让人民来监督政府，政府才不敢松懈', 'quotation')).toBe(false);
    expect(isLinkable('一'.repeat(30), 'slogan')).toBe(false);
  });
});

describe('unquoted codes', () => {
  it('looks for codes with operators, never for bare numbers', () => {
    expect(isLinkable('1+N', 'formula')).toBe(true);
    expect(isLinkable('4×4', 'formula')).toBe(true);
    expect(isLinkable('415X', 'formula')).toBe(true);
    expect(isLinkable('141', 'formula')).toBe(false); // 141个, 2014年
    expect(isLinkable('2035', 'formula')).toBe(false);
    expect(isLinkable('9-3', 'formula')).toBe(false); // 锦州9-3油田
    expect(isLinkable('3·15', 'formula')).toBe(false);
  });

  it('finds a code only where it stands apart from the digits and letters around it', () => {
    const keys = ['1+N', '8+4', '415X', '1+10', '3+N', '1+2'];
    const ac = new AhoCorasick(keys);
    const found = (text: string) => {
      const out: string[] = [];
      ac.search(text, (start, end, p) => {
        if (standsApart(text, start, end)) out.push(keys[p]);
      });
      return out;
    };
    expect(found('构建碳达峰碳中和1+N政策体系')).toEqual(['1+N']);
    expect(found('实施8+4重点产业链，比去年18+46项')).toEqual(['8+4']);
    expect(found('推进415X产业集群，编号2415X1不算')).toEqual(['415X']);
    expect(found('增长11+Nx')).toEqual([]);
    // Real sentences of the 2026 provincial reports: a shorter code inside a longer one is not a use.
    expect(found('做强“1+10+3+N”高原特色农业')).toEqual([]);
    expect(found('聚焦“1+2+4+N”目标任务体系')).toEqual([]);
    expect(found('实施开发区高质量发展1+3+N政策')).toEqual([]);
  });
});
