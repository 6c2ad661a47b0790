import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureMigrated, openDb } from '../db/sqlite';
import { PhraseReadingsQueue, readingsOf, phraseReadings, writeReadings } from './phrase-info';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-readings-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('PhraseReadingsQueue', () => {
  const file = path.join(tmp, 'q.db');
  ensureMigrated(file);
  const db = openDb({ file });
  const now = new Date().toISOString();
  const add = (key: string, pinyin = '') =>
    db
      .prepare(`INSERT INTO Phrase (key, text, simplified, traditional, pinyin, pinyinPlain, pinyinInitials, pinyinSort, kind, createdAt, updatedAt) VALUES (?, ?, ?, '', ?, '', '', '', 'term', ?, ?)`)
      .run(key, key, key, pinyin, now, now);

  it('queues only the phrases stored without readings after it was made, and hands out full batches until the rest is asked for', () => {
    add('枫桥经验'); // left by an earlier run: missingReadings's work at the end, not the queue's
    const queue = new PhraseReadingsQueue(db);
    add('两个确立');
    add('第一议题', 'dì yī yì tí'); // has readings already
    add('三会一课');
    queue.collect();
    expect(queue.take(3, false)).toEqual([]); // two queued: not a full batch
    add('两个维护');
    queue.collect();
    queue.collect(); // nothing new: nothing queued twice
    const batch = queue.take(3, false);
    expect(batch.map((p) => p.key)).toEqual(['两个确立', '三会一课', '两个维护']);
    expect(queue.take(3, true)).toEqual([]);
    add('放管服');
    queue.collect();
    expect(queue.take(3, false)).toEqual([]);
    expect(queue.take(3, true).map((p) => p.key)).toEqual(['放管服']);
  });

  it('gives a batch the readings phraseReadings gives each key, written where none are yet', () => {
    const rows = readingsOf(db.prepare("SELECT id, key FROM Phrase WHERE key IN ('两个确立', '三会一课') ORDER BY id").all() as Array<{ id: number; key: string }>);
    expect(rows.map(({ id, ...r }) => r)).toEqual([phraseReadings('两个确立'), phraseReadings('三会一课')]);
    db.prepare("UPDATE Phrase SET pinyin = 'edited' WHERE key = '三会一课'").run();
    writeReadings(db, rows);
    const stored = db.prepare("SELECT key, pinyin, traditional FROM Phrase WHERE key IN ('两个确立', '三会一课') ORDER BY key").all();
    expect(stored).toEqual([
      { key: '三会一课', pinyin: 'edited', traditional: '' },
      { key: '两个确立', pinyin: 'liǎng gè què lì', traditional: '兩個確立' },
    ]);
  });
});
