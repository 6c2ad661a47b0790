/**
 * The corpus uses of one- and two-character wordings (Phrase.textUses, a
 * score input) are kept up to date by what each run changes
 * (lib/curation/text-uses.ts): a new wording is counted from the segmented
 * search index's gram counts (from the text where a segment still holds a
 * replaced document), the text of documents added is counted, and a replaced
 * document or one filed as a copy leaves the counts. Whatever the history, they
 * equal a count over every kept sentence.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { ingest } from '@/lib/ingest/run';
import { readManifest } from '@/lib/search/build';
import { SearchIndex } from '@/lib/search/engine';
import { foldToSimplified, toTraditional } from '@/lib/text/script';

const SEED_DIR = path.resolve(__dirname, '../data/samples');
const SEED = path.join(SEED_DIR, fs.readdirSync(SEED_DIR).find((f) => f.endsWith('.txt'))!);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-text-uses-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Non-overlapping uses of `key` in the sentences of kept documents, by reading them all. */
function bruteUses(db: Db, key: string): number {
  const texts = db.prepare('SELECT s.text FROM Sentence s JOIN Document d ON d.id = s.documentId WHERE d.duplicateOf IS NULL').all() as Array<{ text: string }>;
  const f = foldToSimplified(key);
  return texts.reduce((n, t) => n + foldToSimplified(t.text).split(f).length - 1, 0);
}

const textUses = (db: Db, key: string) => (db.prepare('SELECT textUses FROM Phrase WHERE key = ?').get(key) as { textUses: number | null } | undefined)?.textUses;

describe('text uses of short wordings', () => {
  it('equal a count over the kept sentences, from the gram counts and, with a replaced document masked, from the text', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'docs-'));
    fs.copyFileSync(SEED, path.join(dir, 'speech.txt'));
    fs.writeFileSync(path.join(dir, 'news.txt'), '工厂一度“停摆”。停摆三天后复工，停摆的原因已查明。\n\n另一条新闻讲农业生产。');
    fs.writeFileSync(path.join(dir, 'other.txt'), '地铁没有停摆，交通正常运行，市民出行顺利。');
    const db = openDb({ file: path.join(tmp, 'uses.db') });
    ingest(db, [dir]);
    expect(readManifest(db)!.segments).toHaveLength(1);
    expect(SearchIndex.load(db, { texts: false })!.gramCountsExact).toBe(true);
    expect(bruteUses(db, '停摆')).toBe(4);
    expect(textUses(db, '停摆')).toBe(4);

    // The short news replaced: its old sentences stay in the one segment, masked.
    fs.writeFileSync(path.join(dir, 'news.txt'), '工厂一度“停摆”，如今满负荷生产。\n\n另一条新闻讲农业生产。');
    const r = ingest(db, [dir]);
    expect(r.updated).toBe(1);
    expect(SearchIndex.load(db, { texts: false })!.gramCountsExact).toBe(false);
    expect(bruteUses(db, '停摆')).toBe(2);
    expect(textUses(db, '停摆')).toBe(2);
    db.close();
  });

  it('equal a full recount after runs that add, replace, file copies and bring new short wordings', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'history-'));
    const seed = fs.readFileSync(SEED, 'utf8');
    const db = openDb({ file: path.join(tmp, 'history.db') });
    const shortKeys = () => (db.prepare('SELECT key FROM Phrase WHERE length(key) <= 2 ORDER BY key').all() as Array<{ key: string }>).map((r) => r.key);
    /** Every short wording's stored count against a count over the kept sentences, and against the index's gram counts when exact. */
    const check = (label: string) => {
      const keys = shortKeys();
      expect(keys.length, label).toBeGreaterThan(0);
      const index = SearchIndex.load(db)!;
      for (const key of keys) {
        expect(textUses(db, key), `${label}: ${key}`).toBe(bruteUses(db, key));
        expect(textUses(db, key), `${label}: ${key} (index)`).toBe(index.gramUses(key));
      }
      const counted = db.prepare('SELECT count(*) AS n FROM Document WHERE textCounted = 1').get() as { n: number };
      const kept = db.prepare('SELECT count(*) AS n FROM Document WHERE duplicateOf IS NULL').get() as { n: number };
      expect(counted.n, label).toBe(kept.n);
    };

    fs.writeFileSync(path.join(dir, 'a-news.txt'), '工厂一度“停摆”。停摆三天后复工，“左”右为难的局面结束了。\n\n另一条新闻讲农业生产，哈哈哈。');
    fs.copyFileSync(SEED, path.join(dir, 'b-speech.txt'));
    ingest(db, [dir]);
    check('first run');
    const before = textUses(db, '停摆');

    // Added: counted from the new document's text only.
    fs.writeFileSync(path.join(dir, 'c-more.txt'), '地铁没有停摆，交通正常运行。左右两侧都有“内卷”的说法。');
    ingest(db, [dir]);
    check('a document added');
    expect(textUses(db, '停摆')).toBe(before! + 1);

    // Replaced: the old text leaves, the new one comes in.
    fs.writeFileSync(path.join(dir, 'a-news.txt'), '工厂一度“停摆”，如今满负荷生产。内卷不是出路。');
    expect(ingest(db, [dir]).updated).toBe(1);
    check('a document replaced');

    // A fuller copy of the speech arrives: it is kept, the first copy is filed under it and leaves the counts.
    fs.writeFileSync(path.join(dir, 'd-speech-full.txt'), toTraditional(seed) + '\n会议号召全党同志团结一心，停摆的工作要尽快恢复，各项任务都要落到实处，决不能“躺平”。\n');
    const r = ingest(db, [dir]);
    expect(r.duplicates).toBe(1);
    expect((db.prepare('SELECT count(*) AS n FROM Document WHERE duplicateOf IS NOT NULL').get() as { n: number }).n).toBe(1);
    check('a preferred copy');
    expect(textUses(db, '躺平')).toBe(1);

    // Nothing new: nothing changes.
    const all = shortKeys().map((k) => textUses(db, k));
    ingest(db, [dir]);
    expect(shortKeys().map((k) => textUses(db, k))).toEqual(all);
    db.close();
  });
});
