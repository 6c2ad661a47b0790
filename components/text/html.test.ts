import { describe, expect, it } from 'vitest';
import { el, esc } from './html';

describe('html builder', () => {
  it('escapes text and attributes', () => {
    expect(esc('<script>"&\'')).toBe('&lt;script&gt;&quot;&amp;&#39;');
    expect(el('a', { href: '/x?a=1&b="2"', title: '<t>' }, esc('a<b'))).toBe(
      '<a href="/x?a=1&amp;b=&quot;2&quot;" title="&lt;t&gt;">a&lt;b</a>',
    );
  });
  it('drops false and null attributes, renders true ones bare', () => {
    expect(el('input', { disabled: true, hidden: false, value: null })).toBe('<input disabled>');
  });
  it('refuses bad tag and attribute names', () => {
    expect(() => el('a onclick', {})).toThrow();
    expect(() => el('a', { 'on click': 'x' })).toThrow();
  });
});
