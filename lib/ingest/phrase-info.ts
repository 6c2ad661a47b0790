import { pinyinPro } from '../text/pinyin';
import { toTraditional } from '../text/script';
import { crashPoint } from './crash';
import { BatchUpdate, type Db } from '../db/sqlite';

export interface PhraseReadings {
  simplified: string;
  traditional: string;
  pinyin: string;
  pinyinPlain: string;
  pinyinInitials: string;
  pinyinSort: string;
}

const MARKS: Record<string, string[]> = {
  a: ['a', 'ā', 'á', 'ǎ', 'à'],
  e: ['e', 'ē', 'é', 'ě', 'è'],
  i: ['i', 'ī', 'í', 'ǐ', 'ì'],
  o: ['o', 'ō', 'ó', 'ǒ', 'ò'],
  u: ['u', 'ū', 'ú', 'ǔ', 'ù'],
  ü: ['ü', 'ǖ', 'ǘ', 'ǚ', 'ǜ'],
};

/**
 * A numbered syllable ("liang3", "lv4", "shang0") with its tone mark
 * ("liǎng", "lǜ", "shang"): on a or e; on o in "ou"; else on the last vowel.
 */
export function markTone(numbered: string): string {
  const m = /^([a-zü]+?)([0-5])$/.exec(numbered.replace(/v/g, 'ü'));
  if (!m) return numbered;
  const [, syllable, digit] = m;
  const tone = Number(digit);
  if (tone === 0 || tone === 5) return syllable;
  let at = syllable.search(/[ae]/);
  if (at < 0) at = syllable.indexOf('ou');
  if (at < 0) {
    for (let i = syllable.length - 1; i >= 0; i--) {
      if ('iouü'.includes(syllable[i])) {
        at = i;
        break;
      }
    }
  }
  if (at < 0) return syllable;
  return syllable.slice(0, at) + MARKS[syllable[at]][tone] + syllable.slice(at + 1);
}

/**
 * The forms and readings of a phrase from its key (the simplified fold).
 * pinyin-pro reads the whole phrase once, so polyphones are resolved in
 * context (银行 → yín háng); marks, toneless and initial forms are derived from
 * that one numbered reading. The sort key keeps the numeric tones ("liang3 ge4
 * que4 li4"), since pinyin-pro has no collation of its own.
 */
export function phraseReadings(key: string): PhraseReadings {
  const numbered = pinyinPro().pinyin(key, { type: 'array', toneType: 'num', nonZh: 'consecutive', v: true });
  // Non-Chinese runs ("2022", "——") come back as they are, one token each.
  const syllables = numbered.map((s) => (/^[a-zü]+[0-5]$/.test(s) ? s : null));
  const join = (xs: string[]) => xs.join(' ').replace(/\s+/g, ' ').trim();
  return {
    simplified: key,
    traditional: toTraditional(key),
    pinyin: join(numbered.map((s, i) => (syllables[i] ? markTone(s) : s))),
    pinyinPlain: join(numbered.map((s, i) => (syllables[i] ? s.replace(/[0-5]$/, '') : s))).toLowerCase(),
    pinyinInitials: syllables.map((s) => (s ? s[0] : '')).join(''),
    pinyinSort: join(numbered).toLowerCase(),
  };
}

export type ReadingsRow = PhraseReadings & { id: number };

/** The readings of phrases stored without them (new in this run, or left by an interrupted one). */
export function missingReadings(db: Db): ReadingsRow[] {
  return readingsOf(db.prepare("SELECT id, key FROM Phrase WHERE pinyin = ''").all() as Array<{ id: number; key: string }>);
}

/**
 * Writes readings in one transaction. Only rows still without pinyin are
 * filled: a reading an editor corrected meanwhile is never overwritten.
 */
export function writeReadings(db: Db, rows: ReadingsRow[]): void {
  if (rows.length === 0) return;
  const update = new BatchUpdate(db, 'Phrase', ['simplified', 'traditional', 'pinyin', 'pinyinPlain', 'pinyinInitials', 'pinyinSort'], {
    where: "Phrase.pinyin = ''",
  });
  db.transaction(() => {
    update.run(rows.map((r) => [r.simplified, r.traditional, r.pinyin, r.pinyinPlain, r.pinyinInitials, r.pinyinSort, r.id]));
    crashPoint('readings');
  }).immediate();
}

/**
 * The phrases stored without readings since it was made, to be given their
 * readings in batches while a run still stores documents (lib/ingest/run.ts).
 * Phrase ids only grow, so each look is a range of the primary key: the
 * phrases stored since the last. What it misses (an interrupted run's
 * phrases) is left to missingReadings at the end.
 */
export class PhraseReadingsQueue {
  private after: number;
  private queued: Array<{ id: number; key: string }> = [];
  private readonly stmt: ReturnType<Db['prepare']>;

  constructor(db: Db) {
    this.after = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM Phrase').get() as { id: number }).id;
    this.stmt = db.prepare("SELECT id, key FROM Phrase WHERE id > ? AND pinyin = '' ORDER BY id");
  }

  /** Queues the phrases stored since the last call. */
  collect(): void {
    const rows = this.stmt.all(this.after) as Array<{ id: number; key: string }>;
    if (rows.length === 0) return;
    this.queued.push(...rows);
    this.after = rows[rows.length - 1].id;
  }

  /** Up to `size` queued phrases: only a full batch, unless `rest` (then whatever is left). */
  take(size: number, rest: boolean): Array<{ id: number; key: string }> {
    if (this.queued.length < (rest ? 1 : size)) return [];
    return this.queued.splice(0, size);
  }
}

/** Readings of a batch of phrases (a worker's part of PhraseReadingsQueue's work). */
export function readingsOf(phrases: Array<{ id: number; key: string }>): ReadingsRow[] {
  return phrases.map((p) => ({ id: p.id, ...phraseReadings(p.key) }));
}

/** Fills in the missing readings in this thread. */
export function fillReadings(db: Db): number {
  const rows = missingReadings(db);
  writeReadings(db, rows);
  return rows.length;
}
