import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyPhrase, extract, isLongQuotation, isNumericCode, MAX_PHRASE_LENGTH, phraseKey } from './extract';
import { phraseReadings } from './phrase-info';
import { processDocument } from './pipeline';
import type { SegmentedDocument } from './types';

const SEED_FILE = path.join(__dirname, '../../data/samples/000_ce7623e9653b5579.txt');
const SEED_PHRASES = [
  '第一议题', '书香政协·红色课堂', '领导领学+专家辅学+委员践学', '百场宣讲进基层', '双联系', '两个确立', '两个维护',
  '党委点题、政协破题', '数字经济赋能产业转型', '乡村振兴示范带建设', '两个全覆盖', '一委一品', '同心共富', '民情直通车',
  '三会一课', '党员先锋岗', '永远在路上',
];

function sentences(...texts: string[]): SegmentedDocument {
  return {
    sourceKey: 'k', source: 's', format: 'txt', url: null, title: 'T', date: null, sections: [],
    sentences: texts.map((text, i) => ({ text, paragraph: i, section: null, heading: false })),
  };
}

describe('phraseKey', () => {
  it('is the simplified fold without spaces, whatever the script', () => {
    expect(phraseKey('兩個確立')).toBe('两个确立');
    expect(phraseKey('兩個确立')).toBe('两个确立');
    expect(phraseKey('两个 确立')).toBe('两个确立');
  });
});

describe('isNumericCode: formulations written as codes', () => {
  it('takes digits joined by operators, and numbers of two digits or more with N or X', () => {
    for (const k of ['141', '1+N', '8+4', '415X', '4×4', '1+1+N', '1+2+4+N', '10+N', '3·15', '2+2', '3820', '5G+4K/8K+AI']) {
      expect(isNumericCode(k), k).toBe(true);
    }
  });

  it('leaves out Latin words and names, single digits and spans without a digit', () => {
    for (const k of ['5G', 'MU5735', 'WTO', 'OK', 'AI+', '1', '0', '']) expect(isNumericCode(k), k).toBe(false);
  });
});

describe('classifyPhrase', () => {
  it('classifies numbered formulas', () => {
    for (const k of ['两个确立', '三会一课', '第一议题', '一委一品', '双联系', '两个全覆盖', '八项规定', '五位一体', '十四五', '一带一路']) {
      expect(classifyPhrase(k, false), k).toBe('formula');
    }
  });

  it('classifies slogans, titles and long quotations', () => {
    expect(classifyPhrase('永远在路上', false)).toBe('slogan');
    expect(classifyPhrase('同心共富', false)).toBe('slogan');
    expect(classifyPhrase('中华人民共和国宪法', true)).toBe('title');
    expect(classifyPhrase('凡愿遵守平等、互利及互相尊重领土主权等项原则的任何外国政府', false)).toBe('quotation');
  });

  it('calls whole clauses or very long spans quotations', () => {
    expect(isLongQuotation('取之于民，用之于民')).toBe(false); // a set phrase of two short clauses
    expect(isLongQuotation('绿水青山就是金山银山，冰天雪地也是金山银山')).toBe(true);
    expect(isLongQuotation('一'.repeat(25))).toBe(true);
    expect(isLongQuotation('党委点题、政协破题')).toBe(false);
  });
});

describe('extract', () => {
  it('finds every quoted span with offsets that span the phrase', () => {
    const d = extract(sentences('引導委員深刻領悟“兩個確立”的決定性意義，堅決做到“兩個維護”。'));
    expect(d.spans.map((s) => [s.text, s.key, s.kind])).toEqual([
      ['兩個確立', '两个确立', 'formula'],
      ['兩個維護', '两个维护', 'formula'],
    ]);
    for (const s of d.spans) expect(d.sentences[s.sentence].text.slice(s.start, s.end)).toBe(s.text);
  });

  it('finds nested quotations and corner-bracket quotes', () => {
    const d = extract(sentences('他強調：「要堅持『一國兩制』方針」。', '提出“坚持‘两个毫不动摇’”的要求。'));
    expect(d.spans.map((s) => s.key)).toEqual(['要坚持『一国两制』方针', '一国两制', '坚持‘两个毫不动摇’', '两个毫不动摇']);
    expect(d.spans.map((s) => s.sentence)).toEqual([0, 0, 1, 1]);
  });

  it('keeps 《》 titles as their own kind', () => {
    const d = extract(sentences('通過了《中華人民共和國憲法》。'));
    expect(d.spans).toHaveLength(1);
    expect(d.spans[0]).toMatchObject({ text: '中華人民共和國憲法', key: '中华人民共和国宪法', kind: 'title' });
  });

  it('marks a long citation as a quotation, and skips non-Chinese, empty and over-long spans', () => {
    const long = '凡願遵守平等、互利及互相尊重領土主權等項原則的任何外國政府，本政府均願與之建立外交關係。';
    const d = extract(sentences(`宣佈：“${long}”`, '推进“5G”和“ ”建设', `“${'长'.repeat(MAX_PHRASE_LENGTH + 1)}”`));
    expect(d.spans).toHaveLength(1);
    expect(d.spans[0]).toMatchObject({ text: long, kind: 'quotation' });
  });

  it('keeps quoted codes as formulas (real sentences of the 2026 provincial reports and 新闻联播)', () => {
    const d = extract(
      sentences(
        '持续增强“141”基层智治体系实战效能。',
        '落实好碳达峰碳中和“1+N”政策体系。',
        '推动形成万亿立柱、千亿提升、百亿成势的“555X”产业发展格局。',
        '深化“1+3”重点功能区建设，启动两国外长防长“2+2”对话机制。',
        '推进“4×4”和“8+4”工作。',
        '总台将在构建“5G+4K/8K+AI”战略格局的创新实践中，推进“5G”和“AI”应用。',
        '第二个“1”指设立县、乡、村三级平台。',
      ),
    );
    expect(d.spans.map((s) => [s.key, s.kind])).toEqual([
      ['141', 'formula'],
      ['1+N', 'formula'],
      ['555X', 'formula'],
      ['1+3', 'formula'],
      ['2+2', 'formula'],
      ['4×4', 'formula'],
      ['8+4', 'formula'],
      ['5G+4K/8K+AI', 'formula'],
    ]);
  });

  it('keys a phrase by the fold of its sentence: characters converted by context get their context', () => {
    const d = extract(sentences('堅持“關於”和“以後”，建設高素質專業化“乾部隊伍”。', '建设高素质专业化“干部队伍”。'));
    expect(d.spans.map((s) => s.key)).toEqual(['关于', '以后', '干部队伍', '干部队伍']);
  });

  it('ignores a lone ‘…’ outside double quotes (an apostrophe)', () => {
    expect(extract(sentences('它‘是’个词。')).spans).toEqual([]);
  });

  it('finds all 17 quoted phrases of the seed, each at its offsets', () => {
    const [src] = [{ sourceKey: SEED_FILE, source: SEED_FILE, format: 'txt' as const, text: fs.readFileSync(SEED_FILE, 'utf8'), meta: {} }];
    const { doc } = processDocument(src);
    expect(new Set(doc.spans.map((s) => s.key))).toEqual(new Set(SEED_PHRASES));
    expect(doc.spans).toHaveLength(17);
    for (const s of doc.spans) {
      expect(phraseKey(doc.sentences[s.sentence].text.slice(s.start, s.end))).toBe(s.key);
      expect(doc.sentences[s.sentence].text[s.start - 1]).toBe('“');
      expect(doc.sentences[s.sentence].text[s.end]).toBe('”');
    }
    const kind = (k: string) => doc.spans.find((s) => s.key === k)?.kind;
    expect([kind('两个确立'), kind('三会一课'), kind('第一议题'), kind('永远在路上')]).toEqual(['formula', 'formula', 'formula', 'slogan']);
  });
});

describe('phraseReadings', () => {
  it('gives traditional form and pinyin read in context', () => {
    const r = phraseReadings('两个确立');
    expect(r).toMatchObject({
      simplified: '两个确立',
      traditional: '兩個確立',
      pinyin: 'liǎng gè què lì',
      pinyinPlain: 'liang ge que li',
      pinyinInitials: 'lgql',
      pinyinSort: 'liang3 ge4 que4 li4',
    });
    expect(phraseReadings('银行').pinyinPlain).toBe('yin hang');
  });
});

describe('markTone: numbered pinyin to tone marks', () => {
  it('puts the mark on a or e, on o in ou, else on the last vowel', async () => {
    const { markTone } = await import('./phrase-info');
    expect(['liang3', 'ge4', 'que4', 'li4', 'lv4', 'lve4', 'gou3', 'gui1', 'shang0', 'er2', 'zhuang4'].map(markTone)).toEqual([
      'liǎng', 'gè', 'què', 'lì', 'lǜ', 'lüè', 'gǒu', 'guī', 'shang', 'ér', 'zhuàng',
    ]);
    expect(markTone('2022')).toBe('2022');
  });
});
