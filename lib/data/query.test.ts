import { describe, expect, it } from 'vitest';
import { normalizePinyin, parsePhraseQuery, likeEscape } from './query';

describe('parsePhraseQuery', () => {
  it('folds traditional characters to the simplified key', () => {
    expect(parsePhraseQuery('兩個確立')).toEqual({ type: 'han', key: '两个确立' });
    expect(parsePhraseQuery(' 两个确立 ')).toEqual({ type: 'han', key: '两个确立' });
    expect(parsePhraseQuery('“兩個確立”')).toEqual({ type: 'han', key: '两个确立' });
  });
  it('reads pinyin with tone marks, tone numbers, run together, or initials', () => {
    expect(parsePhraseQuery('liǎng gè què lì')).toEqual({ type: 'pinyin', spaced: 'liang ge que li', compact: 'lianggequeli' });
    expect(parsePhraseQuery('liang3 ge4')).toEqual({ type: 'pinyin', spaced: 'liang ge', compact: 'liangge' });
    expect(parsePhraseQuery('LiangGeQueLi')).toEqual({ type: 'pinyin', spaced: 'lianggequeli', compact: 'lianggequeli' });
    expect(parsePhraseQuery('lgql')).toEqual({ type: 'pinyin', spaced: 'lgql', compact: 'lgql' });
  });
  it('keeps ü distinct from u whichever way it is typed', () => {
    expect(normalizePinyin('lǜ sè')).toBe('lü se');
    expect(normalizePinyin('lv se')).toBe('lü se');
    expect(normalizePinyin('lu:se')).toBe('lüse');
  });
  it('returns null for an empty query', () => {
    expect(parsePhraseQuery('   ')).toBeNull();
    expect(parsePhraseQuery(undefined)).toBeNull();
  });
  it('escapes LIKE wildcards', () => {
    expect(likeEscape('50%_a\\')).toBe('50\\%\\_a\\\\');
  });
});
