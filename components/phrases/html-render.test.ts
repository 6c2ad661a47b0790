import { describe, expect, it } from 'vitest';
import { zhFor } from '@/lib/data/script';
import { kwicLineHtml, leftContext, rightContext } from './Concordance';
import { glossaryRowsHtml } from './glossaryRows';

// Phrases, sentences and titles come from ingested documents: whatever they hold
// must come out as text, never as markup.
const EVIL = '<img src=x onerror=alert(1)>“两个确立”';

describe('string-rendered fragments', () => {
  it('escape sentence, title and section text in a concordance line', () => {
    const html = kwicLineHtml(
      {
        occurrenceId: 1,
        sentenceId: 2,
        sentence: EVIL,
        start: EVIL.indexOf('两'),
        end: EVIL.indexOf('两') + 4,
        quoted: true,
        document: { id: 3, title: '<script>x</script>', date: '2024' },
        sectionId: null,
        sectionPath: ['"><b>'],
        href: '/documents/3/text#s-2',
      },
      zhFor('original'),
    );
    expect(html).not.toMatch(/<img|<script|"><b>/);
    expect(html).toContain('<mark class="hl kw quoted">两个确立</mark>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
  it('convert script in a concordance line without moving the highlight', () => {
    const sentence = '堅決做到“兩個維護”。';
    const html = kwicLineHtml(
      {
        occurrenceId: 1, sentenceId: 2, sentence, start: 5, end: 9, quoted: true,
        document: { id: 3, title: '講話', date: null }, sectionId: 4, sectionPath: [], href: '/x',
      },
      zhFor('simplified'),
    );
    expect(html).toContain('<mark class="hl kw quoted">两个维护</mark>');
    expect(html).toContain('lang="zh-Hans"');
  });
  it('keep the line as selectable text and link the source to the sentence', () => {
    const sentence = '在全市開展“百場宣講進基層”活動。';
    const html = kwicLineHtml(
      {
        occurrenceId: 1, sentenceId: 2, sentence, start: 6, end: 13, quoted: false,
        document: { id: 3, title: '講話', date: '2025' }, sectionId: 4, sectionPath: ['一、堅持政治引領'], href: '/documents/3/sections/2#s-9',
      },
      zhFor('original'),
    );
    const line = html.match(/<div class="line"[^>]*>(.*?)<\/div>/)![1];
    expect(line).not.toContain('<a ');
    expect(html).toContain('<mark class="hl kw unquoted">百場宣講進基層</mark>');
    expect(html).toContain('<a href="/documents/3/sections/2#s-9" class="to-sentence" lang="zh-Hant">› 一、堅持政治引領</a>');
    expect(html).toContain('<a href="/documents/3" class="doc" lang="zh-Hant">講話</a>');
  });
  it('cut context at whole characters, with an ellipsis only where it was cut', () => {
    expect(leftContext('一二三四五', 3)).toBe('…三四五');
    expect(leftContext('一二三', 3)).toBe('一二三');
    expect(rightContext('一二三四五', 3)).toBe('一二三…');
    // A character outside the BMP (two UTF-16 units) is never split in half.
    expect(leftContext('甲𠀋乙丙', 3)).toBe('…𠀋乙丙');
    expect(leftContext('𠀋乙丙', 2)).toBe('…乙丙');
    expect(rightContext('甲𠀋乙', 2)).toBe('甲𠀋…');
  });
  it('escape phrase text in glossary rows', () => {
    const html = glossaryRowsHtml(
      [
        {
          id: 1, text: EVIL, simplified: EVIL, traditional: EVIL, pinyin: '<b>', kind: 'slogan', status: 'candidate', score: 0.5,
          occurrenceCount: 3, quotedCount: 1, documentCount: 1, firstDate: null, lastDate: null,
        },
      ],
      zhFor('original'),
    );
    expect(html).not.toMatch(/<img|<b>/);
    expect(html).toContain('href="/phrases/1"');
  });
});

describe('search result lines', () => {
  it('escape the document text and mark every match', async () => {
    const { searchLineHtml } = await import('@/components/search/SearchResults');
    const { zhFor } = await import('@/lib/data/script');
    const html = searchLineHtml(
      {
        sentenceId: 7,
        sentence: '<b>改革</b>要深化改革',
        start: 3,
        end: 5,
        matches: [
          [3, 5],
          [12, 14],
        ],
        document: { id: 2, title: 'A & B', date: '2024-03-05' },
        sectionId: 4,
        sectionPath: ['一、<i>x</i>'],
        href: '/documents/2/sections/1#s-3',
      },
      zhFor('original'),
      { section: (id) => `/search?q=x&section=${id}` },
    );
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<i>');
    expect(html).toContain('&lt;b&gt;');
    expect(html).toContain('A &amp; B');
    expect(html.match(/<mark class="hl kw">改革<\/mark>/g)).toHaveLength(2);
    expect(html).toContain('href="/search?q=x&amp;section=4"');
  });
});
