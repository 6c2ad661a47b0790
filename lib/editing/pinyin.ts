import { normalizePinyin } from '@/lib/data/query';

const TONE: Record<string, number> = { '\u0304': 1, '\u0301': 2, '\u030c': 3, '\u0300': 4 };

/**
 * The search and sort keys of a pinyin string with tone marks, as ingestion stores
 * them: toneless syllables ("liang ge que li"), initials ("lgql") and numeric-tone
 * syllables ("liang3 ge4 que4 li4"; neutral tone 0) for sorting.
 */
export function pinyinKeys(pinyin: string): { plain: string; initials: string; sort: string } {
  const syllables = pinyin
    .normalize('NFC')
    .split(/[\s'’·-]+/)
    .filter(Boolean);
  const plain = normalizePinyin(syllables.join(' '));
  const initials = plain
    .split(' ')
    .filter(Boolean)
    .map((s) => s[0])
    .join('');
  const sort = syllables
    .map((s) => {
      const nfd = s.toLowerCase().normalize('NFD');
      const digit = nfd.match(/[1-5]$/)?.[0];
      let tone = digit ? Number(digit) : 0;
      for (const ch of nfd) if (TONE[ch]) tone = TONE[ch];
      return normalizePinyin(s).replace(/ /g, '') + tone;
    })
    .join(' ');
  return { plain, initials, sort };
}
