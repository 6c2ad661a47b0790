/**
 * Test support: makes a damaged traditional web copy of a clean document, the
 * kind of input the seed is (../shared/corpus/README.md): naive
 * simplified→traditional conversion character by character, "(pinyin)"
 * annotations after some characters (ü syllables included, in ASCII and
 * full-width parentheses), ASCII commas, web-page chrome, the title repeated,
 * and a section heading run into the end of the paragraph before it.
 * Deterministic: the same input always gives the same copy.
 */
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

const s2t = OpenCC.Converter({ from: 'cn', to: 't' });
const charCache = new Map<string, string>();

/** Naive conversion: each character alone, so context-dependent ones come out wrong (关于 → 關於, 干部 → 幹部). */
export function naiveTraditional(text: string): string {
  return Array.from(text, (c) => {
    let t = charCache.get(c);
    if (t === undefined) {
      t = s2t(c);
      if (t.length !== c.length) t = c;
      charCache.set(c, t);
    }
    return t;
  }).join('');
}

const HAN = /[\u4e00-\u9fff]/;
const UMLAUT = /[üǖǘǚǜ]/;

/**
 * Adds "(reading)" after every `every`-th Han character and after every
 * character read with ü, the reading taken in context from the simplified text.
 */
export function annotatePinyin(simplified: string, traditional: string, every = 37): string {
  // One item per character (surrogate pairs aside, which these texts do not have).
  const items = pinyin(simplified, { type: 'all', toneType: 'symbol' }) as Array<{ origin: string; pinyin: string; isZh: boolean }>;
  if (items.length !== simplified.length) return traditional;
  const out: string[] = [];
  let han = 0;
  for (let i = 0; i < simplified.length; i++) {
    out.push(traditional[i]);
    const { pinyin: reading, isZh } = items[i];
    if (!isZh || !HAN.test(simplified[i])) continue;
    han++;
    if (/^[a-zü\u00e0-\u01dc]+$/.test(reading) && (han % every === 0 || UMLAUT.test(reading))) {
      out.push(han % 2 ? `(${reading})` : `（${reading}）`);
    }
  }
  return out.join('');
}

export interface DamageOptions {
  title: string;
  /** Every n-th Han character gets an annotation (ü syllables always do). */
  annotateEvery?: number;
}

/** The damaged copy of a clean text (a plain-text web page). Line breaks are kept as they are. */
export function damagedCopy(cleanText: string, options: DamageOptions): string {
  // The second top-level heading goes into the end of the line before it.
  let text = cleanText.replace(/([。！？])[ \t\u3000]*\n[\s\u3000]*(二、)/, '$1$2');
  text = text
    .split('\n')
    .map((line) => annotatePinyin(line, naiveTraditional(line), options.annotateEvery).replace(/，/g, ','))
    .join('\n');
  const title = naiveTraditional(options.title);
  return [...['下载', '打印', '【字号：大 中 小】'].map(naiveTraditional), title, title, text, naiveTraditional('分享到：')].join('\n\n');
}
