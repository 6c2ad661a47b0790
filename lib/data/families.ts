/**
 * Families of numbered formulas: 两个确立 and 两个维护 are both 两个X, 三会一课
 * and 三严三实 are 三X一Y and 三X三Y. The pattern keeps the numerals (and the
 * classifier after a leading numeral) and names the rest X, Y.
 */
import { Lru } from './cache';
import { num, rows, sql } from './db';

const NUM = '一二两三四五六七八九十百千万双';
const isNum = (c: string) => NUM.includes(c);
const CLASSIFIERS = '个项大条种类位点';

/** The family pattern of a phrase key, or null if it is not a numbered formula. */
export function familyPattern(key: string): string | null {
  const chars = [...key];
  if (chars.length < 2 || chars.length > 8) return null;
  if (!chars.every((c) => /\p{Script=Han}/u.test(c))) return null;
  // 三会一课, 一带一路, 五位一体: numeral X numeral Y.
  if (chars.length === 4 && isNum(chars[0]) && !isNum(chars[1]) && isNum(chars[2]) && !isNum(chars[3])) {
    return `${chars[0]}X${chars[2]}Y`;
  }
  let i = 0;
  while (i < chars.length && isNum(chars[i])) i++;
  if (i === 0 || i === chars.length || i > 2) return null;
  const numeral = chars.slice(0, i).join('');
  // 一 alone starts ordinary words (一些, 一定): only with a classifier.
  if (CLASSIFIERS.includes(chars[i]) && i + 1 < chars.length) return `${numeral}${chars[i]}X`;
  if (numeral === '一') return null;
  return `${numeral}X`;
}

export interface FamilyMember {
  id: number;
  text: string;
  simplified: string;
  occurrenceCount: number;
  quotedCount: number;
  firstDate: string | null;
  lastDate: string | null;
}

export interface Family {
  pattern: string;
  members: FamilyMember[];
  occurrenceCount: number;
}

const familiesCache = new Lru<Map<string, Family>>(2, 10 * 60_000);

/**
 * Every family with at least two members, among the formulas quoted at least
 * once (phrases only ever found by search or unquoted are not formulas of their own).
 */
export async function getFamilies(): Promise<Map<string, Family>> {
  const sig = await rows<{ n: unknown; s: unknown; u: unknown }>(
    sql`SELECT count(*) AS n, sum(occurrenceCount) AS s, max(updatedAt) AS u FROM Phrase WHERE kind = 'formula'`,
  );
  const key = `${num(sig[0]?.n)}:${num(sig[0]?.s)}:${String(sig[0]?.u)}`;
  return familiesCache.getOrCompute(key, async () => {
    const r = await rows<{ id: unknown; key: string; text: string; simplified: string; occurrenceCount: unknown; quotedCount: unknown; firstDate: string | null; lastDate: string | null }>(
      sql`SELECT id, key, text, simplified, occurrenceCount, quotedCount, firstDate, lastDate FROM Phrase
          WHERE kind = 'formula' AND quotedCount > 0 ORDER BY occurrenceCount DESC, id`,
    );
    const map = new Map<string, Family>();
    for (const p of r) {
      const pattern = familyPattern(p.key);
      if (!pattern) continue;
      const f = map.get(pattern) ?? { pattern, members: [], occurrenceCount: 0 };
      const m: FamilyMember = {
        id: num(p.id),
        text: p.text,
        simplified: p.simplified,
        occurrenceCount: num(p.occurrenceCount),
        quotedCount: num(p.quotedCount),
        firstDate: p.firstDate,
        lastDate: p.lastDate,
      };
      f.members.push(m);
      f.occurrenceCount += m.occurrenceCount;
      map.set(pattern, f);
    }
    for (const [k, f] of map) if (f.members.length < 2) map.delete(k);
    return map;
  });
}

/** The family of a phrase (with the phrase among its members), or null. */
export async function familyOf(key: string): Promise<Family | null> {
  const pattern = familyPattern(key);
  if (!pattern) return null;
  return (await getFamilies()).get(pattern) ?? null;
}

/** Families by total uses, largest first. */
export async function listFamilies(): Promise<Family[]> {
  return [...(await getFamilies()).values()].sort((a, b) => b.occurrenceCount - a.occurrenceCount || a.pattern.localeCompare(b.pattern));
}
