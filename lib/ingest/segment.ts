/**
 * Stage 4, segment: cleaned blocks → section tree, paragraphs and sentences.
 *
 * Headings are numbered lines (一、 / 第一部分, （一）, 1. / 1、, （1）), bare
 * numerals on their own line, Markdown headings, and — only in documents that
 * number no top-level headings — short unnumbered lines standing between
 * paragraphs. A numbered heading run into the end of the previous paragraph
 * ("…氛围。二、深化…") starts its section when it continues the numbering; a
 * paragraph that opens with a numbered sentence ("（一）强化理论武装，筑牢思想根基。坚持…")
 * gives that section its title.
 */
import type { Block, CleanDocument, SectionNode, SegmentedDocument, SentenceNode } from './types';

const CN_NUM = '[一二三四五六七八九十]+';

interface HeadingPattern {
  /** Lower ranks are higher in the outline. Markdown headings rank 1-6. */
  rank: number;
  re: RegExp;
}

// Each pattern captures the label (numbering) and the rest.
const PATTERNS: HeadingPattern[] = [
  { rank: 10, re: new RegExp(`^(第${CN_NUM}(?:部分|章|编|篇))[　 ：:、]?(.*)$`) },
  { rank: 11, re: new RegExp(`^(${CN_NUM}、)\\s*(.*)$`) },
  { rank: 11, re: new RegExp(`^(${CN_NUM})$`) },
  { rank: 12, re: new RegExp(`^(（${CN_NUM}）)\\s*(.*)$`) },
  { rank: 13, re: /^(\d{1,2}[.．、])(?!\d)\s*(.*)$/ },
  { rank: 14, re: /^(（\d{1,2}）)\s*(.*)$/ },
];

const UNNUMBERED_RANK = 11;
/** The rank of parts (第一部分) and of back matter (附件, 名词解释). */
const PART_RANK = 10;

/**
 * Back matter of an official document, on a line of its own: appendices
 * (附件1, 附录), and notes or glossaries (名词解释, 注释).
 */
const BACK_MATTER = /^((?:附件|附录|附表)\s*[0-9一二三四五六七八九十]*|名词解释|注释|注解|附注)[：:]?$/;

/** A short line without sentence punctuation: a title. */
function isTitleLine(text: string): boolean {
  return text.length >= 2 && text.length <= 40 && !/[。！？；，,.;!?]/.test(text) && !/^(?:附件|附录|附表)/.test(text);
}
/** Numbered headings rank below Markdown headings (ranks 1-6) in the same document. */
const NUMBERED = 100;

const CN_VALUES: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** The value of a label's numeral: "三、" → 3, "（十二）" → 12, "4." → 4. */
export function labelNumber(label: string): number | null {
  const digits = /\d+/.exec(label);
  if (digits) return Number(digits[0]);
  const m = /[一二三四五六七八九十]+/.exec(label);
  if (!m) return null;
  const s = m[0];
  if (s === '十') return 10;
  if (s.startsWith('十')) return 10 + (CN_VALUES[s[1]] ?? 0);
  if (s.length === 3 && s[1] === '十') return CN_VALUES[s[0]] * 10 + CN_VALUES[s[2]];
  if (s.length === 2 && s[1] === '十') return CN_VALUES[s[0]] * 10;
  return CN_VALUES[s] ?? null;
}

export interface HeadingMatch {
  rank: number;
  label: string;
  /** The heading's title: the whole rest for a heading line, the first sentence for a run-in heading. */
  title: string;
  /** True when the heading is a line of its own; false when its paragraph goes on after the title. */
  standalone: boolean;
}

/** Is this paragraph a heading, or does it open with one? */
export function matchHeading(paragraph: string): HeadingMatch | null {
  for (const p of PATTERNS) {
    const m = p.re.exec(paragraph);
    if (!m) continue;
    const label = m[1];
    const rest = (m[2] ?? '').trim();
    // A heading line is short and has no sentence inside; a run-in heading is
    // the first sentence of a longer paragraph.
    const firstEnd = rest.search(/[。！？]/);
    if (firstEnd === -1 || firstEnd === rest.length - 1) {
      if (rest.length > 60) return null; // a long numbered paragraph, not a heading
      return { rank: p.rank, label, title: rest.replace(/[。！？]$/, ''), standalone: true };
    }
    if (firstEnd > 50) return null;
    return { rank: p.rank, label, title: rest.slice(0, firstEnd), standalone: false };
  }
  return null;
}

/**
 * Splits a paragraph where a top- or second-level heading was run into its end
 * ("…氛围。二、深化作风建设…"), but only where the numeral continues the
 * numbering in force (`expected` maps a rank to the next number expected).
 */
export function splitRunInHeadings(paragraph: string, expected: (rank: number) => number | null): string[] {
  const parts: string[] = [];
  let rest = paragraph;
  const re = new RegExp(`[。！？](${CN_NUM}、|（${CN_NUM}）)`, 'g');
  // The numbering continues inside one paragraph when it has several run-in headings.
  const seen = new Map<number, number>();
  for (;;) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let cut = -1;
    while ((m = re.exec(rest))) {
      const label = m[1];
      const rank = label.endsWith('、') ? 11 : 12;
      const want = seen.has(rank) ? seen.get(rank)! + 1 : expected(rank);
      if (want !== null && labelNumber(label) === want) {
        cut = m.index + 1;
        seen.set(rank, want);
        if (rank === 11) seen.delete(12);
        break;
      }
    }
    if (cut <= 0) break;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts;
}

const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '》', '】']);

// Opening mark → closing mark, by char code: “” 「」 『』 ‘’ 《》.
const OPEN_CLOSE = new Map<number, number>([
  [0x201c, 0x201d],
  [0x300c, 0x300d],
  [0x300e, 0x300f],
  [0x2018, 0x2019],
  [0x300a, 0x300b],
]);
const CLOSING = new Set(OPEN_CLOSE.values());

/** Pairs of matched quotation marks (and 《》) in a text, as [open, close] indices, by opening position. */
export function quotePairs(text: string): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x2018) continue;
    if (OPEN_CLOSE.has(c)) {
      stack.push(i);
    } else if (CLOSING.has(c)) {
      // Match the nearest opener of the right kind; openers above it were never closed.
      for (let k = stack.length - 1; k >= 0; k--) {
        if (OPEN_CLOSE.get(text.charCodeAt(stack[k])) === c) {
          pairs.push([stack[k], i]);
          stack.length = k;
          break;
        }
      }
    }
  }
  if (pairs.length > 1) pairs.sort((a, b) => a[0] - b[0]);
  return pairs;
}

/**
 * Splits a paragraph into sentences at 。！？；and …… (closing quotes and
 * brackets stay with their sentence), never inside a matched quotation.
 */
export function splitSentences(paragraph: string): string[] {
  const inside = new Uint8Array(paragraph.length + 1);
  for (const [a, b] of quotePairs(paragraph)) {
    for (let i = a + 1; i < b; i++) inside[i] = 1;
  }
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < paragraph.length; i++) {
    const c = paragraph[i];
    let end = -1;
    if ((c === '。' || c === '！' || c === '？' || c === '；') && !inside[i]) end = i + 1;
    else if (c === '…' && paragraph[i + 1] === '…' && !inside[i]) end = i + 2;
    if (end === -1) continue;
    while (end < paragraph.length && (CLOSERS.has(paragraph[end]) || paragraph[end] === '！' || paragraph[end] === '？')) end++;
    const s = paragraph.slice(start, end).trim();
    if (s) out.push(s);
    start = end;
    i = end - 1;
  }
  const tail = paragraph.slice(start).trim();
  if (tail) out.push(tail);
  return out;
}

/** A short line without sentence punctuation between paragraphs: an unnumbered heading. */
function looksLikeUnnumberedHeading(text: string, next: Block | undefined): boolean {
  return (
    text.length >= 4 &&
    text.length <= 30 &&
    !/[，。；！？：、,.;:!?]/.test(text) &&
    next?.type === 'paragraph' &&
    next.text.length >= 60
  );
}

/**
 * Drops an unnumbered heading that wraps the whole outline and says nothing of
 * its own (a transcript's "## 详细新闻" above every story): it would prefix
 * every section path. Its children move up a level; empty unnumbered headings
 * beside it go too.
 */
export function unwrapLoneContainer(
  sections: SectionNode[],
  sentences: SentenceNode[],
): { sections: SectionNode[]; sentences: SentenceNode[] } {
  const hasText = (i: number) => sentences.some((x) => x.section === i && !x.heading);
  const hasChildren = (i: number) => sections.some((s) => s.parent === i);
  // Empty unnumbered headings beside it (a summary heading whose body was dropped) do not count.
  const roots = sections.filter((s) => s.parent === null && (s.label !== '' || hasText(s.index) || hasChildren(s.index)));
  if (roots.length !== 1 || roots[0].label !== '') return { sections, sentences };
  const root = roots[0];
  const children = sections.filter((s) => s.parent === root.index);
  if (children.length < 2 || hasText(root.index)) return { sections, sentences };
  // Remove the wrapper and the empty headings; renumber the rest (pre-order is kept).
  const removed = new Set(sections.filter((s) => s.parent === null).map((s) => s.index));
  const newIndex = new Map<number, number>();
  for (const s of sections) if (!removed.has(s.index)) newIndex.set(s.index, newIndex.size);
  const map = (i: number | null) => (i === null ? null : newIndex.get(i) ?? null);
  const kept = sections
    .filter((s) => !removed.has(s.index))
    .map((s) => ({ ...s, index: map(s.index)!, parent: map(s.parent), depth: s.depth - 1, path: s.path.slice(1) }));
  return { sections: kept, sentences: sentences.map((x) => ({ ...x, section: map(x.section) })) };
}

export function segment(doc: CleanDocument): SegmentedDocument {
  const sections: SectionNode[] = [];
  const sentences: SentenceNode[] = [];
  // Open sections, outermost first, with their ranks.
  const stack: Array<{ index: number; rank: number }> = [];
  const lastNumber = new Map<number, number>();

  const numbersTopLevel = doc.blocks.some((b) => b.type === 'paragraph' && /^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+(?:部分|章))/.test(b.text));
  let seenBody = false;

  const openSection = (rank: number, label: string, title: string): number => {
    while (stack.length && stack[stack.length - 1].rank >= rank) stack.pop();
    const parent = stack.length ? stack[stack.length - 1].index : null;
    const index = sections.length;
    const name = (label + title).trim();
    sections.push({
      index,
      parent,
      depth: stack.length + 1,
      label,
      title,
      path: [...(parent === null ? [] : sections[parent].path), name],
    });
    stack.push({ index, rank });
    const n = labelNumber(label);
    if (n !== null && label) lastNumber.set(rank, n);
    // A new section restarts the numbering below it.
    for (const r of [...lastNumber.keys()]) if (r > rank) lastNumber.delete(r);
    return index;
  };
  const current = () => (stack.length ? stack[stack.length - 1].index : null);
  const expected = (rank: number) => {
    const last = lastNumber.get(rank + NUMBERED);
    return last === undefined ? null : last + 1;
  };

  let paragraph = 0;
  /** A back-matter section waiting for its title line. */
  let untitled: number | null = null;
  const pushParagraph = (text: string, heading: boolean, headingSentences = 0) => {
    const parts = splitSentences(text);
    parts.forEach((s, i) => sentences.push({ text: s, paragraph, section: current(), heading: heading || i < headingSentences }));
    paragraph++;
  };

  doc.blocks.forEach((block, bi) => {
    if (block.type === 'heading') {
      const m = matchHeading(block.text);
      const label = m && m.standalone ? m.label : '';
      const title = m && m.standalone ? m.title : block.text;
      openSection(block.level, label, title);
      pushParagraph(block.text, true);
      return;
    }
    for (const part of splitRunInHeadings(block.text, expected)) {
      // The title line under a back-matter heading ("附件1" / "2026年省十件民生实事").
      if (untitled !== null && isTitleLine(part)) {
        const s = sections[untitled];
        s.title = part;
        s.path[s.path.length - 1] = s.label + part;
        untitled = null;
        pushParagraph(part, true);
        continue;
      }
      untitled = null;
      const back = BACK_MATTER.exec(part);
      if (back) {
        // Appendices and notes after the body: a part of their own, above any
        // numbering they restart (附件1 › 一、…, 附件2 › 名词解释 › 1.…).
        const isAppendix = /^附/.test(back[1]);
        // An appendix label ends in its number: a space keeps it apart from the title (附件1 2026年…).
        const index = openSection(PART_RANK + NUMBERED, isAppendix ? back[1].replace(/\s+/g, '') + ' ' : '', isAppendix ? '' : back[1]);
        if (isAppendix) untitled = index;
        pushParagraph(part, true);
        continue;
      }
      const m = matchHeading(part);
      if (m) {
        openSection(m.rank + NUMBERED, m.label, m.title);
        pushParagraph(part, m.standalone, m.standalone ? 0 : 1);
        seenBody = true;
        continue;
      }
      if (!numbersTopLevel && seenBody && looksLikeUnnumberedHeading(part, doc.blocks[bi + 1])) {
        openSection(UNNUMBERED_RANK + NUMBERED, '', part);
        pushParagraph(part, true);
        continue;
      }
      if (part.length >= 60) seenBody = true;
      pushParagraph(part, false);
    }
  });

  const { blocks: _blocks, ...rest } = doc;
  void _blocks;
  return { ...rest, ...unwrapLoneContainer(sections, sentences) };
}
