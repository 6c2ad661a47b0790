/**
 * What ingestion would make of documents, without storing them (npm run audit):
 * the same pure stages up to extract, and per document its title, date,
 * collection, outline, quotation accounting, what cleaning removed by rule and
 * what looks left over; across documents, likely duplicates. Pure functions of
 * the source documents; scripts/audit.ts does the I/O.
 */
import { fingerprint } from '../dedupe/fingerprint';
import { COMMON_CLAUSE_DOCUMENTS, DUPLICATE_THRESHOLD } from '../dedupe/detect';
import { pinyinPro } from '../text/pinyin';
import { clean, isChromeLine, plainSyllable, type CleanReport, type CleanRule } from './clean';
import { segment } from './segment';
import { extract, isPhraseText, MAX_PHRASE_LENGTH } from './extract';
import type { ExtractedDocument, SourceDocument } from './types';
import { foldToSimplified } from '../text/script';

export interface QuoteAccount {
  /** Pairs of “…”, 「…」 and 『…』 in the stored sentences, by a plain regular expression. */
  regexPairs: number;
  /** Of those, found as phrases. */
  found: number;
  /** Of those, left out by a stated rule: empty, longer than MAX_PHRASE_LENGTH, or no Chinese (and not a code). */
  excluded: { empty: number; tooLong: number; notChinese: number };
  /** Of those, neither found nor excluded: what extraction missed. */
  missed: number;
  /** Examples of missed spans. */
  missedExamples: string[];
  /** 《…》 titles found. */
  titles: number;
}

export interface Leftovers {
  /** Sentences with something that reads as a "(pinyin)" annotation after a character. */
  annotations: string[];
  /** Sentences that look like web-page chrome. */
  chrome: string[];
}

export interface DocumentAudit {
  source: string;
  collection: string;
  title: string;
  date: string | null;
  sections: { total: number; topLevel: number; depth: number };
  sentences: number;
  characters: number;
  quotes: QuoteAccount;
  /** Distinct phrase keys found in quotation marks. */
  phrases: number;
  removed: CleanReport;
  leftovers: Leftovers;
}

const QUOTE_PAIR = /“([^“”\n]*)”|「([^「」\n]*)」|『([^『』\n]*)』/g;

/**
 * Accounts for every quotation-mark pair a plain regular expression finds in
 * the document's sentences: found as a phrase (a span starting right after
 * that opening mark), or excluded by a stated rule, or missed.
 */
export function accountQuotes(doc: ExtractedDocument): QuoteAccount {
  const spanStarts = new Set<string>();
  let titles = 0;
  for (const s of doc.spans) {
    if (s.kind === 'title') titles++;
    const text = doc.sentences[s.sentence].text;
    let open = s.start - 1;
    while (open > 0 && /\s/.test(text[open])) open--;
    spanStarts.add(`${s.sentence}:${open}`);
  }
  const account: QuoteAccount = { regexPairs: 0, found: 0, excluded: { empty: 0, tooLong: 0, notChinese: 0 }, missed: 0, missedExamples: [], titles };
  doc.sentences.forEach((sentence, si) => {
    for (const m of sentence.text.matchAll(QUOTE_PAIR)) {
      account.regexPairs++;
      const inner = (m[1] ?? m[2] ?? m[3]).trim();
      if (spanStarts.has(`${si}:${m.index}`)) account.found++;
      else if (inner === '') account.excluded.empty++;
      else if (inner.length > MAX_PHRASE_LENGTH) account.excluded.tooLong++;
      else if (!isPhraseText(foldToSimplified(inner).replace(/\s+/g, ''))) account.excluded.notChinese++;
      else {
        account.missed++;
        if (account.missedExamples.length < 5) account.missedExamples.push(m[0]);
      }
    }
  });
  return account;
}

let syllables: Set<string> | null = null;

/** Every toneless pinyin syllable (v for ü), from pinyin-pro's readings of the CJK block. */
export function pinyinSyllables(): Set<string> {
  if (syllables) return syllables;
  const chars: string[] = [];
  for (let c = 0x4e00; c <= 0x9fff; c++) chars.push(String.fromCharCode(c));
  const set = new Set<string>();
  for (const r of pinyinPro().pinyin(chars.join(''), { type: 'array', toneType: 'none', multiple: true })) {
    for (const s of r.split(/\s+/)) if (/^[a-zü]+$/.test(s)) set.add(plainSyllable(s));
  }
  return (syllables = set);
}

// Lower-case letters (a reading, not an abbreviation such as M2), two or more unless tone-marked.
const ANNOTATION_LIKE = /[\u3400-\u9fff][(（]\s?((?:[a-zü:]{2,8}|[a-zü:\u00e0-\u01dc\u0300-\u036f]*[\u00e0-\u01dc\u0300-\u036f][a-zü:\u00e0-\u01dc\u0300-\u036f]*)[1-5]?)\s?[)）]/g;

// Chrome that escaped cleaning: navigation and page widgets opening a line, licence and page counters anywhere.
const CHROME_LIKE = /^(?:上一篇|下一篇|返回顶部|打印本页|关闭窗口|【字号|扫一扫|分享到|责任编辑[：:]|浏览次数|点击数[：:]|版权所有)|ICP备|字号[：:]\s*[大中小]/;

/** Sentences that still look like annotations or web-page chrome after cleaning. */
export function findLeftovers(doc: ExtractedDocument, limit = 5): Leftovers {
  const valid = pinyinSyllables();
  const annotations: string[] = [];
  const chrome: string[] = [];
  for (const s of doc.sentences) {
    for (const m of s.text.matchAll(ANNOTATION_LIKE)) {
      if (valid.has(plainSyllable(m[1]))) {
        annotations.push(s.text.slice(Math.max(0, m.index - 10), m.index + m[0].length + 10));
        break;
      }
    }
    // Headings are titles (a news story's 李强总理会见中外记者并回答提问), judged only by the narrow patterns.
    if (s.text.length <= 80 && ((!s.heading && isChromeLine(s.text)) || CHROME_LIKE.test(foldToSimplified(s.text)))) chrome.push(s.text);
  }
  return { annotations: annotations.slice(0, limit).concat(annotations.length > limit ? [`… ${annotations.length - limit} more`] : []), chrome: chrome.slice(0, limit).concat(chrome.length > limit ? [`… ${chrome.length - limit} more`] : []) };
}

/** Number of leftovers, the "… n more" line counted for what it says. */
export function leftoverCount(list: string[]): number {
  const more = /^… (\d+) more$/.exec(list[list.length - 1] ?? '');
  return more ? list.length - 1 + Number(more[1]) : list.length;
}

/**
 * The collection of a file: the folder it sits in directly under the
 * directory named on the command line (chinese-political-corpora,
 * cctv_news …), or its own folder's name for a file named directly.
 */
export function collectionOf(file: string, input: string, inputIsDirectory: boolean): string {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const f = norm(file);
  const base = norm(input);
  if (inputIsDirectory && f.startsWith(base + '/')) {
    const rest = f.slice(base.length + 1).split('/');
    if (rest.length > 1) return rest[0];
  }
  const parts = (inputIsDirectory ? base : f.split('/').slice(0, -1).join('/')).split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
  return parts[parts.length - 1] ?? '.';
}

export interface AuditedDocument {
  audit: DocumentAudit;
  doc: ExtractedDocument;
}

/** One source document through clean → segment → extract, with its audit. */
export function auditDocument(src: SourceDocument, collection: string): AuditedDocument {
  const removed: CleanReport = {};
  const doc = extract(segment(clean(src, removed)));
  let depth = 0;
  for (const s of doc.sections) depth = Math.max(depth, s.depth);
  let characters = 0;
  for (const s of doc.sentences) characters += s.text.length;
  return {
    doc,
    audit: {
      source: src.source,
      collection,
      title: doc.title,
      date: doc.date,
      sections: { total: doc.sections.length, topLevel: doc.sections.filter((s) => s.parent === null).length, depth },
      sentences: doc.sentences.length,
      characters,
      quotes: accountQuotes(doc),
      phrases: new Set(doc.spans.map((s) => s.key)).size,
      removed,
      leftovers: findLeftovers(doc),
    },
  };
}

// ---------------------------------------------------------------------------
// Likely duplicates: documents that share most of their sentences.

/**
 * The fingerprint ingest compares documents on (lib/dedupe): normalised clause
 * hashes, so the audit's likely duplicates are the copies ingest will file
 * under a kept document.
 */
export function sentenceHashes(doc: ExtractedDocument): Set<number> {
  return new Set(fingerprint(doc.sentences.map((s) => s.text)));
}

/** A clause found in more documents than this is boilerplate, not evidence (as at ingest). */
const MAX_POSTINGS = COMMON_CLAUSE_DOCUMENTS;

export interface DuplicatePair {
  a: string;
  b: string;
  /** Sentences shared, and the share of the smaller document's sentences that is. */
  shared: number;
  share: number;
}

/**
 * Pairs of documents of which one repeats most of the other: at least
 * `threshold` of the smaller one's clauses are in the larger one, the same
 * test as at ingest (DUPLICATE_THRESHOLD, 90%): two copies of one work report
 * from different sources share 93–100% of their clauses. News paragraphs
 * re-aired on another day are a small share of a day and do not make two days
 * duplicates.
 */
export class DuplicateFinder {
  private readonly hashes: Array<Set<number>> = [];
  private readonly names: string[] = [];
  private readonly postings = new Map<number, number[]>();

  add(name: string, doc: ExtractedDocument): void {
    const id = this.names.length;
    const h = sentenceHashes(doc);
    this.names.push(name);
    this.hashes.push(h);
    for (const x of h) {
      const list = this.postings.get(x);
      if (list) {
        if (list.length <= MAX_POSTINGS) list.push(id);
      } else this.postings.set(x, [id]);
    }
  }

  pairs(threshold = DUPLICATE_THRESHOLD): DuplicatePair[] {
    const shared = new Map<number, number>();
    const n = this.names.length;
    for (const list of this.postings.values()) {
      if (list.length < 2 || list.length > MAX_POSTINGS) continue;
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) {
        const key = list[i] * n + list[j];
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
    const out: DuplicatePair[] = [];
    for (const [key, count] of shared) {
      const a = Math.floor(key / n);
      const b = key % n;
      const smaller = Math.min(this.hashes[a].size, this.hashes[b].size);
      if (smaller === 0) continue;
      const share = count / smaller;
      if (share >= threshold) out.push({ a: this.names[a], b: this.names[b], shared: count, share: Math.round(share * 1000) / 1000 });
    }
    return out.sort((x, y) => y.share - x.share || (x.a < y.a ? -1 : 1));
  }
}

// ---------------------------------------------------------------------------
// Summary

export interface AuditSummary {
  files: number;
  documents: number;
  failed: Array<{ where: string; message: string }>;
  skipped: Array<{ where: string; message: string }>;
  byCollection: Record<string, number>;
  undated: Array<{ source: string; title: string }>;
  quotes: Omit<QuoteAccount, 'missedExamples'> & { coverage: number };
  removed: Record<string, { items: number; chars: number; documents: number }>;
  leftovers: { annotations: number; chrome: number; documents: number };
  duplicates: DuplicatePair[];
  seconds: number;
}

export function summarize(
  audits: DocumentAudit[],
  extra: Pick<AuditSummary, 'files' | 'failed' | 'skipped' | 'duplicates' | 'seconds'>,
): AuditSummary {
  const quotes = { regexPairs: 0, found: 0, excluded: { empty: 0, tooLong: 0, notChinese: 0 }, missed: 0, titles: 0, coverage: 1 };
  const removed: AuditSummary['removed'] = {};
  const byCollection: Record<string, number> = {};
  let annotations = 0;
  let chrome = 0;
  let withLeftovers = 0;
  for (const a of audits) {
    byCollection[a.collection] = (byCollection[a.collection] ?? 0) + 1;
    quotes.regexPairs += a.quotes.regexPairs;
    quotes.found += a.quotes.found;
    quotes.excluded.empty += a.quotes.excluded.empty;
    quotes.excluded.tooLong += a.quotes.excluded.tooLong;
    quotes.excluded.notChinese += a.quotes.excluded.notChinese;
    quotes.missed += a.quotes.missed;
    quotes.titles += a.quotes.titles;
    for (const [rule, r] of Object.entries(a.removed) as Array<[CleanRule, { items: number; chars: number }]>) {
      const t = (removed[rule] ??= { items: 0, chars: 0, documents: 0 });
      t.items += r.items;
      t.chars += r.chars;
      t.documents++;
    }
    const an = leftoverCount(a.leftovers.annotations);
    const ch = leftoverCount(a.leftovers.chrome);
    annotations += an;
    chrome += ch;
    if (an + ch > 0) withLeftovers++;
  }
  quotes.coverage = quotes.regexPairs ? (quotes.regexPairs - quotes.missed) / quotes.regexPairs : 1;
  return {
    files: extra.files,
    documents: audits.length,
    failed: extra.failed,
    skipped: extra.skipped,
    byCollection,
    undated: audits.filter((a) => a.date === null).map((a) => ({ source: a.source, title: a.title })),
    quotes,
    removed,
    leftovers: { annotations, chrome, documents: withLeftovers },
    duplicates: extra.duplicates,
    seconds: extra.seconds,
  };
}
