import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  asciiAlphanumerics,
  clean,
  cleanLine,
  collapseSpaces,
  curlyQuotes,
  cutFooter,
  dateFromSession,
  dropRepeats,
  dropSummarySections,
  findDate,
  fullWidthPeriods,
  fullWidthPunctuation,
  isChromeLine,
  isDateLine,
  isLinkOnly,
  isTitleLine,
  joinBrokenLines,
  markdownInline,
  normalizeWhitespace,
  parseDate,
  pickTitle,
  stripDateline,
  stripPhotoCredit,
  stripPinyinAnnotations,
  unflattenParagraphs,
} from './clean';

const SEED_FILE = path.join(__dirname, '../../data/samples/000_ce7623e9653b5579.txt');
const SEED = fs.readFileSync(SEED_FILE, 'utf8');

describe('normalizeWhitespace', () => {
  it('turns CRLF and CR into LF and drops zero-width characters and BOMs', () => {
    expect(normalizeWhitespace('\ufeff第一行\r\n第二\u200b行\r第三行\u00a0。')).toBe('第一行\n第二行\n第三行 。');
  });
});

describe('stripPinyinAnnotations', () => {
  it('removes readings after the character they read (the seed)', () => {
    expect(stripPinyinAnnotations('市政協(xié)主席')).toBe('市政協主席');
    expect(stripPinyinAnnotations('我們(men)召開')).toBe('我們召開');
    expect(stripPinyinAnnotations('建設(shè)暨機關(guān)')).toBe('建設暨機關');
    expect(stripPinyinAnnotations('中(zhōng)国')).toBe('中国');
    expect(stripPinyinAnnotations('长(zhang3)')).toBe('长');
  });

  it('removes ü syllables however they are written, in ASCII or full-width parentheses', () => {
    expect(stripPinyinAnnotations('戰略(lüè)')).toBe('戰略');
    expect(stripPinyinAnnotations('紀律(lǜ)')).toBe('紀律');
    expect(stripPinyinAnnotations('婦女（nǚ）')).toBe('婦女');
    expect(stripPinyinAnnotations('綠(lǜ)色')).toBe('綠色');
    expect(stripPinyinAnnotations('旅(lǚ)遊')).toBe('旅遊');
    expect(stripPinyinAnnotations('略(lve4)')).toBe('略');
    expect(stripPinyinAnnotations('律(lu:4)')).toBe('律');
    expect(stripPinyinAnnotations('女(nü)')).toBe('女');
    expect(stripPinyinAnnotations('群(qún)眾')).toBe('群眾');
    expect(stripPinyinAnnotations('學(xué)習')).toBe('學習');
    expect(stripPinyinAnnotations('律(lu\u0308\u0300)')).toBe('律');
  });

  it('keeps parentheses that are not a reading of the character before them', () => {
    for (const s of ['律(lüè)', '第(一)條', '加入(WTO)', '預算(2025年)', '辦法(试行)', '中(guo)国', '方案(abc)']) {
      expect(stripPinyinAnnotations(s)).toBe(s);
    }
  });

  it('leaves no "(pinyin)" residue in the whole seed', () => {
    const out = stripPinyinAnnotations(SEED);
    expect(out).not.toMatch(/[\u4e00-\u9fff]\([a-zü\u00e0-\u01dc]+\)/);
    expect(out).toContain('市政協主席在全市政協2025年黨的建設暨市政協機關黨風廉政建設工作會議上的講話');
  });
});

describe('asciiAlphanumerics', () => {
  it('turns full-width digits and Latin letters into ASCII', () => {
    expect(asciiAlphanumerics('１９５４年ＧＤＰ增长ｂ')).toBe('1954年GDP增长b');
    expect(asciiAlphanumerics('“两个确立”')).toBe('“两个确立”');
  });

  it('gives a code one spelling: full-width ＋ and ／ between digits and letters become ASCII', () => {
    expect(asciiAlphanumerics('“１＋Ｎ”政策体系，“５Ｇ＋４Ｋ／８Ｋ”')).toBe('“1+N”政策体系，“5G+4K/8K”');
    expect(asciiAlphanumerics('党建＋服务')).toBe('党建＋服务');
  });
});

describe('fullWidthPunctuation', () => {
  it('turns ASCII , : ; ! ? between Chinese text full-width (the seed)', () => {
    expect(fullWidthPunctuation('今天,我們召開會議,主要任務是:以習近平')).toBe('今天，我們召開會議，主要任務是：以習近平');
    expect(fullWidthPunctuation('好!對?是;')).toBe('好！對？是；');
  });

  it('converts parentheses as pairs when they touch Chinese', () => {
    expect(fullWidthPunctuation('辦法(试行)')).toBe('辦法（试行）');
    expect(fullWidthPunctuation('(一)總體要求')).toBe('（一）總體要求');
  });

  it('leaves numbers and Latin text alone', () => {
    expect(fullWidthPunctuation('增长1,000元，10:30开始')).toBe('增长1,000元，10:30开始');
    expect(fullWidthPunctuation('Hello, world (WTO)')).toBe('Hello, world (WTO)');
  });

  it('drops the spaces that padded a converted mark', () => {
    expect(fullWidthPunctuation('我们 , 坚持')).toBe('我们，坚持');
  });

  // Regression (was a bug): removing the padding spaces of a converted mark shifts the
  // characters after it, and the parenthesis positions computed beforehand go stale,
  // so "(试行)" later in the same line is left in ASCII.
  it('converts parentheses after a padded comma in the same line', () => {
    expect(fullWidthPunctuation('我们 , 坚持(试行)办法')).toBe('我们，坚持（试行）办法');
  });
});

describe('curlyQuotes', () => {
  it('turns ASCII "…" around Chinese into “…” and leaves English quotes', () => {
    expect(curlyQuotes('坚持"两个确立"，')).toBe('坚持“两个确立”，');
    expect(curlyQuotes('he said "hello" ok')).toBe('he said "hello" ok');
  });
});

describe('collapseSpaces', () => {
  it('drops indentation and spaces between Han characters, joins spaced digits', () => {
    expect(collapseSpaces('　　国务院总理　李克强')).toBe('国务院总理李克强');
    expect(collapseSpaces('在 1 9 9 3 年')).toBe('在1993年');
    expect(collapseSpaces('GDP  growth')).toBe('GDP growth');
  });
});

describe('cleanLine', () => {
  it('applies digits, punctuation, quotes and spaces together', () => {
    expect(cleanLine('　　２０２５年,我们坚持"两个确立" ,推进改革 !')).toBe('2025年，我们坚持“两个确立”，推进改革！');
  });
});

describe('unflattenParagraphs', () => {
  it('turns runs of ideographic spaces inside a line into paragraph breaks (plsc layout)', () => {
    expect(unflattenParagraphs('　　你们好！来信收悉。　　正如你们所感受到的。')).toBe('　　你们好！来信收悉。\n\n正如你们所感受到的。');
    expect(unflattenParagraphs('国务院总理　李克强')).toBe('国务院总理　李克强');
  });
});

describe('joinBrokenLines', () => {
  it('joins a line broken inside a quotation (wiki link)', () => {
    expect(joinBrokenLines('坚持“两个\n确立”。\n（一）加强领导')).toEqual(['坚持“两个确立”。', '（一）加强领导']);
  });

  it('joins soft breaks in blank-line-separated text and keeps paragraphs apart', () => {
    const text = '第一段说明了\n制定规划的意义。\n\n第二段。\n\n第三段。\n\n第四段。';
    expect(joinBrokenLines(text)).toEqual(['第一段说明了制定规划的意义。', '第二段。', '第三段。', '第四段。']);
  });

  it('joins a line that starts with a closing mark and never joins into a heading', () => {
    expect(joinBrokenLines('制定“十四五\n”规划\n二、深化改革')).toEqual(['制定“十四五”规划', '二、深化改革']);
  });

  it('keeps one paragraph per line when lines end their sentences', () => {
    const lines = SEED.split('\n');
    expect(joinBrokenLines(SEED)).toHaveLength(lines.filter((l) => l.trim()).length);
  });
});

describe('fullWidthPeriods', () => {
  it('turns an ASCII full stop ending a Chinese sentence into 。', () => {
    expect(fullWidthPeriods('形成比學趕超的濃厚氛圍.二、深化作風建設.')).toBe('形成比學趕超的濃厚氛圍。二、深化作風建設。');
    expect(fullWidthPeriods('堅持“兩個確立”.')).toBe('堅持“兩個確立”。');
  });

  it('keeps numbers, Latin text and numbered labels', () => {
    for (const s of ['增长5.2%', 'No.1文件', '一.总体要求', '二十.附则', 'e.g. 例如', '版本v1.0发布']) expect(fullWidthPeriods(s), s).toBe(s);
  });
});

describe('isChromeLine', () => {
  it('recognises web-page chrome of the provincial pages', () => {
    for (const l of ['下载', '打印', '全屏', '收藏', '【字号：', '加大', '还原', '减小', '】', '【字体：', '分享：', '来源：甘肃日报', '时间：2026-02-10', '扫一扫在手机打开当前页', '分享到微信', '分享到 微博 QQ空间', '打印本页', '关闭窗口', '2026年02月10日 07时41分', 'abcd39f1fb7f426d9dfb6bd0fa1f2146:', 'false']) {
      expect(isChromeLine(l), l).toBe(true);
    }
  });

  it('recognises the chrome of a traditional copy (下載, 打印, 【字號：)', () => {
    for (const l of ['下載', '打印', '【字號：大 中 小】', '分享到：', '關閉窗口', '來源：甘肅日報']) expect(isChromeLine(l), l).toBe(true);
  });

  it('does not take sentences for chrome', () => {
    for (const l of ['各位代表：', '下载安装包时要注意网络安全。', '坚持“两个确立”。', '收藏在博物馆里的文物都活起来。']) {
      expect(isChromeLine(l), l).toBe(false);
    }
  });
});

describe('stripPhotoCredit', () => {
  it('strips a photo credit after the caption on the same line (provincial pages)', () => {
    expect(stripPhotoCredit('王正谱作政府工作报告。本报记者霍艳恩摄')).toBe('王正谱作政府工作报告。');
    expect(stripPhotoCredit('自治区人民政府主席包钢作政府工作报告。本报记者韩卿立摄')).toBe('自治区人民政府主席包钢作政府工作报告。');
    expect(stripPhotoCredit('王正譜作政府工作報告。本報記者霍艷恩攝')).toBe('王正譜作政府工作報告。');
  });

  it('keeps sentences about journalists and photographs', () => {
    for (const s of ['记者从省统计局获悉，全年增长5%。', '他说：“欢迎记者朋友们来拍摄。”', '本报记者霍艳恩摄']) expect(stripPhotoCredit(s)).toBe(s);
  });
});

describe('cutFooter', () => {
  const body = ['各位代表：', '现在我代表省人民政府报告工作。', '一、回顾', '过去一年。', '二、任务', '今年要做好。'];
  it('cuts related links and license notices in the second half', () => {
    expect(cutFooter([...body, '相关报道：', '某某热议报告'])).toEqual(body);
    expect(cutFooter([...body, '相关附件>>', '相关链接>>'])).toEqual(body);
    expect(cutFooter([...body, '本作品是中华人民共和国的法律、法规。', 'Public domain'])).toEqual(body);
    expect(cutFooter([...body, 'Public domain', 'false'])).toEqual(body);
  });

  it('keeps a "相关…" line near the top', () => {
    const p = ['相关报道显示，经济回升。', ...body];
    expect(cutFooter(p)).toEqual(p);
  });
});

describe('stripDateline', () => {
  it('strips a news agency dateline from the start of a paragraph', () => {
    expect(stripDateline('央视网消息（新闻联播）：第十四届全国人民代表大会第二次会议5日上午开幕。')).toBe('第十四届全国人民代表大会第二次会议5日上午开幕。');
    expect(stripDateline('新华社北京3月5日电 国务院总理李强作报告。')).toBe('国务院总理李强作报告。');
    expect(stripDateline('央视网消息（新闻联播）：')).toBe(''); // a dateline alone on its line goes entirely
  });

  // Regression (was a bug): NEWS_DATELINE takes any "…消息" at the start of a paragraph for a
  // dateline, colon or not, so a sentence whose subject is a news source loses it and
  // starts with "，" (134 sentences in ../shared/corpus/cctv_news).
  it('keeps a sentence that merely starts with a source of news', () => {
    expect(stripDateline('据气象部门消息，当地发生地震。')).toBe('据气象部门消息，当地发生地震。');
    expect(stripDateline('国家医保局消息，新版目录今起实施。')).toBe('国家医保局消息，新版目录今起实施。');
  });
});

describe('parseDate', () => {
  it.each([
    ['2024年3月5日', '2024-03-05'],
    ['二〇二六年一月二十七日', '2026-01-27'],
    ['二〇二五年十二月三十一日', '2025-12-31'],
    ['2026-02-10', '2026-02-10'],
    ['2024/3/5', '2024-03-05'],
    ['20220715', '2022-07-15'],
    ['《新闻联播》（20220715）', '2022-07-15'],
    ['1954', '1954'],
    ['2025年', '2025'],
    ['2024年13月', '2024'],
  ])('%s → %s', (input, iso) => {
    expect(parseDate(input)).toBe(iso);
  });

  it('returns null for text without a date', () => {
    expect(parseDate('各位代表')).toBeNull();
    expect(parseDate(null)).toBeNull();
    expect(parseDate('1850年')).toBeNull();
  });
});

describe('findDate', () => {
  it('prefers a dateline near the top to the metadata', () => {
    expect(findDate('2026-02-10', '2026年甘肃省政府工作报告', ['——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上', '各位代表：'])).toBe('2026-01-27');
    expect(findDate('2024', '政府工作报告', ['——2024年3月5日在第十四届全国人民代表大会第二次会议上'])).toBe('2024-03-05');
    expect(findDate(null, '报告', ['（2017年10月18日）'])).toBe('2017-10-18');
    expect(findDate(null, '报告', ['（2023年3月13日第十四届全国人民代表大会第一次会议通过）'])).toBe('2023-03-13');
    expect(findDate(null, '报告', ['（1954年9月23日在第一届全国人民代表大会第一次会议上）'])).toBe('1954-09-23');
  });

  it('ignores a dateline that contradicts the metadata year, then falls back to the title', () => {
    expect(findDate('2024-03-05', '报告', ['——2019年1月1日在某会议上'])).toBe('2024-03-05');
    expect(findDate(null, '2025年政府工作报告', ['各位代表：'])).toBe('2025');
  });
});

describe('dropRepeats', () => {
  it("drops the seed's repeated title and truncated excerpt", () => {
    const paragraphs = joinBrokenLines(stripPinyinAnnotations(SEED)).map(cleanLine);
    const title = paragraphs[0];
    const out = dropRepeats(paragraphs, title);
    expect(out.filter((p) => p === title)).toHaveLength(0);
    expect(out.filter((p) => p.startsWith('今天，我們召開'))).toHaveLength(1);
    expect(out[0]).toMatch(/思想為指導/);
    expect(out).toHaveLength(paragraphs.length - 3);
  });

  it('drops a paragraph identical to the one before, but keeps it elsewhere', () => {
    expect(dropRepeats(['甲说了话。', '甲说了话。', '乙。', '甲说了话。'], '')).toEqual(['甲说了话。', '乙。', '甲说了话。']);
  });
});

describe('pickTitle', () => {
  it('uses metadata, else a title-like first paragraph, else the first clause, else the fallback', () => {
    expect(pickTitle(' 2026年甘肃省政府工作报告 ', ['x'], 'f')).toEqual({ title: '2026年甘肃省政府工作报告', fromText: false });
    expect(pickTitle(undefined, ['政府工作报告', '各位代表：'], 'f')).toEqual({ title: '政府工作报告', fromText: true });
    expect(pickTitle(undefined, ['一、总体要求', '正文。'], 'f').fromText).toBe(false);
    expect(pickTitle(undefined, [], 'file')).toEqual({ title: 'file', fromText: false });
  });

  it('never takes a section heading, web-page chrome or a date for the title', () => {
    // A plain-text file whose first line is its first section (the 2019 report without its title line).
    const body = ['一、2018年工作回顾', '过去一年，我国发展面临多年少有的国内外复杂严峻形势，经济出现新的下行压力。'];
    expect(pickTitle(undefined, body, '2019政府工作报告_李克强', { fromFileName: true })).toEqual({ title: '2019政府工作报告 李克强', fromText: false });
    // A record (a table row without a title column): the opening words, past the heading and a salutation.
    expect(pickTitle(undefined, ['同志们：今天，我们召开统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议。'], 'all_data').title).toBe(
      '我们召开统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议',
    );
    expect(pickTitle(undefined, body, 'all_data').title).toBe('我国发展面临多年少有的国内外复杂严峻形势');
    for (const first of ['下載', '打印', '（2017年10月18日）', '同志们：']) {
      expect(pickTitle(undefined, [first, '正文。'], 'page', { fromFileName: true }).title, first).toBe('page');
    }
  });

  it('takes a title line that merely starts with a year', () => {
    expect(isTitleLine('1954年政府工作报告')).toBe(true);
    expect(isTitleLine('一、2018年工作回顾')).toBe(false);
    expect(isTitleLine('（一）用改革的办法深入推进“三去一降一补”')).toBe(false);
    expect(isDateLine('（2022年10月16日）')).toBe(true);
    expect(isDateLine('2026-01-27')).toBe(true);
    expect(isDateLine('1954年政府工作报告')).toBe(false);
  });
});

describe('titles and first sections of whole documents', () => {
  const txt = (text: string, source = 'reports/2019政府工作报告_李克强.txt') => clean({ sourceKey: source, source, format: 'txt', text, meta: {} });

  it('keeps the first heading of a file without a title line as a section, titled from the file name', () => {
    const d = txt('一、2018年工作回顾\n\n过去一年，我国发展面临多年少有的国内外复杂严峻形势。\n\n二、2019年经济社会发展总体要求和政策取向\n\n今年是新中国成立70周年。');
    expect(d.title).toBe('2019政府工作报告 李克强');
    expect(d.blocks[0]).toEqual({ type: 'paragraph', text: '一、2018年工作回顾' });
    expect(d.date).toBe('2019');
  });

  it('takes the title of a traditional web copy past its chrome, once', () => {
    const d = txt('下載\n\n打印\n\n2017年政府工作報告\n\n2017年政府工作報告\n\n各位代表：\n\n現在,我代表國務院向大會報告政府工作。', 'copy.txt');
    expect(d.title).toBe('2017年政府工作報告');
    expect(d.blocks.map((b) => b.text)).toEqual(['各位代表：', '現在，我代表國務院向大會報告政府工作。']);
  });
});

describe('dateFromSession', () => {
  it('dates an NPC resolution and a congress report by the session they name', () => {
    expect(dateFromSession('第十三届全国人民代表大会第二次会议关于政府工作报告的决议', [])).toBe('2019');
    expect(dateFromSession('第十四届全国人民代表大会第三次会议关于政府工作报告的决议', [])).toBe('2025');
    expect(dateFromSession('第二届全国人民代表大会第三次会议关于政府工作报告的决议', [])).toBe('1962');
    expect(dateFromSession('全面开创社会主义现代化建设的新局面 (十二大)', [])).toBe('1982');
    expect(dateFromSession('在中国共产党第九次全国代表大会上的报告', [])).toBe('1969');
    expect(dateFromSession('陈独秀在中国共产党第三次全国代表大会上的报告', [])).toBe('1923');
    expect(dateFromSession('报告', ['同志们：', '中国共产党第十四次全国代表大会，在我国加快改革开放和现代化建设的新形势下召开了！'])).toBe('1992');
    expect(dateFromSession('2020年政府工作报告', ['各位代表：'])).toBeNull();
  });

  it('comes after the text: a dateline wins over the session year', () => {
    const d = clean({
      sourceKey: 'k', source: 'x.jsonl#6', format: 'jsonl', meta: { title: '第十四届全国人民代表大会第一次会议关于政府工作报告的决议' },
      text: '（2023年3月13日第十四届全国人民代表大会第一次会议通过）\n\n第十四届全国人民代表大会第一次会议听取和审议了国务院总理李克强所作的政府工作报告。',
    });
    expect(d.date).toBe('2023-03-13');
  });
});

describe('markdownInline and isLinkOnly', () => {
  it('strips emphasis, links, images and tags', () => {
    expect(markdownInline('**央视网消息**（新闻联播）：正文')).toBe('央视网消息（新闻联播）：正文');
    expect(markdownInline('见[国务院](https://www.gov.cn/a(b))网站![图](x.png)<br>')).toBe('见国务院网站');
  });

  it('recognises a line that is only a link', () => {
    expect(isLinkOnly('[查看原文](https://tv.cctv.com/2025/01/01/VIDE.shtml)')).toBe(true);
    expect(isLinkOnly('详见[查看原文](https://tv.cctv.com/x)')).toBe(false);
  });
});

describe('dropSummarySections', () => {
  const blocks = [
    { heading: 2, text: '新闻摘要' },
    { heading: 0, text: '本期节目主要内容：' },
    { heading: 0, text: '1.习近平会见外国元首；' },
    { heading: 0, text: '2.全国春耕生产有序推进；' },
    { heading: 0, text: '3.各地推动经济高质量发展；' },
    { heading: 2, text: '详细新闻' },
    { heading: 3, text: '习近平会见外国元首' },
    { heading: 0, text: '国家主席习近平今天在人民大会堂会见了来访的外国元首。' },
    { heading: 3, text: '全国春耕生产有序推进' },
    { heading: 0, text: '眼下，全国春耕生产由南向北有序推进。' },
    { heading: 3, text: '各地推动经济高质量发展' },
    { heading: 0, text: '各地坚持稳中求进。' },
  ];

  it('drops a summary whose items repeat the later ### titles', () => {
    const out = dropSummarySections(blocks);
    expect(out.map((b) => b.text)).toEqual(blocks.slice(5).map((b) => b.text));
  });

  it('keeps a section whose lines are not the later titles', () => {
    const other = [
      { heading: 2, text: '导语' },
      { heading: 0, text: '今天是元旦。' },
      { heading: 0, text: '各地举行庆祝活动。' },
      { heading: 0, text: '天气晴好。' },
      ...blocks.slice(5),
    ];
    expect(dropSummarySections(other)).toEqual(other);
  });
});

describe('clean (the stage)', () => {
  it('cleans the seed: title once, no pinyin, no ASCII commas, the truncated excerpt gone', () => {
    const doc = clean({ sourceKey: SEED_FILE, source: SEED_FILE, format: 'txt', text: SEED, meta: {} });
    expect(doc.title).toBe('市政協主席在全市政協2025年黨的建設暨市政協機關黨風廉政建設工作會議上的講話');
    expect(doc.date).toBe('2025');
    const texts = doc.blocks.map((b) => b.text);
    expect(texts.join('\n')).not.toMatch(/\([a-zü\u00e0-\u01dc]+\)|,/);
    expect(texts.some((t) => t.includes('講話') && t.length < 60)).toBe(false);
    expect(texts.filter((t) => t.startsWith('今天，我們召開'))).toHaveLength(1);
  });

  it('cleans a Markdown news day: title from #, summary dropped, dateline and links gone', () => {
    const md = [
      '# 《新闻联播》（20240305）',
      '',
      '## 新闻摘要',
      '',
      '本期节目主要内容：',
      '',
      '1.十四届全国人大二次会议在京开幕；',
      '',
      '2.全国春耕生产有序推进；',
      '',
      '3.各地推动经济高质量发展。',
      '',
      '[查看原文](https://tv.cctv.com/2024/03/05/x.shtml)',
      '',
      '## 详细新闻',
      '',
      '### 十四届全国人大二次会议在京开幕',
      '',
      '**央视网消息**（新闻联播）：第十四届全国人民代表大会第二次会议5日上午在北京人民大会堂开幕。',
      '',
      '[查看原文](https://tv.cctv.com/2024/03/05/y.shtml)',
      '',
      '### 全国春耕生产有序推进',
      '',
      '**央视网消息**（新闻联播）：眼下，全国春耕生产由南向北有序推进。',
      '',
      '### 各地推动经济高质量发展',
      '',
      '**央视网消息**（新闻联播）：各地坚持稳中求进。',
    ].join('\n');
    const doc = clean({ sourceKey: 'x.md', source: 'news/20240305.md', format: 'md', text: md, meta: {} });
    expect(doc.title).toBe('《新闻联播》（20240305）');
    expect(doc.date).toBe('2024-03-05');
    const all = doc.blocks.map((b) => b.text).join('\n');
    expect(all).not.toMatch(/新闻摘要|本期节目|查看原文|\*\*|央视网消息/);
    expect(doc.blocks.filter((b) => b.text.includes('春耕生产'))).toHaveLength(2); // heading + body, not the summary
    expect(doc.blocks.some((b) => b.type === 'paragraph' && b.text.startsWith('第十四届全国人民代表大会'))).toBe(true);
    expect(doc.blocks.filter((b) => b.type === 'heading').map((b) => b.text)).toEqual([
      '详细新闻',
      '十四届全国人大二次会议在京开幕',
      '全国春耕生产有序推进',
      '各地推动经济高质量发展',
    ]);
  });
});

describe('findDate: datelines, not dates mentioned in the text', () => {
  it('takes the delivery dateline when it agrees with the year of the metadata', () => {
    expect(findDate('2026-02-10', '2026年甘肃省政府工作报告', ['——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上'])).toBe('2026-01-27');
    expect(findDate('2024', '2024年中华人民共和国国务院政府工作报告', ['政府工作报告', '——2024年3月5日在第十四届全国人民代表大会第二次会议上'])).toBe('2024-03-05');
    expect(findDate(null, '决胜全面建成小康社会', ['——在中国共产党第十九次全国代表大会上的报告', '（2017年10月18日）'])).toBe('2017-10-18');
  });

  it('keeps a news programme on its own date when a story opens with another one', () => {
    expect(findDate(null, '《新闻联播》（20220703）', ['2017年10月18日，习近平总书记在党的十九大报告中首次提出。'])).toBe('2022-07-03');
    expect(findDate(null, '《新闻联播》（20220703）', ['——2017年10月18日在中国共产党第十九次全国代表大会上'])).toBe('2022-07-03');
  });
});
