import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders Markdown', () => {
    const html = renderMarkdown('**三会一课** means *three meetings*:\n\n- one\n- two');
    expect(html).toContain('<strong>三会一课</strong>');
    expect(html).toContain('<em>three meetings</em>');
    expect(html).toContain('<li>one</li>');
  });
  it('never lets script through', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3)) <a href="#" onclick="alert(4)">y</a><iframe src="https://e.com"></iframe><style>*{}</style>',
    );
    expect(html).not.toMatch(/<script|onerror|onclick|<iframe|<img|<style/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(renderMarkdown('[x](javascript:alert(3))')).not.toMatch(/href="?javascript:/i);
    expect(renderMarkdown('<a href="data:text/html,<script>alert(1)</script>">d</a>')).not.toMatch(/data:|<script/i);
  });
  it('keeps safe links and marks them nofollow', () => {
    const html = renderMarkdown('[source](https://example.org/a)');
    expect(html).toBe('<p><a href="https://example.org/a" rel="nofollow noopener noreferrer">source</a></p>\n');
  });
  it('demotes headings below the page headings', () => {
    expect(renderMarkdown('# Title')).toContain('<h3>Title</h3>');
  });
});
