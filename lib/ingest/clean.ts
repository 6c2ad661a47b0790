/**
 * Stage 3, clean: a source document's raw text → title, date and cleaned blocks.
 *
 * Each rule is a named, exported, separately tested function. The order matters
 * and is spelled out in `clean()`. Rules are general (they describe kinds of
 * damage), never patches for one file.
 */
import { pinyinPro } from '../text/pinyin';
import type { Block, CleanDocument, SourceDocument } from './types';
import { foldToSimplified } from '../text/script';
import { sessionYear } from './calendar';
import { truncateUtf16 } from '../text/unicode';

const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';

/** What a cleaning rule removed from one document: how many pieces, how many characters. */
export interface Removal {
  items: number;
  chars: number;
}

/** The rules that remove text, by name, as `clean` reports them (npm run audit). */
export type CleanRule =
  | 'pinyin annotations'
  | 'web chrome'
  | 'page label values'
  | 'photo credits'
  | 'footer'
  | 'news datelines'
  | 'repeated title'
  | 'repeated paragraphs'
  | 'truncated excerpts'
  | 'summary sections'
  | 'link lines';

export type CleanReport = Partial<Record<CleanRule, Removal>>;

function noteRemoval(report: CleanReport | undefined, rule: CleanRule, text: string): void {
  if (!report) return;
  const r = (report[rule] ??= { items: 0, chars: 0 });
  r.items++;
  r.chars += text.length;
}
const HAN_RE = new RegExp(`[${HAN}]`);

// ---------------------------------------------------------------------------
// Characters and whitespace

/** CRLF/CR → LF; zero-width characters, BOMs and no-break spaces go. */
export function normalizeWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b\u200c\u200d\u2060\ufeff]/g, '')
    .replace(/[\u00a0\u2002\u2003\u2009]/g, ' ');
}

function readingsOf(ch: string): string[] {
  const out = new Set<string>();
  for (const c of new Set([ch, foldToSimplified(ch)])) {
    for (const r of pinyinPro().pinyin(c, { multiple: true, type: 'array', toneType: 'none' })) out.add(plainSyllable(r));
  }
  return [...out];
}

/**
 * A pinyin syllable without tone, in one spelling: ü however written (ü, ǖ ǘ ǚ ǜ,
 * u + combining diaeresis, v, u:) is "v", and after j, q, x, y it is "u", as
 * pinyin writes it (ju, xue, yuan). Tone numbers go.
 */
export function plainSyllable(syllable: string): string {
  return syllable
    .toLowerCase()
    .normalize('NFD')
    .replace(/u\u0308|u:/g, 'v')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[1-5]$/, '')
    .replace(/^([jqxy])v/, '$1u');
}

const PINYIN_ANNOTATION = new RegExp(`([${HAN}])[(（]\\s?([a-zA-Zü:\\u00e0-\\u01dc\\u0300-\\u036f]{1,8}[1-5]?)\\s?[)）]`, 'g');

/**
 * Removes "(pinyin)" annotations after Han characters (協(xié), 們(men), 略(lüè),
 * 律（lǜ）, 女(nv3)), in ASCII or full-width parentheses, but only where the
 * syllable is a reading of that very character, so "(一)", "(WTO)", "(2025年)"
 * and "(试行)" stay.
 */
export function stripPinyinAnnotations(text: string, onRemove?: (annotation: string) => void): string {
  return text.replace(PINYIN_ANNOTATION, (whole, ch: string, syllable: string) => {
    if (!readingsOf(ch).includes(plainSyllable(syllable))) return whole;
    onRemove?.(whole.slice(ch.length));
    return ch;
  });
}

const FULLWIDTH_ALNUM = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;

/**
 * Full-width digits and Latin letters → ASCII, and a full-width ＋ or ／
 * between them too, so a code has one spelling (“１＋Ｎ” is “1+N”).
 */
export function asciiAlphanumerics(text: string): string {
  return text
    .replace(FULLWIDTH_ALNUM, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/(?<=[0-9A-Za-z])[＋／](?=[0-9A-Za-z])/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const ASCII_TO_FULL: Record<string, string> = { ',': '，', ':': '：', ';': '；', '!': '！', '?': '？', '(': '（', ')': '）' };

/**
 * ASCII , : ; ! ? ( ) next to Chinese text become full-width. A comma or colon
 * between digits (1,000 / 10:30) and punctuation inside Latin text stay.
 */
export function fullWidthPunctuation(line: string): string {
  if (!/[,:;!?()]/.test(line)) return line;
  // Built from slices of the line, not an array of its characters: a line can
  // be a whole document (tens of millions of characters).
  const parts: string[] = [];
  let from = 0; // line[from…] is not yet in parts
  let converted = -1; // the last mark made full-width: it counts as Chinese punctuation
  const MARK = /[,:;!?]/g;
  for (let m = MARK.exec(line); m; m = MARK.exec(line)) {
    const i = m.index;
    const c = m[0];
    let j = i - 1;
    while (j >= 0 && line[j] === ' ') j--;
    let k = i + 1;
    while (k < line.length && line[k] === ' ') k++;
    const prev = j >= 0 ? (j === converted ? ASCII_TO_FULL[line[j]] : line[j]) : undefined;
    const next = line[k];
    if ((c === ',' || c === ':') && /\d/.test(prev ?? '') && /\d/.test(next ?? '')) continue;
    const prevCode = prev === undefined ? -1 : prev.charCodeAt(0);
    if (isHanCode(prevCode) || isCjkPunctCode(prevCode) || (isHanCode(line.charCodeAt(k)) && prev !== undefined && !/[A-Za-z]/.test(prev))) {
      // The spaces that padded the ASCII mark go with it.
      parts.push(line.slice(from, Math.max(from, j + 1)), ASCII_TO_FULL[c]);
      from = k;
      converted = i;
      MARK.lastIndex = k;
    }
  }
  parts.push(line.slice(from));
  const text = parts.length === 1 ? parts[0] : parts.join('');
  // Parentheses are converted as pairs, on the final positions: "(试行)" → "（试行）"
  // when either side or the inside touches Chinese.
  const stack: number[] = [];
  const pairs: number[] = [];
  const PAREN = /[()]/g;
  for (let m = PAREN.exec(text); m; m = PAREN.exec(text)) {
    const i = m.index;
    if (m[0] === '(') stack.push(i);
    else if (stack.length) {
      const open = stack.pop()!;
      let inner = false;
      for (let k = open + 1; k < i && !inner; k++) inner = isHanCode(text.charCodeAt(k));
      if (inner || isHanCode(text.charCodeAt(open - 1)) || isHanCode(text.charCodeAt(i + 1)) || isCjkPunctCode(open > 0 ? text.charCodeAt(open - 1) : -1)) pairs.push(open, i);
    }
  }
  if (pairs.length === 0) return text;
  pairs.sort((x, y) => x - y);
  const out: string[] = [];
  let at = 0;
  for (const p of pairs) {
    out.push(text.slice(at, p), text[p] === '(' ? '（' : '）');
    at = p + 1;
  }
  out.push(text.slice(at));
  return out.join('');
}

function isHanCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

function isCjkPunctCode(c: number): boolean {
  return (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019;
}

/**
 * An ASCII full stop that ends a Chinese sentence becomes 。: after a Han
 * character (or a closing quote) and before a Han character, an opening quote
 * or bracket, or the end of the line ("…氛圍.二、深化…"). A numbered label ("一.总体要求",
 * "二十.") and numbers (3.5, No.1) keep theirs.
 */
export function fullWidthPeriods(line: string): string {
  if (!line.includes('.')) return line;
  return line.replace(new RegExp(`(?<=[${HAN}”’」』])\\.(?=[${HAN}“「『（]|\\s*$)`, 'g'), (dot, offset: number) =>
    /^[一二三四五六七八九十]+$/.test(line.slice(0, offset)) ? dot : '。',
  );
}

/**
 * ASCII "…" pairs around Chinese text become “…”, so they are found as quotations.
 */
export function curlyQuotes(line: string): string {
  return line.replace(/"([^"\n]{1,200}?)"/g, (whole, inner: string, offset: number) => {
    const before = line[offset - 1];
    const after = line[offset + whole.length];
    const chinese = HAN_RE.test(inner) || HAN_RE.test(before ?? '') || HAN_RE.test(after ?? '');
    return chinese ? `“${inner}”` : whole;
  });
}

/**
 * Spaces in Chinese text: indentation and ideographic spaces between Han
 * characters go (国务院总理　李克强 → 国务院总理李克强), digits spelled out with
 * spaces are joined (1 9 9 3 年 → 1993年), other runs of spaces shrink to one.
 */
export function collapseSpaces(line: string): string {
  // trim() rather than /^\s+|\s+$/: the regex's second branch rescans a long
  // inner run of spaces from every position in it (quadratic).
  let s = line.trim();
  s = s.replace(/\d(?: \d){2,}/g, (m) => m.replace(/ /g, ''));
  s = s.replace(new RegExp(`([${HAN}\\d，。、；：！？”）》」』])[ \\u3000]+(?=[${HAN}“（《「『，。、；：！？])`, 'g'), '$1');
  s = s.replace(new RegExp(`([${HAN}“（《「『])[ \\u3000]+(?=[${HAN}\\d])`, 'g'), '$1');
  s = s.replace(/[ \u3000]{2,}/g, ' ');
  return s;
}

// ---------------------------------------------------------------------------
// Lines → paragraphs

/**
 * Paragraphs flattened into one line keep their indentation as runs of
 * ideographic spaces ("…。　　下一段…"): those runs become paragraph breaks.
 */
export function unflattenParagraphs(text: string): string {
  return text.replace(/(?<=\S)[ \t]*\u3000{2,}[ \t]*(?=\S)/g, '\n\n');
}

const INDENT = new Set([' ', '\t', '\u3000']);

/**
 * Spaces, tabs and ideographic spaces off both ends, in linear time (a regex
 * such as /[ \u3000]+$/ retries from every position of an inner run of spaces).
 */
export function trimIndent(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && INDENT.has(line[start])) start++;
  while (end > start && INDENT.has(line[end - 1])) end--;
  return start === 0 && end === line.length ? line : line.slice(start, end);
}

const TERMINAL = /[。！？!?；;…：:”’」』）)】]$/;
const HEADING_START = /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[部章节]|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|#{1,6}\s)/;

// A paragraph never ends on an opening mark, a comma, or a particle or
// preposition that needs what follows ("…所作的" / "政府工作报告" / "。会议…").
const CANNOT_END = /[，、（(“《「『的之和与及或对把将被从向于]$/;

/** Open quotation marks after `s`, starting from `depth` open before it (a closer with none open is ignored). */
function quoteDepth(s: string, depth = 0): number {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '“' || c === '「' || c === '『') depth++;
    else if ((c === '”' || c === '」' || c === '』') && depth > 0) depth--;
  }
  return depth;
}

/**
 * Splits text into paragraphs and joins lines broken inside a sentence or a
 * quotation. Two layouts exist: paragraphs separated by blank lines (where a
 * single newline is a soft break from a wiki link or a line wrap), and one
 * paragraph per line (where a break is joined only when the line plainly
 * stops mid-sentence: inside an open quotation or after a comma-like mark).
 */
export function joinBrokenLines(text: string): string[] {
  const lines = text.split('\n').map(trimIndent);
  let blankSeparated = 0;
  let adjacent = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '' || lines[i - 1] === '') continue;
    adjacent++;
  }
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] !== '' && lines[i - 1] === '') blankSeparated++;
  }
  const softBreaks = blankSeparated > adjacent;

  // A paragraph is collected as its lines and judged by its last character and
  // the quotations left open, kept as it grows: rescanning the whole paragraph
  // at each line would be quadratic in a text of many joined lines.
  const paragraphs: string[] = [];
  let current: string[] = [];
  let last = '';
  let openQuotes = 0;
  let blankBefore = false;
  const start = (line: string) => {
    current = [line];
    last = line.slice(-1);
    openQuotes = quoteDepth(line);
  };
  for (const line of lines) {
    if (line === '') {
      blankBefore = true;
      continue;
    }
    if (current.length === 0) {
      start(line);
      blankBefore = false;
      continue;
    }
    const endsMid = !TERMINAL.test(last);
    const nextIsHeading = HEADING_START.test(line);
    const startsWithCloser = /^[，。、；：！？”’」』）)》]/.test(line);
    let join: boolean;
    if (nextIsHeading) join = false;
    else if (startsWithCloser) join = true;
    else if (openQuotes > 0 && endsMid) join = true;
    else if (blankBefore) join = false;
    else if (softBreaks) join = endsMid;
    else join = CANNOT_END.test(last);
    if (join) {
      current.push(line);
      last = line.slice(-1);
      openQuotes = quoteDepth(line, openQuotes);
    } else {
      paragraphs.push(current.join(''));
      start(line);
    }
    blankBefore = false;
  }
  if (current.length > 0) paragraphs.push(current.join(''));
  return paragraphs;
}

// ---------------------------------------------------------------------------
// Web-page chrome, footers, dates

const CHROME_LINE = new RegExp(
  [
    '^(?:下载|打印|全屏|收藏|分享|分享到|关闭|关闭窗口|打印本页|返回顶部|加大|还原|减小|大|中|小|】|【|默认|字号|字体)[：:]?$',
    '^【(?:字号|字体)[：:]?.*$',
    '^分享到?[：:]?(?:微信|微博|朋友圈|QQ空间|QQ|\\s)+$',
    '^(?:来源|时间|发布时间|发布日期|作者|责任编辑|编辑|浏览次数|点击数|信息来源)[：:]',
    '^扫一扫.*$',
    '^[0-9a-f]{24,}[:：]?$',
    '^(?:false|true|null|undefined)$',
    // A scraper's placeholder ("ABSTRACT NOT FOUND"): capitals only, in a Chinese text.
    '^[A-Z]{2,}(?: [A-Z]{2,}){1,5}$',
    '^\\d{4}年\\d{1,2}月\\d{1,2}日 ?\\d{1,2}[时:]\\d{1,2}分?$',
    '^\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}(:\\d{2})?)?$',
  ].join('|'),
);

// A photo credit after the caption on the same line: "…作政府工作报告。本报记者霍艳恩摄".
const TRAILING_PHOTO_CREDIT = /(?<=[。！？])[^。！？，]{0,20}(?:记者|摄影)[·\u4e00-\u9fff]{2,5}摄$/;

/**
 * Strips a photo credit that ends a paragraph after its caption sentence
 * ("王正谱作政府工作报告。本报记者霍艳恩摄"); judged on the simplified fold.
 */
export function stripPhotoCredit(paragraph: string): string {
  // The credit is at most 29 characters and its sentence mark: only the tail is
  // folded (the fold keeps lengths), not a paragraph that may be a whole book.
  const from = Math.max(0, paragraph.length - 64);
  const m = TRAILING_PHOTO_CREDIT.exec(foldToSimplified(paragraph.slice(from)));
  return m ? paragraph.slice(0, from + m.index) : paragraph;
}

const CHROME_LABEL_ALONE = /^(?:来源|时间|发布时间|发布日期|作者|责任编辑|编辑|信息来源)[：:]$/;

const PHOTO_CREDIT = /^[^。！？]{0,40}(?:记者|摄影|图片来源)[ \u3000：:]*[\u4e00-\u9fff·]{2,5}(?:摄)?$/;

/**
 * True for a line of web-page chrome: buttons, font-size widgets, bylines of
 * the page, photo credits. Judged on the simplified fold, so a traditional copy's
 * 下載 / 打印 / 【字號：大 中 小】 are chrome too.
 */
export function isChromeLine(line: string): boolean {
  // Every pattern is decided by the line's first characters, or needs the whole
  // line to be ASCII (which the fold leaves alone): only a head is folded.
  const t = line.trim();
  const s = t.length <= 200 ? foldToSimplified(t) : foldToSimplified(t.slice(0, 64)) + t.slice(64);
  return CHROME_LINE.test(s) || (s.length <= 60 && PHOTO_CREDIT.test(s));
}

// A related-links block ends a web page; near the top such a line is content.
const RELATED_LINKS = /^(?:相关报道|相关链接|相关附件|相关阅读|相关新闻|延伸阅读|相关文章)[：:>》]*/;
// A license notice (Wikisource) is never content, wherever it starts.
const LICENSE_NOTICE = /^(?:本作品(?:是|在|来自|收录|依据)|这部作品在|(?:本文|本条目)来自|Public domain$|公有领域$)/i;

/** Cuts the text at a footer: related-links blocks and license notices run to the end of a page. */
export function cutFooter(paragraphs: string[]): string[] {
  const half = Math.floor(paragraphs.length * 0.5);
  for (let i = 1; i < paragraphs.length; i++) {
    const p = paragraphs[i].trim();
    if (LICENSE_NOTICE.test(p) || (i >= half && RELATED_LINKS.test(p))) return paragraphs.slice(0, i);
  }
  return paragraphs;
}

// "央视网消息（新闻联播）：" needs its colon ("据…消息，" is a sentence); "新华社北京3月5日电" stands alone.
const NEWS_DATELINE = /^(?:[\u4e00-\u9fff]{1,10}消息\s*(?:[（(][^）)]{1,20}[）)])?\s*[：:]|新华社[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电\s*(?:[（(][^）)]{1,20}[）)])?\s*[：:]?)\s*/;

/** Strips a news agency dateline ("央视网消息（新闻联播）：") from the start of a paragraph, or the paragraph if that is all it is. */
export function stripDateline(paragraph: string): string {
  const m = NEWS_DATELINE.exec(paragraph);
  if (!m) return paragraph;
  // A dateline on a line of its own goes entirely (the empty paragraph is dropped).
  return paragraph.slice(m[0].length).trim();
}

const CN_DIGITS: Record<string, number> = { '〇': 0, '零': 0, '○': 0, 'Ｏ': 0, O: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function chineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 4 && [...s].every((c) => c in CN_DIGITS)) return Number([...s].map((c) => CN_DIGITS[c]).join(''));
  // 十, 十二, 二十, 二十七, 三十一
  const m = /^([一二三]?)(十?)([一二三四五六七八九]?)$/.exec(s);
  if (!m || (!m[1] && !m[2] && !m[3])) return null;
  const tens = m[2] ? (m[1] ? CN_DIGITS[m[1]] : 1) : 0;
  if (!m[2] && m[1]) return CN_DIGITS[m[1]];
  return tens * 10 + (m[3] ? CN_DIGITS[m[3]] : 0);
}

function iso(y: number, m?: number | null, d?: number | null): string | null {
  if (y < 1900 || y > 2100) return null;
  if (!m) return String(y);
  if (m < 1 || m > 12) return String(y);
  const mm = String(m).padStart(2, '0');
  if (!d || d < 1 || d > 31) return `${y}-${mm}`;
  return `${y}-${mm}-${String(d).padStart(2, '0')}`;
}

const NUM = '[0-9〇零○Ｏ一二三四五六七八九十]';
const DATE_CN = new RegExp(`(${NUM}{4})年(?:(${NUM}{1,2})月(?:(${NUM}{1,3})日)?)?`);

/** Parses "2024年3月5日", "二〇二六年一月二十七日", "2026-02-10", "20220715" or a bare year into ISO form. */
export function parseDate(s: string | number | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const t = String(s).trim();
  let m = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?/.exec(t);
  if (m) return iso(+m[1], +m[2], m[3] ? +m[3] : null);
  m = /(?:^|[^\d])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[^\d]|$)/.exec(t);
  if (m) return iso(+m[1], +m[2], +m[3]);
  m = DATE_CN.exec(t);
  if (m) {
    const y = chineseNumber(m[1]);
    if (y !== null) return iso(y, m[2] ? chineseNumber(m[2]) : null, m[3] ? chineseNumber(m[3]) : null);
  }
  m = /^((?:19|20)\d{2})$/.exec(t);
  if (m) return iso(+m[1]);
  return null;
}

const DATE_RE = `${NUM}{4}年${NUM}{1,2}月${NUM}{1,3}日`;
// A line that dates the document, not a sentence that mentions a date:
// "——2024年3月5日在第十四届全国人民代表大会第二次会议上", "（2017年10月18日）",
// "2026年2月3日在四川省第十四届人民代表大会第五次会议上".
const DATELINE = new RegExp(`^(?:(?:——|—|--)\\s*(${DATE_RE})|[（(](${DATE_RE})[^）)]{0,60}[）)]$|(${DATE_RE})在.{2,60}上$)`);

/**
 * The date a document was delivered or published: a dateline near the top
 * (when it agrees with the year the metadata or title give), else a full date
 * from the metadata or the title ("《新闻联播》（20220715）"), else a year.
 */
export function findDate(meta: string | null | undefined, title: string, paragraphs: string[]): string | null {
  const fromMeta = parseDate(meta ?? null);
  const fromTitle = parseDate(title);
  const year = (fromMeta ?? fromTitle)?.slice(0, 4);
  for (const p of paragraphs.slice(0, 12)) {
    if (p.length > 100) continue;
    const m = DATELINE.exec(p);
    const d = m ? parseDate(m[1] ?? m[2] ?? m[3]) : null;
    if (d && d.length === 10 && (!year || d.startsWith(year))) return d;
  }
  for (const d of [fromMeta, fromTitle]) if (d && d.length === 10) return d;
  return fromMeta ?? fromTitle;
}

/** The year a file name starts with ("2019政府工作报告_李克强", "1954-report"), or null. */
export function yearOfFileName(stem: string): string | null {
  const m = /^((?:19|20)\d{2})(?!\d)/.exec(stem);
  return m ? m[1] : null;
}

/**
 * The year of an undated document that names its NPC session or Party congress,
 * in its title or opening paragraphs (第十三届全国人民代表大会第二次会议关于…的决议 →
 * 2019, 全面开创社会主义现代化建设的新局面 (十二大) → 1982): see calendar.ts. Used
 * only when neither the text nor the metadata give a date.
 */
export function dateFromSession(title: string, paragraphs: string[]): string | null {
  const year = sessionYear(title) ?? sessionYear(paragraphs.slice(0, 3).join('\n'));
  return year === null ? null : String(year);
}

// ---------------------------------------------------------------------------
// Titles, repeats, summaries

function comparable(s: string): string {
  return foldToSimplified(s).replace(/[\s\u3000#*《》“”"「」『』·:：,，。.]/g, '');
}

/**
 * Drops paragraphs that repeat the title, paragraphs identical to the one
 * before, and truncated excerpts: a paragraph whose text (without its final
 * mark) is the start of one of the next few paragraphs.
 */
export function dropRepeats(
  paragraphs: string[],
  title: string,
  onDrop?: (rule: 'repeated title' | 'repeated paragraphs' | 'truncated excerpts', paragraph: string) => void,
): string[] {
  const t = comparable(title);
  const out: string[] = [];
  let lastComparable = '';
  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i];
    // Only short paragraphs can repeat a title; long ones are compared cheaply.
    const c = p.length <= 200 ? comparable(p) : p;
    if (c === '') continue;
    // The title, or the title set in the text shortened or split over lines ("政府工作报告"), before the body starts.
    if ((t && c === t) || (out.length < 3 && t && c.length >= 4 && t.includes(c) && p.length <= 40)) {
      onDrop?.('repeated title', p);
      continue;
    }
    if (out.length && lastComparable === c) {
      onDrop?.('repeated paragraphs', p);
      continue;
    }
    const stem = p.replace(/[。….…!！?？]+$/, '');
    if (stem.length >= 10 && stem.length < p.length + 1) {
      let excerpt = false;
      for (let j = i + 1; j < Math.min(paragraphs.length, i + 6); j++) {
        if (paragraphs[j].length > stem.length && paragraphs[j].startsWith(stem)) {
          excerpt = true;
          break;
        }
      }
      if (excerpt) {
        onDrop?.('truncated excerpts', p);
        continue;
      }
    }
    out.push(p);
    lastComparable = c;
  }
  return out;
}

/**
 * Whether a paragraph can be a document's title line: short, no sentence
 * punctuation, and neither a section heading (一、2018年工作回顾), web-page
 * chrome (下載), a dateline ((2017年10月18日)) nor a salutation (同志们：).
 */
export function isTitleLine(paragraph: string): boolean {
  return (
    paragraph.length >= 2 &&
    paragraph.length <= 80 &&
    !/[。！？；：]/.test(paragraph) &&
    !HEADING_START.test(paragraph) &&
    !isChromeLine(paragraph) &&
    !isDateLine(paragraph)
  );
}

/** A line that is a date and nothing else, or a dateline: "（2017年10月18日）", "2026-01-27", "——2024年3月5日在…上". */
export function isDateLine(line: string): boolean {
  const s = line.trim();
  return DATELINE.test(s) || new RegExp(`^[（(]?\\s*${DATE_RE}\\s*[）)]?$`).test(s) || /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(s);
}

/** A file name as a title: its stem, with underscores as spaces (1954政府工作报告_周恩来). */
export function titleFromFileName(stem: string): string {
  return stem.replace(/[_]+/g, ' ').trim();
}

/**
 * A document's title: from the metadata; else the first paragraph if it is a
 * title line (see isTitleLine). Otherwise a plain-text file takes its file
 * name, and a record (a row of a table without a title column) the opening
 * words of its text. Never a heading: the first heading stays a section.
 */
export function pickTitle(
  metaTitle: string | undefined,
  paragraphs: string[],
  fallback: string,
  options: { fromFileName?: boolean } = {},
): { title: string; fromText: boolean } {
  if (metaTitle && metaTitle.trim()) return { title: collapseSpaces(metaTitle.trim()), fromText: false };
  const first = paragraphs[0];
  if (first && isTitleLine(first)) return { title: first, fromText: true };
  if (options.fromFileName) return { title: titleFromFileName(fallback), fromText: false };
  // No title line: the opening words of the text, the first clause long enough
  // to say something (past salutations such as 同志们：, 主席先生，各位同事：).
  for (const p of paragraphs.slice(0, 3)) {
    if (HEADING_START.test(p) || isChromeLine(p)) continue;
    const clause = p.split(/[，。！？；：]/).find((c) => c.length >= 6);
    if (clause) return { title: clause.length > 40 ? truncateUtf16(clause, 40) + '…' : clause, fromText: false };
  }
  return { title: titleFromFileName(fallback), fromText: false };
}

// ---------------------------------------------------------------------------
// Markdown

/**
 * An ATX heading ("## 标题 ##") as its depth and text, or null. Parsed by hand:
 * the regex /^(#{1,6})\s+(.*?)\s*#*\s*$/ backtracks in cubic time on a
 * heading with a long run of (ideographic) spaces inside it.
 */
export function markdownHeading(line: string): { depth: number; text: string } | null {
  let depth = 0;
  while (depth < line.length && line[depth] === '#') depth++;
  if (depth < 1 || depth > 6 || depth >= line.length || !/\s/.test(line[depth])) return null;
  // The heading runs to the end of the line (as `.` would: a line separator ends it unmatched).
  const rest = line.slice(depth);
  if (/[\n\r\u2028\u2029]/.test(rest)) return null;
  // Closing sequence: trailing spaces, then #s, then spaces.
  let end = rest.trimEnd().length;
  while (end > 0 && rest[end - 1] === '#') end--;
  return { depth, text: rest.slice(0, end).trim() };
}

/** Markdown inline syntax → text: emphasis, links (text kept), images and HTML tags dropped. */
export function markdownInline(line: string): string {
  return line
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1$2');
}

/** True for a paragraph that was nothing but a link ("[查看原文](url)"): page navigation, not text. */
export function isLinkOnly(rawLine: string): boolean {
  return /^\s*(?:\[[^\]]*\]\([^)]*\)\s*)+$/.test(rawLine);
}

interface RawBlock {
  heading: number; // 0 for paragraphs, else Markdown depth
  text: string;
}

/**
 * Drops a Markdown section whose lines mostly repeat the headings that follow it
 * (a news programme's summary, a table of contents): it would count every
 * title twice.
 */
export function dropSummarySections(blocks: RawBlock[]): RawBlock[] {
  const out: RawBlock[] = [];
  const headingText = blocks.map((x) => (x.heading > 0 ? comparable(x.text) : ''));
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (b.heading === 0) {
      out.push(b);
      continue;
    }
    let end = i + 1;
    while (end < blocks.length && !(blocks[end].heading && blocks[end].heading <= b.heading)) end++;
    const body = blocks.slice(i + 1, end).filter((x) => x.heading === 0);
    const later: string[] = [];
    for (let k = end; k < blocks.length; k++) if (blocks[k].heading > 0) later.push(headingText[k]);
    if (body.length >= 3 && later.length >= 2) {
      const repeats = (text: string) => {
        const stem = comparable(text.replace(/^\d{1,2}[.．、]|^[（(]\d{1,2}[）)]/, '')).replace(/[；;。]$/, '').slice(0, 12);
        return stem.length >= 4 && later.some((h) => h.startsWith(stem) || (stem.length >= 6 && h.includes(stem)));
      };
      const items = body.filter((x) => x.text.length >= 4);
      const repeated = items.filter((x) => repeats(x.text)).length;
      // A numbered list (1. 2. 3. …) is judged on its top-level items: sub-items
      // (（1）（2）) of a news roundup may have no heading of their own.
      const topLevel = items.filter((x) => /^\d{1,2}[.．、]/.test(x.text));
      const topRepeated = topLevel.filter((x) => repeats(x.text)).length;
      if (
        (items.length && repeated / items.length >= 0.4 && repeated >= 2) ||
        (topLevel.length >= 3 && topRepeated / topLevel.length >= 0.4 && topRepeated >= 2)
      ) {
        i = end - 1; // skip the heading and its body
        continue;
      }
    }
    out.push(b);
  }
  return out;
}

function markdownBlocks(text: string, report?: CleanReport): { title: string | null; blocks: RawBlock[] } {
  const lines = text.split('\n');
  const blocks: RawBlock[] = [];
  let title: string | null = null;
  let para: string[] = [];
  const flush = () => {
    if (para.length) {
      for (const p of joinBrokenLines(para.join('\n'))) blocks.push({ heading: 0, text: p });
      para = [];
    }
  };
  for (const raw of lines) {
    const h = markdownHeading(raw);
    if (h) {
      flush();
      const t = markdownInline(h.text).trim();
      if (h.depth === 1 && title === null && blocks.length === 0) title = t;
      else if (t) blocks.push({ heading: h.depth, text: t });
      continue;
    }
    if (/^\s*(?:[-*_]\s*){3,}$/.test(raw) || /^\s*```/.test(raw)) {
      flush();
      continue;
    }
    if (isLinkOnly(raw)) {
      noteRemoval(report, 'link lines', raw.trim());
      flush();
      continue;
    }
    if (raw.trim() === '') {
      para.push('');
      continue;
    }
    para.push(markdownInline(raw.replace(/^\s*>\s?/, '').replace(/^\s*[-*+]\s+/, '')));
  }
  flush();
  return { title, blocks };
}

// ---------------------------------------------------------------------------
// The stage

/** Cleans one paragraph's characters: punctuation, digits, spaces, quotes. */
export function cleanLine(line: string): string {
  return collapseSpaces(curlyQuotes(fullWidthPeriods(fullWidthPunctuation(asciiAlphanumerics(line)))));
}

/**
 * Cleans a Markdown heading. A headline separates its phrases with spaces
 * ("习近平在新疆考察时强调 完整准确贯彻…"): they are kept, one each, where
 * running text would lose them.
 */
export function cleanHeadingLine(line: string): string {
  return curlyQuotes(fullWidthPunctuation(asciiAlphanumerics(line)))
    .replace(/[ \t\u3000]+/g, ' ')
    .trim();
}

/**
 * The stage. With a `report`, what each rule removed is counted into it
 * (npm run audit); the result is the same either way.
 */
export function clean(doc: SourceDocument, report?: CleanReport): CleanDocument {
  const fileStem = doc.source.replace(/^.*[\\/]/, '').replace(/#\d+$/, '').replace(/\.[^.]+$/, '');
  let text = normalizeWhitespace(doc.text);
  text = stripPinyinAnnotations(text, report && ((a) => noteRemoval(report, 'pinyin annotations', a)));

  let mdTitle: string | null = null;
  let raw: RawBlock[];
  if (doc.format === 'md') {
    const md = markdownBlocks(text, report);
    mdTitle = md.title;
    raw = dropSummarySections(md.blocks);
    if (report) {
      // One item per section dropped (its heading), with the characters of all its lines.
      const kept = new Set(raw);
      const dropped = md.blocks.filter((x) => !kept.has(x));
      if (dropped.length) {
        report['summary sections'] = {
          items: dropped.filter((x) => x.heading > 0).length,
          chars: dropped.reduce((n, x) => n + x.text.length, 0),
        };
      }
    }
  } else {
    raw = joinBrokenLines(unflattenParagraphs(text)).map((t) => ({ heading: 0, text: t }));
  }

  // Chrome and footers are recognised on the raw lines, before punctuation changes them.
  // A page label alone on its line ("来源：", "责任编辑：") takes its value, on the next line, with it.
  raw = raw.filter((b, i) => {
    if (b.heading > 0) return true;
    if (isChromeLine(b.text)) {
      noteRemoval(report, 'web chrome', b.text);
      return false;
    }
    const prev = raw[i - 1];
    const labelValue = prev && prev.heading === 0 && prev.text.trim().length <= 8 && CHROME_LABEL_ALONE.test(foldToSimplified(prev.text.trim())) && b.text.trim().length <= 12;
    if (labelValue) noteRemoval(report, 'page label values', b.text);
    return !labelValue;
  });
  const kept = cutFooter(raw.map((b) => b.text));
  for (const b of raw.slice(kept.length)) noteRemoval(report, 'footer', b.text);
  raw = raw.slice(0, kept.length);

  const cleaned = raw
    .map((b) => {
      if (b.heading) return { heading: b.heading, text: cleanHeadingLine(b.text) };
      const line = cleanLine(b.text);
      const undated = stripDateline(line);
      if (undated.length < line.length) noteRemoval(report, 'news datelines', line.slice(0, line.length - undated.length));
      const text = stripPhotoCredit(undated);
      if (text.length < undated.length) noteRemoval(report, 'photo credits', undated.slice(text.length));
      return { heading: 0, text };
    })
    .filter((b) => b.text !== '');

  const paragraphTexts = cleaned.filter((b) => b.heading === 0).map((b) => b.text);
  const { title, fromText } = pickTitle(doc.meta.title ?? mdTitle ?? undefined, paragraphTexts, fileStem, {
    fromFileName: doc.format === 'txt' || doc.format === 'md',
  });
  const date = findDate(doc.meta.date, title, paragraphTexts) ?? parseDate(fileStem) ?? dateFromSession(title, paragraphTexts) ?? yearOfFileName(fileStem);

  // Repeats are judged among paragraphs; headings are kept in place.
  const blocks: Block[] = [];
  let run: string[] = [];
  const flushRun = () => {
    for (const p of dropRepeats(run, title, report && ((rule, dropped) => noteRemoval(report, rule, dropped)))) blocks.push({ type: 'paragraph', text: p });
    run = [];
  };
  for (const b of cleaned) {
    if (b.heading) {
      flushRun();
      blocks.push({ type: 'heading', text: b.text, level: b.heading });
    } else run.push(b.text);
  }
  flushRun();
  // A title taken from the text is not also a paragraph (dropRepeats removed it).
  void fromText;

  return {
    sourceKey: doc.sourceKey,
    source: doc.source,
    format: doc.format,
    url: doc.meta.url ?? null,
    title,
    date,
    blocks,
  };
}
