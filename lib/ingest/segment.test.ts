import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clean } from './clean';
import { labelNumber, matchHeading, quotePairs, segment, splitRunInHeadings, splitSentences } from './segment';
import type { Block, CleanDocument } from './types';

const SEED_FILE = path.join(__dirname, '../../data/samples/000_ce7623e9653b5579.txt');

function doc(blocks: Block[]): CleanDocument {
  return { sourceKey: 'k', source: 's', format: 'txt', url: null, title: 'T', date: null, blocks };
}
const para = (text: string): Block => ({ type: 'paragraph', text });

describe('labelNumber', () => {
  it('reads Chinese and Arabic numerals of labels', () => {
    expect(['一、', '（二）', '十、', '（十二）', '二十一、', '三十', '4.', '（12）'].map(labelNumber)).toEqual([1, 2, 10, 12, 21, 30, 4, 12]);
    expect(labelNumber('')).toBeNull();
  });
});

describe('matchHeading', () => {
  it('recognises every kind of numbered heading line', () => {
    expect(matchHeading('第一部分　总体要求')).toMatchObject({ rank: 10, label: '第一部分', title: '总体要求', standalone: true });
    expect(matchHeading('一、坚持政治引领，全面夯实根基')).toMatchObject({ rank: 11, label: '一、', standalone: true });
    expect(matchHeading('（三）夯实组织基础')).toMatchObject({ rank: 12, label: '（三）', title: '夯实组织基础' });
    expect(matchHeading('1.加强领导')).toMatchObject({ rank: 13, label: '1.', title: '加强领导' });
    expect(matchHeading('2、扩大内需')).toMatchObject({ rank: 13, label: '2、' });
    expect(matchHeading('（1）稳定就业')).toMatchObject({ rank: 14, label: '（1）', title: '稳定就业' });
    expect(matchHeading('三')).toMatchObject({ rank: 11, label: '三', title: '' });
  });

  it('takes the first sentence of a paragraph that opens with a numbered heading as its title', () => {
    expect(matchHeading('（一）强化理论武装，筑牢思想根基。堅持把學習貫徹作為首要政治任務。')).toEqual({
      rank: 12,
      label: '（一）',
      title: '强化理论武装，筑牢思想根基',
      standalone: false,
    });
  });

  it('rejects ordinary sentences, decimals and long numbered paragraphs', () => {
    expect(matchHeading('2025年是关键一年。')).toBeNull();
    expect(matchHeading('5.5%的增长来之不易。')).toBeNull();
    expect(matchHeading('一、' + '很长的段落没有句号'.repeat(8))).toBeNull();
  });
});

describe('splitRunInHeadings', () => {
  it('splits where a heading run into the end of a paragraph continues the numbering (the seed)', () => {
    expect(splitRunInHeadings('形成比學趕超的濃厚氛圍。二、深化作風建設，堅定不移推進', (r) => (r === 11 ? 2 : null))).toEqual([
      '形成比學趕超的濃厚氛圍。',
      '二、深化作風建設，堅定不移推進',
    ]);
  });

  it('does not split where the numeral does not continue the numbering', () => {
    const p = '形成濃厚氛圍。三、深化作風建設';
    expect(splitRunInHeadings(p, (r) => (r === 11 ? 2 : null))).toEqual([p]);
    expect(splitRunInHeadings(p, () => null)).toEqual([p]);
  });

  it('splits a run-in heading in a damaged copy: traditional, ASCII punctuation, annotations', () => {
    const raw = [
      '一、2016年工作回顧',
      '過去一年,我國發展面臨國內外諸多矛盾疊加、風險隱患交匯的嚴峻挑戰.在以習近平同志爲核心的黨中央堅強領導下,全國各族人民砥礪奮進.二(èr)、2017年工作總體部(bù)署',
      '今年是實施“十三五”規劃的重要一年.',
      '(一)用改革的辦法深入推進“三去一降一補”',
      '要在鞏固去產能成果的基礎上.(二)深化重要領域和關鍵環節改革',
    ].join('\n\n');
    const d = segment(clean({ sourceKey: 'k', source: 'copy.txt', format: 'txt', text: `2017年政府工作報告\n\n${raw}`, meta: {} }));
    expect(d.sections.map((s) => s.path.join(' › '))).toEqual([
      '一、2016年工作回顧',
      '二、2017年工作總體部署',
      '二、2017年工作總體部署 › （一）用改革的辦法深入推進“三去一降一補”',
      '二、2017年工作總體部署 › （二）深化重要領域和關鍵環節改革',
    ]);
  });

  it('follows the numbering through several run-in headings of one paragraph', () => {
    expect(splitRunInHeadings('前文。（二）第二条。继续。（三）第三条。（五）不是。', (r) => (r === 12 ? 2 : null))).toEqual([
      '前文。',
      '（二）第二条。继续。',
      '（三）第三条。（五）不是。',
    ]);
  });
});

describe('quotePairs', () => {
  it('pairs nested quotation marks and 《》 by opening position', () => {
    expect(quotePairs('“a“b”c”《d》「e『f』」')).toEqual([
      [0, 6],
      [2, 4],
      [7, 9],
      [10, 15],
      [12, 14],
    ]);
  });

  it('skips an unclosed opener', () => {
    expect(quotePairs('“甲「乙」')).toEqual([[2, 4]]);
  });
});

describe('splitSentences', () => {
  it('ends sentences at 。！？； and ……, closing marks staying with their sentence', () => {
    expect(splitSentences('真的吗？是的；好……结束')).toEqual(['真的吗？', '是的；', '好……', '结束']);
    expect(splitSentences('他说：“要坚持。”然后走了。')).toEqual(['他说：“要坚持。”然后走了。']);
  });

  it('never splits inside a quotation, nested or in corner brackets', () => {
    expect(splitSentences('他说：“我们要坚持。继续奋斗！”然后走了。真的吗？')).toEqual(['他说：“我们要坚持。继续奋斗！”然后走了。', '真的吗？']);
    expect(splitSentences('引用「一。二『三！四』五。」完。下一句。')).toEqual(['引用「一。二『三！四』五。」完。', '下一句。']);
  });
});

describe('segment', () => {
  it('builds the seed outline: 一 with （一）（二）（三）, then 二 from the run-in heading', () => {
    const text = fs.readFileSync(SEED_FILE, 'utf8');
    const s = segment(clean({ sourceKey: SEED_FILE, source: SEED_FILE, format: 'txt', text, meta: {} }));
    expect(s.sections.map((x) => [x.label, x.parent, x.depth])).toEqual([
      ['一、', null, 1],
      ['（一）', 0, 2],
      ['（二）', 0, 2],
      ['（三）', 0, 2],
      ['二、', null, 1],
    ]);
    expect(s.sections[1].title).toBe('強化理論武裝，筑牢思想根基');
    expect(s.sections[4].title).toBe('深化作風建設，堅定不移推進全面從嚴治黨向縱深發展');
    expect(s.sections[2].path).toEqual(['一、堅持政治引領，全面夯實新時代人民政協黨的建設根基', '（二）突出政治引領，把牢正確方向']);
    // The run-in heading is its own heading sentence, in its section; the paragraph before it ends in （三）.
    const h2 = s.sentences.findIndex((x) => x.text.startsWith('二、'));
    expect(s.sentences[h2]).toMatchObject({ heading: true, section: 4 });
    expect(s.sentences[h2 - 1]).toMatchObject({ heading: false, section: 3 });
    expect(s.sentences[h2 - 1].text).toMatch(/氛圍。$/);
    // The （一） paragraph: its first sentence is a heading, the rest is body in the same section.
    const h1 = s.sentences.findIndex((x) => x.text.startsWith('（一）'));
    expect(s.sentences[h1]).toMatchObject({ heading: true, section: 1, text: '（一）強化理論武裝，筑牢思想根基。' });
    expect(s.sentences[h1 + 1]).toMatchObject({ heading: false, section: 1, paragraph: s.sentences[h1].paragraph });
    // Sentences before the first heading belong to no section.
    expect(s.sentences[0].section).toBeNull();
  });

  it('nests Markdown headings above numbered ones and keeps 1. under （一）', () => {
    const s = segment(
      doc([
        { type: 'heading', text: '详细新闻', level: 2 },
        { type: 'heading', text: '国务院常务会议', level: 3 },
        para('一、总体要求'),
        para('（一）稳增长'),
        para('1.扩大内需'),
        para('（1）提振消费'),
        para('正文内容。'),
        para('二、重点任务'),
      ]),
    );
    expect(s.sections.map((x) => [x.label || x.title, x.depth])).toEqual([
      ['详细新闻', 1],
      ['国务院常务会议', 2],
      ['一、', 3],
      ['（一）', 4],
      ['1.', 5],
      ['（1）', 6],
      ['二、', 3],
    ]);
    expect(s.sentences.find((x) => x.text === '正文内容。')?.section).toBe(5);
  });

  it('takes short unpunctuated lines for headings only when no top-level numbering exists', () => {
    const body = '过去五年，我们坚持稳中求进工作总基调，推动经济社会发展取得新的重大成就，人民生活水平持续提高，社会大局保持稳定，各项事业全面进步。'.repeat(2);
    const unnumbered = segment(doc([para(body), para('“十四五”时期工作回顾'), para(body), para('2026年重点工作'), para(body)]));
    expect(unnumbered.sections.map((x) => x.title)).toEqual(['“十四五”时期工作回顾', '2026年重点工作']);
    const numbered = segment(doc([para(body), para('一、总体要求'), para(body), para('2026年重点工作'), para(body)]));
    expect(numbered.sections.map((x) => x.title)).toEqual(['总体要求']);
  });
});

describe('back matter: appendices and glossaries after the body', () => {
  it('makes 附件 and 名词解释 parts of their own, above the numbering they restart', () => {
    const segmented = segment(
      doc([
        para('一、2025年工作回顾'),
        para('过去一年，我们坚持稳中求进工作总基调，经济运行总体平稳、稳中有进，较好完成全年主要目标任务。'),
        para('二、2026年工作安排'),
        para('今年是“十五五”开局之年，做好政府工作意义重大，我们要坚定信心、真抓实干、奋发有为。'),
        para('附件1'),
        para('2026年省十件民生实事'),
        para('一、提高低保和特困人员基本生活保障水平。'),
        para('二、加快建立长期护理保险制度。'),
        para('附件2'),
        para('名词解释'),
        para('1.“四上”企业：指达到一定规模、资质或限额的法人单位。'),
      ]),
    );
    const outline = segmented.sections.map((s) => '  '.repeat(s.depth - 1) + s.path[s.path.length - 1]);
    expect(outline).toEqual([
      '一、2025年工作回顾',
      '二、2026年工作安排',
      '附件1 2026年省十件民生实事',
      '  一、提高低保和特困人员基本生活保障水平',
      '  二、加快建立长期护理保险制度',
      '附件2 名词解释',
      '  1.“四上”企业：指达到一定规模、资质或限额的法人单位',
    ]);
  });
});

describe('unwrapLoneContainer', () => {
  it('drops an unnumbered heading wrapping every story, keeps numbered or talkative ones', () => {
    const md = '# 《新闻联播》（20220715）\n\n## 详细新闻\n\n### 习近平在新疆考察时强调 完整准确贯彻新时代党的治疆方略\n\n习近平考察了新疆。\n\n### 上半年中国经济迎难而上 企稳回升\n\n经济企稳回升。\n';
    const d = segment(clean({ sourceKey: 'x', source: 'x.md', format: 'md', text: md, meta: {} }));
    expect(d.sections.map((s) => s.path)).toEqual([['习近平在新疆考察时强调 完整准确贯彻新时代党的治疆方略'], ['上半年中国经济迎难而上 企稳回升']]);
    expect(d.sentences.find((x) => x.text === '经济企稳回升。')?.section).toBe(1);
    // A wrapper with text of its own stays.
    const talkative = md.replace('## 详细新闻\n', '## 详细新闻\n\n以下是今天的详细新闻内容，请收看。\n');
    expect(segment(clean({ sourceKey: 'y', source: 'y.md', format: 'md', text: talkative, meta: {} })).sections[0].path).toEqual(['详细新闻']);
  });
});

describe('unwrapLoneContainer beside an empty summary heading', () => {
  it('drops the wrapper and the empty heading', () => {
    const md = '# 《新闻联播》（20220526）\n\n## 新闻摘要\n\nABSTRACT NOT FOUND\n\n## 详细新闻\n\n### 习近平会见代表\n\n习近平会见了代表。\n\n### 三晋大地高质量转型发展\n\n山西转型发展。\n';
    const d = segment(clean({ sourceKey: 'z', source: 'z.md', format: 'md', text: md, meta: {} }));
    expect(d.sections.map((s) => s.path)).toEqual([['习近平会见代表'], ['三晋大地高质量转型发展']]);
    expect(d.sentences.map((x) => x.text)).not.toContain('ABSTRACT NOT FOUND');
  });
});
