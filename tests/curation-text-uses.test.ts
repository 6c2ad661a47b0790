/**
 * The corpus uses of one- and two-character wordings (Phrase.textUses, a
 * score input) come from the segmented search index: its per-gram counts when
 * they are exact, the folded text when a segment still holds a replaced
 * document. Either way they equal a count over every kept sentence.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { ingest } from '@/lib/ingest/run';
import { readManifest } from '@/lib/search/build';
import { SearchIndex } from '@/lib/search/engine';
import { foldToSimplified } from '@/lib/text/script';

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
});
