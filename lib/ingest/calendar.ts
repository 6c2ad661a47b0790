/**
 * The calendar of the institutions whose documents Tifa reads: when each
 * National Congress of the Communist Party of China and each session of the
 * National People's Congress met. A document that names its congress or session
 * (“中国共产党第十二次全国代表大会”, “十二大”, “第十三届全国人民代表大会第二次会议”) but
 * carries no date of its own is dated to that year. Institutional facts, not
 * facts about any file.
 */

/** Year of the n-th National Congress of the CPC (一大 1921 … 二十大 2022). */
const CPC_CONGRESS_YEARS = [1921, 1922, 1923, 1925, 1927, 1928, 1945, 1956, 1969, 1973, 1977, 1982, 1987, 1992, 1997, 2002, 2007, 2012, 2017, 2022];

/**
 * First-session years of the n-th National People's Congress. From the 5th
 * (1978) on, the m-th session met in year first + m - 1; the earlier terms are
 * listed session by session.
 */
const NPC_FIRST_YEARS = [1954, 1959, 1964, 1975, 1978, 1983, 1988, 1993, 1998, 2003, 2008, 2013, 2018, 2023];
const NPC_EARLY_SESSIONS: Record<number, number[]> = {
  1: [1954, 1955, 1956, 1957, 1958],
  2: [1959, 1960, 1962, 1963],
  3: [1964],
  4: [1975],
};

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 (and ASCII digits) → number. */
export function ordinalValue(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)$/.exec(s);
  if (!m || s === '') return null;
  if (!m[2]) return m[1] && !m[3] ? DIGITS[m[1]] : null;
  return (m[1] ? DIGITS[m[1]] : 1) * 10 + (m[3] ? DIGITS[m[3]] : 0);
}

const N = '([一二三四五六七八九十]{1,3}|\\d{1,2})';
const CPC_CONGRESS = [
  new RegExp(`中国共产党第${N}次全国代表大会`),
  new RegExp(`中共${N}大`),
  // “(十二大)” after a title, “党的十五大”
  new RegExp(`[（(]${N}大[）)]`),
];
const NPC_SESSION = new RegExp(`第${N}届全国人民代表大会第${N}次会议`);

/** The year of the NPC session or CPC congress a text names first, or null. */
export function sessionYear(text: string): number | null {
  const npc = NPC_SESSION.exec(text);
  const cpc = CPC_CONGRESS.map((re) => re.exec(text)).filter((m): m is RegExpExecArray => m !== null).sort((a, b) => a.index - b.index)[0];
  if (npc && (!cpc || npc.index <= cpc.index)) {
    const term = ordinalValue(npc[1]);
    const session = ordinalValue(npc[2]);
    if (term === null || session === null || session < 1 || term < 1 || term > NPC_FIRST_YEARS.length) return null;
    const early = NPC_EARLY_SESSIONS[term];
    if (early) return early[session - 1] ?? null;
    return session <= 5 ? NPC_FIRST_YEARS[term - 1] + session - 1 : null;
  }
  if (cpc) {
    const n = ordinalValue(cpc[1]);
    return n !== null && n >= 1 && n <= CPC_CONGRESS_YEARS.length ? CPC_CONGRESS_YEARS[n - 1] : null;
  }
  return null;
}
