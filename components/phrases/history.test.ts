import { describe, expect, it } from 'vitest';
import { describeChanges, fieldHistoryWords, noteAction } from './history';

const base = { translation: null, definition: null, kind: 'formula', kindSource: 'auto', pinyinOverride: null };

describe('entry history in words', () => {
  it('tells the state before the first edit', () => {
    expect(describeChanges(base, null)).toEqual(['kind: formula (found automatically)', 'no English translation', 'no definition', 'automatic pinyin']);
  });
  it('names each change without stored field names', () => {
    const after = { ...base, translation: 'the Two Establishes', kind: 'slogan', kindSource: 'editor', pinyinOverride: 'liǎng gè quèlì' };
    const words = describeChanges(after, base);
    expect(words).toEqual([
      'kind chosen by an editor: slogan',
      'English translation added: “the Two Establishes”',
      'pinyin corrected to liǎng gè quèlì',
    ]);
    expect(words.join(' ')).not.toMatch(/kindSource|pinyinOverride/);
  });
  it('tells removals, a return to the automatic kind, and a save that changed nothing', () => {
    const edited = { ...base, translation: 'x', kind: 'slogan', kindSource: 'editor', pinyinOverride: 'a' };
    expect(describeChanges({ ...base, kind: 'formula' }, edited)).toEqual([
      'kind back to automatic (formula)',
      'English translation removed',
      'pinyin correction removed (automatic reading again)',
    ]);
    expect(describeChanges(base, base)).toEqual(['saved without changes']);
  });
  it('spells out fields added by other features', () => {
    expect(describeChanges({ ...base, reviewStatus: 'checked' }, base)).toEqual(['review status added: “checked”']);
  });
  it('names note actions', () => {
    expect(noteAction('create')).toBe('written');
    expect(noteAction('delete')).toBe('deleted');
  });
});

describe('the lang of a note', () => {
  it('is English for English prose quoting Chinese, Chinese for Chinese prose', async () => {
    const { noteLang } = await import('./EntryParts');
    const { zhFor } = await import('@/lib/data/script');
    expect(noteLang('Usually cited together with 两个维护: the Two Upholds.', zhFor('original'))).toBe('en');
    expect(noteLang('两个确立是党的十九届六中全会提出的。', zhFor('original'))).toBe('zh-Hans');
    expect(noteLang('兩個確立', zhFor('original'))).toBe('zh-Hant');
  });
});

describe('fieldHistoryWords', () => {
  it('tells each version against the one before it, and the snapshot before editing as the initial state', () => {
    const edited = { ...base, translation: 'one committee, one brand' };
    const words = fieldHistoryWords([
      { version: 2, author: 'editor', data: edited },
      { version: 1, author: '(before editing)', data: base },
    ]);
    expect(words.get(2)).toEqual(['English translation added: “one committee, one brand”']);
    expect(words.get(1)).toEqual(describeChanges(base, null));
  });
});
