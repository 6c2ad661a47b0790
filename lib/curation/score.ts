/**
 * How formulation-like a phrase is: a score in [0, 1] from general evidence of
 * how texts use it, never from a list of words.
 *
 * For: a high share of its uses in quotation marks; spread over documents,
 * years and collections; use in authoritative genres (work reports, congress
 * reports, resolutions, speeches): a phrase only the news uses (“委员通道”,
 * “停摆”) weighs less; a formula's shape (两个确立, 十四五, codes).
 * Against: one character; names of things, known by the nouns that follow the
 * closing mark in running text (“雪龙2”号, “北溪”管道, “海马斯”火箭弹, “五一”假期),
 * by a name's own ending (华龙一号), by transliteration characters (海马斯) or by
 * title marks (《新春走基层》); a word quoted in one document only (emphasis).
 *
 * Scores are computed at the end of each ingest for the phrases whose uses
 * changed (Phrase.scored = 0), from the evidence kept on each phrase:
 * incremental, not a pass over the corpus or over a phrase's uses.
 */
import { BatchUpdate, type Db } from '../db/sqlite';
import { classifyPhrase } from '../ingest/extract';
import { AUTHORITATIVE_GENRES } from '../ingest/place';

/** Candidates at or above this score are in the default lists (with every confirmed phrase). */
export const DEFAULT_LIST_THRESHOLD = 0.5;

/**
 * Nouns that follow the name of a thing rather than a formulation: ships and
 * craft (号, 舰), weapons (导弹, 火箭弹), projects and installations (工程, 项目,
 * 管道), media (栏目, 节目), prizes, holidays (假期, 节). A closed grammatical
 * class (classifiers and head nouns), not a list of names.
 */
const THING_HEADS =
  /^(?:号|型|级|舰|艇|称号|荣誉称号|儿童节|劳动节|国际儿童|国际劳动|前夕|晚会|特别节目|台风|战机|战斗机|导弹|火箭|弹道|巡航|防空|高超|无人机|卫星|飞船|探测器|空间站|航母|核电|机组|管道|工程|项目|平台|系统|品牌|奖|杯|勋章|假期|假日|长假|小长假|黄金周|期间|节|展|栏目|系列|专栏|节目|频道|报道|客户端|杂志|报|电视剧|电影|纪录片|大气田|油田|气田|列车|号列车|班列)/;

/** A name's own ending: 华龙一号, 深海一号, 雪龙2号, 七一勋章. */
const NAME_ENDING = /(?:号|舰|勋章|奖章)$/;

/** Characters transliterations of foreign names are made of. */
const TRANSLITERATION = new Set('马斯尔克尼亚维蒂奥拉德科夫特伊洛莫诺兹普什吉塞埃芬弗罗乌基巴波哈娜丽莎杰姆森顿登利卡萨托纳赫沃泽雅谢鲁佩贝柯勒'.split(''));

export interface PhraseEvidence {
  key: string;
  kind: string;
  uses: number;
  quoted: number;
  /** Uses of the wording anywhere (quoted or not), when known from the index. */
  textUses: number | null;
  quotedDocuments: number;
  years: number;
  collections: number;
  /** Documents of authoritative genres that use it. */
  authoritativeDocuments: number;
  /** Documents of authoritative genres that quote it (coin it, or cite it as a formulation). */
  quotedAuthoritativeDocuments: number;
  /** Quoted uses followed by the head noun of a thing's name. */
  followedByThing: number;
  /** Uses inside 《》. */
  titleMarked: number;
}

/** The corpus the evidence is weighed against: spread is relative to what there is to spread over. */
export interface CorpusTotals {
  documents: number;
  years: number;
  collections: number;
  authoritativeDocuments: number;
}

export interface PhraseScore {
  score: number;
  /** Evidence that the phrase names a thing (project, weapon, ship, holiday, medium), in [0, 1]. */
  nameEvidence: number;
}

/**
 * Where `scorePhrase` stops growing with distinct years (years − 1 is measured
 * up to 5) and collections (collections − 1 up to 2): the figures kept for the
 * score count them up to here, so a new document needs at most one lookup.
 */
export const YEAR_COUNT_CAP = 6;
export const COLLECTION_COUNT_CAP = 3;

const clamp = (x: number) => Math.max(0, Math.min(1, x));

function hanLengthOf(key: string): number {
  return [...key].filter((c) => /[\u3400-\u9fff]/.test(c)).length;
}

/**
 * A formula's shape without numerals: parallel members joined by +, 、 or ·
 * (领导领学+专家辅学+委员践学, 党委点题、政协破题, 书香政协·红色课堂).
 */
export function isParallel(key: string): boolean {
  const parts = key.split(/[+＋、·•]/);
  return parts.length >= 2 && parts.every((p) => /^[\u3400-\u9fff]{2,8}$/.test(p));
}

export function transliterationShare(key: string): number {
  const chars = [...key].filter((c) => /[\u4e00-\u9fff]/.test(c));
  if (chars.length < 3) return 0;
  return chars.filter((c) => TRANSLITERATION.has(c)).length / chars.length;
}

/**
 * The score of one phrase from its evidence (pure). Spread and authority are
 * measured against the corpus, up to a point (25 documents, 5 years, 4
 * authoritative documents): in a corpus of one speech, that speech's phrases
 * are as spread as they can be; in a large one, the caps keep scores stable
 * as documents are added.
 */
export function scorePhrase(e: PhraseEvidence, corpus: CorpusTotals): PhraseScore {
  const hanLength = hanLengthOf(e.key);
  const everywhere = Math.max(e.uses, e.textUses ?? 0, 1);
  // A wording of four characters or more, once quoted, is a coined term: that texts go on to use it
  // without marks (高质量发展) is what formulations do, not evidence against it. Shorter words
  // quoted now and then (“停摆”, “左”) are judged on the share.
  const quotedShare = hanLengthOf(e.key) >= 4 && e.quoted > 0 ? Math.max(0.8, clamp(e.quoted / everywhere)) : clamp(e.quoted / everywhere);
  const relative = (x: number, cap: number, available: number) => (available <= 0 ? 0 : clamp(x / Math.min(cap, available)));
  const spread =
    0.5 * clamp(Math.log(1 + e.quotedDocuments) / Math.log(1 + Math.max(1, Math.min(25, corpus.documents)))) +
    0.3 * relative(e.years - 1, YEAR_COUNT_CAP - 1, corpus.years - 1) +
    0.2 * relative(e.collections - 1, COLLECTION_COUNT_CAP - 1, corpus.collections - 1);
  // Quoted in a speech or report at least once weighs half of the full authority.
  const authority = Math.max(
    relative(e.authoritativeDocuments, 4, corpus.authoritativeDocuments),
    e.quotedAuthoritativeDocuments > 0 ? 0.5 : 0,
  );
  const shape =
    e.kind === 'formula'
      ? 1
      : e.kind === 'quotation'
        ? 0
        : isParallel(e.key)
          ? 0.9
          : hanLength >= 4 && hanLength <= 8
            ? 0.8
            : hanLength === 3
              ? 0.6
              : hanLength >= 9 && hanLength <= 12
                ? 0.65
                : hanLength >= 13 && hanLength <= 16
                  ? 0.5
                  : hanLength === 2
                    ? 0.2
                    : 0.1;
  let score = 0.3 * quotedShare + 0.2 * spread + 0.3 * authority + 0.2 * shape;

  // Shares from few uses are shrunk: one “…”项目 does not make a name.
  const nameEvidence = Math.max(
    e.followedByThing / (e.quoted + 2),
    e.titleMarked / (e.uses + 2),
    NAME_ENDING.test(e.key) && hanLength >= 3 ? 1 : 0,
    transliterationShare(e.key) >= 0.6 ? 1 : 0,
  );
  score *= 1 - 0.85 * clamp(nameEvidence);
  if (hanLength <= 1) score *= 0.1;
  // Never used where wording is authoritative (only in the news): a formulation is adopted there.
  if (corpus.authoritativeDocuments > 0 && e.authoritativeDocuments === 0) score *= 0.75;
  // Quoted in one document only, and a short or everyday word: emphasis, not a formulation.
  if (corpus.documents > 1 && e.quotedDocuments <= 1 && (hanLength <= 2 || quotedShare < 0.5)) score *= 0.5;
  return { score: Math.round(clamp(score) * 1000) / 1000, nameEvidence };
}

/** The kind a name gets, and the kind it returns to when the evidence goes. */
export function kindFor(key: string, current: string, nameEvidence: number): string {
  if (current === 'title' || current === 'quotation') return current;
  if (nameEvidence >= 0.5) return 'name';
  return current === 'name' ? classifyPhrase(key, false) : current;
}

function corpusTotals(db: Db, authoritative: string): CorpusTotals {
  return db
    .prepare(
      `SELECT count(*) AS documents, count(DISTINCT year) AS years, count(DISTINCT collection) AS collections,
              count(CASE WHEN genre IN (${authoritative}) THEN 1 END) AS authoritativeDocuments
       FROM Document WHERE duplicateOf IS NULL`,
    )
    .get() as CorpusTotals;
}

/**
 * The corpus totals as far as `scorePhrase` reads them (documents up to 25, years
 * and collections up to their caps, authoritative documents up to 4): the same
 * scores, and a basis that stops changing once a corpus is past the caps.
 */
export function cappedTotals(t: CorpusTotals): CorpusTotals {
  return {
    documents: Math.min(t.documents, 25),
    years: Math.min(t.years, YEAR_COUNT_CAP),
    collections: Math.min(t.collections, COLLECTION_COUNT_CAP),
    authoritativeDocuments: Math.min(t.authoritativeDocuments, 4),
  };
}

/** Where the capped totals the stored scores were computed against are kept (a missing row rescores everything once). */
const SCORE_BASIS_KEY = 'curation.scoreBasis';

/** Genres whose documents count as authoritative, as an SQL list. */
export const AUTHORITATIVE_SQL = AUTHORITATIVE_GENRES.map((g) => `'${g}'`).join(', ');

/**
 * What one use tells about its phrase, from the sentence around it: inside
 * 《》 (the mark before it), and, when quoted, followed by the head noun of a
 * thing's name (the text after its closing mark). Offsets are UTF-16 code
 * units, as stored.
 */
export function useEvidence(text: string, start: number, end: number, quoted: boolean): { titleMarked: number; thingFollowed: number } {
  const before = start > 0 ? text[start - 1] : '';
  return {
    titleMarked: before === '《' || before === '〈' ? 1 : 0,
    thingFollowed: quoted && THING_HEADS.test(text.slice(end + 1, end + 5)) ? 1 : 0,
  };
}

/**
 * Rescores the phrases whose evidence changed (scored = 0); returns how many.
 * The evidence is kept on each phrase with its figures (lib/ingest/stats.ts):
 * this reads the phrases, never their uses. Phrases waiting for a recount
 * (statsStale) keep their score until it: the recount marks them for this.
 */
export function scorePhrases(db: Db): number {
  // Scores weigh a phrase's spread against the corpus's, up to the caps: when the capped totals
  // change (a small corpus grows), every score may change, not only those of the phrases used.
  const totals = cappedTotals(corpusTotals(db, AUTHORITATIVE_SQL));
  const basis = JSON.stringify(totals);
  const previous = db.prepare('SELECT value FROM SearchMeta WHERE key = ?').get(SCORE_BASIS_KEY) as { value: string } | undefined;
  if (previous?.value !== basis) {
    db.transaction(() => {
      db.prepare('UPDATE Phrase SET scored = 0 WHERE scored = 1').run();
      db.prepare('INSERT INTO SearchMeta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SCORE_BASIS_KEY, basis);
    }).immediate();
  }
  const stale = db
    .prepare(
      `SELECT id, key, kind, kindSource, occurrenceCount AS uses, quotedCount AS quoted, textUses,
              quotedDocumentCount, yearCount, collectionCount, authoritativeDocumentCount,
              quotedAuthoritativeDocumentCount, thingFollowedCount, titleMarkedCount
       FROM Phrase WHERE scored = 0 AND statsStale = 0`,
    )
    .all() as Array<{
    id: number;
    key: string;
    kind: string;
    kindSource: string;
    uses: number;
    quoted: number;
    textUses: number | null;
    quotedDocumentCount: number;
    yearCount: number;
    collectionCount: number;
    authoritativeDocumentCount: number;
    quotedAuthoritativeDocumentCount: number;
    thingFollowedCount: number;
    titleMarkedCount: number;
  }>;
  if (stale.length === 0) return 0;
  const scores: Array<[number, string, number]> = [];
  for (const p of stale) {
    const { score, nameEvidence } = scorePhrase(
      {
        key: p.key,
        kind: p.kind === 'name' ? classifyPhrase(p.key, false) : p.kind,
        uses: p.uses,
        quoted: p.quoted,
        textUses: p.textUses,
        quotedDocuments: p.quotedDocumentCount,
        years: p.yearCount,
        collections: p.collectionCount,
        authoritativeDocuments: p.authoritativeDocumentCount,
        quotedAuthoritativeDocuments: p.quotedAuthoritativeDocumentCount,
        followedByThing: p.thingFollowedCount,
        titleMarked: p.titleMarkedCount,
      },
      totals,
    );
    const kind = p.kindSource === 'editor' ? p.kind : kindFor(p.key, p.kind, nameEvidence);
    scores.push([score, kind, p.id]);
  }
  db.transaction(() => new BatchUpdate(db, 'Phrase', ['score', 'kind'], { also: 'scored = 1' }).run(scores)).immediate();
  return stale.length;
}
