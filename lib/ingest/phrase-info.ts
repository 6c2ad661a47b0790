import { pinyin } from 'pinyin-pro';
import { toTraditional } from '../text/script';

export interface PhraseReadings {
  simplified: string;
  traditional: string;
  pinyin: string;
  pinyinPlain: string;
  pinyinInitials: string;
  pinyinSort: string;
}

/**
 * The forms and readings of a phrase from its key (the simplified fold).
 * pinyin-pro reads the whole phrase, so polyphones are resolved in context
 * (银行 → yín háng). The sort key uses numeric tones ("liang3 ge4 que4 li4"),
 * since pinyin-pro has no collation of its own.
 */
export function phraseReadings(key: string): PhraseReadings {
  const syllables = pinyin(key, { type: 'array', toneType: 'symbol', nonZh: 'consecutive' });
  const plain = pinyin(key, { type: 'array', toneType: 'none', nonZh: 'consecutive' }).map((s) => s.replace(/ü/g, 'v'));
  const numbered = pinyin(key, { type: 'array', toneType: 'num', nonZh: 'consecutive' }).map((s) => s.replace(/ü/g, 'v'));
  const han = /[\u3400-\u9fff]/;
  const chars = Array.from(key);
  const initials = plain
    .map((s, i) => (han.test(chars[i] ?? '') ? s[0] ?? '' : ''))
    .join('')
    .toLowerCase();
  return {
    simplified: key,
    traditional: toTraditional(key),
    pinyin: syllables.join(' ').replace(/\s+/g, ' ').trim(),
    pinyinPlain: plain.join(' ').replace(/\s+/g, ' ').trim().toLowerCase(),
    pinyinInitials: initials,
    pinyinSort: numbered.join(' ').replace(/\s+/g, ' ').trim().toLowerCase(),
  };
}
