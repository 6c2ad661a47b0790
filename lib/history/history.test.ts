import { describe, expect, it } from 'vitest';
import { diffText, mergeFields, withDiffs, type Revision } from './index';

describe('diffText', () => {
  it('diffs Chinese by character and English by word', () => {
    expect(diffText('坚持两个确立', '坚持两个维护')).toEqual([
      { op: '=', text: '坚持两个' },
      { op: '-', text: '确立' },
      { op: '+', text: '维护' },
    ]);
    expect(diffText('the two establishes', 'the two safeguards')).toEqual([
      { op: '=', text: 'the two ' },
      { op: '-', text: 'establishes' },
      { op: '+', text: 'safeguards' },
    ]);
    expect(diffText(null, 'new')).toEqual([{ op: '+', text: 'new' }]);
    expect(diffText('gone', null)).toEqual([{ op: '-', text: 'gone' }]);
    // Characters outside the BMP stay whole.
    expect(diffText('𠮷野家', '𠮷田').map((p) => p.text).join('')).toContain('𠮷');
  });
});

const rev = (version: number, fields: Record<string, string | null>, action = 'edit'): Revision => ({
  version,
  action,
  author: 'a' + version,
  createdAt: new Date(0),
  fields,
  revertOf: null,
});

describe('withDiffs', () => {
  it('lists newest first, each with only the fields that changed from the one before', () => {
    const h = withDiffs([rev(2, { translation: 'B', definition: 'd' }), rev(1, { translation: 'A', definition: 'd' }), rev(3, { translation: 'B', definition: null })], ['translation', 'definition']);
    expect(h.map((r) => r.version)).toEqual([3, 2, 1]);
    expect(h[0].changes.map((c) => [c.field, c.before, c.after])).toEqual([['definition', 'd', null]]);
    expect(h[1].changes.map((c) => [c.field, c.before, c.after])).toEqual([['translation', 'A', 'B']]);
    expect(h[2].changes.map((c) => c.field)).toEqual(['translation', 'definition']);
  });
});

describe('mergeFields', () => {
  const base = { translation: 'A', definition: 'D', kind: 'auto' };
  it('keeps both editors’ changes to different fields', () => {
    const current = { ...base, definition: 'D2' }; // the other editor changed the definition
    const r = mergeFields(base, current, { translation: 'A2', definition: 'D', kind: 'auto' }); // you changed the translation
    expect(r).toEqual({ ok: true, merged: { translation: 'A2' }, theirs: ['definition'] });
  });
  it('is a conflict when both changed the same field differently, not when identically', () => {
    const current = { ...base, translation: 'theirs' };
    expect(mergeFields(base, current, { translation: 'yours' })).toEqual({ ok: false, conflicts: ['translation'] });
    expect(mergeFields(base, current, { translation: 'theirs' })).toMatchObject({ ok: true, merged: {} });
  });
  it('leaves fields you did not send alone', () => {
    expect(mergeFields(base, { ...base, kind: 'slogan' }, { definition: 'new' })).toEqual({ ok: true, merged: { definition: 'new' }, theirs: ['kind'] });
  });
});
