import { describe, expect, it } from 'vitest';
import { removedMessage, renderMarkdown, renderMarkdownReport } from './markdown';

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

describe('renderMarkdownReport', () => {
  it('says nothing was removed from plain Markdown, tables and quotes', () => {
    const r = renderMarkdownReport('> 引自报告\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[ok](https://example.org) [rel](/phrases/1)');
    expect(r.removed).toEqual([]);
    expect(r.html).toContain('<blockquote>');
    expect(r.html).toContain('<table>');
  });
  it('names each element, attribute and link scheme it removed, once', () => {
    const r = renderMarkdownReport(
      '<script>alert(1)</script><img src=x onerror=alert(2)> <a href="#" onclick="alert(4)">y</a> <a href="javascript:alert(3)">j</a> <a href="JaVa\tScript:x">k</a> <script>2</script>',
    );
    expect(r.removed).toEqual([
      'the <script> element',
      'the <img> element',
      'the onclick attribute',
      'a javascript: link',
    ]);
    expect(r.html).not.toMatch(/<script|onclick|javascript/i);
    expect(removedMessage(r.removed)).toBe(
      'Not shown: the <script> element, the <img> element, the onclick attribute and a javascript: link. Notes keep Markdown and simple HTML only; this was left out to keep readers safe.',
    );
    expect(removedMessage([])).toBe('');
  });
  it('does not report the headings it only demotes', () => {
    expect(renderMarkdownReport('# Title\n\n## Sub').removed).toEqual([]);
  });
});
