import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { freshDatabase } from './support/provider';
import { ingest, type IngestSummary } from '@/lib/ingest/run';
import { exportCsv, exportJson } from '@/lib/ingest/export';

const SEED = path.resolve(__dirname, '../data/samples/000_ce7623e9653b5579.txt');
const CHECKER = path.resolve(__dirname, '../../shared/tools/check-seed-export.py');
const EXPECTED = [
  '第一议题', '书香政协·红色课堂', '领导领学+专家辅学+委员践学', '百场宣讲进基层', '双联系', '两个确立', '两个维护',
  '党委点题、政协破题', '数字经济赋能产业转型', '乡村振兴示范带建设', '两个全覆盖', '一委一品', '同心共富', '民情直通车',
  '三会一课', '党员先锋岗', '永远在路上',
];
const RESIDUE = /[\u4e00-\u9fff]\(([a-zü\u00e0-\u01dc]+)\)/;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-seed-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function freshDb(name: string): Promise<Db> {
  return openDb({ file: await freshDatabase(tmp, name) });
}

function counts(db: Db) {
  const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  return { Document: n('Document'), Section: n('Section'), Sentence: n('Sentence'), Phrase: n('Phrase'), Occurrence: n('Occurrence'), Note: n('Note') };
}

function exportText(db: Db): string {
  return [...exportJson(db)].join('');
}

interface ExportedPhrase {
  simplified: string;
  traditional: string;
  pinyin: string;
  kind: string;
  occurrences: Array<{ documentId: number; sectionPath: string[]; sentence: string; start: number; end: number; quoted: boolean }>;
}

describe('ingesting the seed', () => {
  let db: Db;
  let first: IngestSummary;
  beforeAll(async () => {
    db = await freshDb('seed');
    first = ingest(db, [SEED]);
  });
  afterAll(() => db.close());

  it('adds one document with every quoted phrase', () => {
    expect(first).toMatchObject({ files: 1, added: 1, updated: 0, skipped: 0, failed: 0, newPhrases: 17, occurrences: 17 });
    const keys = (db.prepare('SELECT key FROM Phrase').all() as Array<{ key: string }>).map((r) => r.key);
    expect(new Set(keys)).toEqual(new Set(EXPECTED));
  });

  it('stores the title once, and nowhere as a sentence', () => {
    const doc = db.prepare('SELECT title, date FROM Document').get() as { title: string; date: string };
    expect(doc.title).toBe('市政協主席在全市政協2025年黨的建設暨市政協機關黨風廉政建設工作會議上的講話');
    expect(doc.date).toBe('2025');
    const texts = (db.prepare('SELECT text FROM Sentence ORDER BY ordinal').all() as Array<{ text: string }>).map((r) => r.text);
    expect(texts.filter((t) => t.includes('講話'))).toEqual([]);
    expect(texts.filter((t) => t.startsWith('今天，我們召開'))).toHaveLength(1);
  });

  it('leaves no pinyin residue and no ASCII comma in any sentence', () => {
    const texts = (db.prepare('SELECT text FROM Sentence').all() as Array<{ text: string }>).map((r) => r.text);
    expect(texts.filter((t) => RESIDUE.test(t) || t.includes(','))).toEqual([]);
  });

  it('builds the section tree 一 (（一）（二）（三）) and 二', () => {
    const rows = db.prepare('SELECT id, parentId, label, title FROM Section ORDER BY ordinal').all() as Array<{ id: number; parentId: number | null; label: string; title: string }>;
    const top = rows.filter((r) => r.parentId === null);
    expect(top.map((r) => r.label)).toEqual(['一、', '二、']);
    expect(rows.filter((r) => r.parentId === top[0].id).map((r) => r.label)).toEqual(['（一）', '（二）', '（三）']);
    expect(rows.filter((r) => r.parentId === top[1].id)).toEqual([]);
  });

  it('finds 永远在路上 twice, once quoted and once not, with offsets that span it', () => {
    const occ = db
      .prepare(
        `SELECT o.quoted, o.start, o."end", s.text FROM Occurrence o JOIN Phrase p ON p.id = o.phraseId
         JOIN Sentence s ON s.id = o.sentenceId WHERE p.key = '永远在路上' ORDER BY o.quoted`,
      )
      .all() as Array<{ quoted: number; start: number; end: number; text: string }>;
    expect(occ.map((o) => o.quoted)).toEqual([0, 1]);
    for (const o of occ) expect(o.text.slice(o.start, o.end)).toBe('永遠在路上');
    expect(occ[0].text).toBe('黨風廉政建設永遠在路上。');
  });

  it('exports JSON that passes the checks of check-seed-export.py', () => {
    const text = exportText(db);
    expect(text).not.toMatch(RESIDUE);
    const data = JSON.parse(text) as { documents: Array<{ title: string; sections: Array<{ label: string; children: unknown[] }> }>; phrases: ExportedPhrase[] };
    expect(data.documents).toHaveLength(1);
    expect(data.documents[0].sections.map((s) => [s.label, s.children.length])).toEqual([
      ['一、', 3],
      ['二、', 0],
    ]);
    const byKey = new Map(data.phrases.map((p) => [p.simplified, p]));
    expect([...byKey.keys()].sort()).toEqual([...EXPECTED].sort());
    for (const p of data.phrases) {
      expect(p.occurrences.length).toBeGreaterThan(0);
      for (const o of p.occurrences) expect(o.sentence.slice(o.start, o.end)).toHaveLength(p.simplified.length);
    }
    const lgql = byKey.get('两个确立')!;
    expect(lgql).toMatchObject({ traditional: '兩個確立', pinyin: 'liǎng gè què lì', kind: 'formula' });
    expect(lgql.occurrences[0].sectionPath).toEqual(['一、堅持政治引領，全面夯實新時代人民政協黨的建設根基', '（二）突出政治引領，把牢正確方向']);
    expect(byKey.get('永远在路上')!.occurrences.map((o) => o.quoted).sort()).toEqual([false, true]);

    const file = path.join(tmp, 'export.json');
    fs.writeFileSync(file, text);
    const py = spawnSync('python3', [CHECKER, file], { encoding: 'utf8' });
    if (py.error === undefined && fs.existsSync(CHECKER)) {
      expect(py.stdout + py.stderr).toMatch(/17\/17 phrases/);
      expect(py.status).toBe(0);
    }
  });

  it('exports CSV with one row per occurrence', () => {
    const csv = [...exportCsv(db)].join('');
    expect(csv.startsWith('\ufeffphrase_id,text,simplified,')).toBe(true);
    const lines = csv.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(1 + 18);
  });

  it('skips identical content on re-ingest and changes nothing', () => {
    const before = counts(db);
    const exported = exportText(db);
    const again = ingest(db, [SEED]);
    expect(again).toMatchObject({ added: 0, updated: 0, skipped: 1, failed: 0 });
    expect(counts(db)).toEqual(before);
    expect(exportText(db)).toBe(exported);
  });
});

describe('re-ingesting changed content', () => {
  it('updates the document in place, replaces its occurrences, and keeps notes', async () => {
    const db = await freshDb('update');
    try {
      const dir = path.join(tmp, 'docs');
      fs.mkdirSync(dir);
      const file = path.join(dir, 'speech.txt');
      const original = fs.readFileSync(SEED, 'utf8');
      fs.writeFileSync(file, original);
      expect(ingest(db, [file]).added).toBe(1);
      const docId = (db.prepare('SELECT id FROM Document').get() as { id: number }).id;
      // What the reading view's URLs address: a section's and a sentence's position in the document.
      const positions = () =>
        db
          .prepare('SELECT sec.ordinal AS section, s.ordinal AS sentence, s.text FROM Sentence s LEFT JOIN Section sec ON sec.id = s.sectionId ORDER BY s.ordinal')
          .all() as Array<{ section: number | null; sentence: number; text: string }>;
      const before = positions();
      const phraseId = (db.prepare("SELECT id FROM Phrase WHERE key = '三会一课'").get() as { id: number }).id;
      const now = new Date().toISOString();
      db.prepare('INSERT INTO Note (phraseId, body, author, version, createdAt, updatedAt) VALUES (?, ?, ?, 1, ?, ?)').run(phraseId, '党的组织生活基本制度。', 'editor', now, now);

      // The same file, changed: 三会一课 no longer quoted; a new phrase appears.
      fs.writeFileSync(file, original.replace('“三會一課”', '三會一課').replace('“黨員先鋒崗”', '“黨員先鋒崗”和“紅色引擎”'));
      const r = ingest(db, [file]);
      expect(r).toMatchObject({ added: 0, updated: 1, skipped: 0, failed: 0 });
      expect(db.prepare('SELECT id FROM Document').all()).toEqual([{ id: docId }]);
      const occ = (key: string) =>
        db.prepare('SELECT o.quoted FROM Occurrence o JOIN Phrase p ON p.id = o.phraseId WHERE p.key = ? ORDER BY o.quoted').all(key) as Array<{ quoted: number }>;
      expect(occ('三会一课')).toEqual([{ quoted: 0 }]); // found unquoted, not quoted any more
      expect(occ('红色引擎')).toEqual([{ quoted: 1 }]);
      expect(occ('永远在路上')).toEqual([{ quoted: 0 }, { quoted: 1 }]); // replaced, not duplicated
      expect((db.prepare('SELECT count(*) AS n FROM Occurrence WHERE documentId <> ?').get(docId) as { n: number }).n).toBe(0);
      // The phrase and its note survive.
      expect(db.prepare('SELECT id FROM Phrase WHERE key = ?').get('三会一课')).toEqual({ id: phraseId });
      expect(db.prepare('SELECT body FROM Note WHERE phraseId = ?').all(phraseId)).toEqual([{ body: '党的组织生活基本制度。' }]);
      // URLs by position still lead to the same sentences (row ids changed; positions did not).
      const after = positions();
      expect(after.map((p) => [p.section, p.sentence])).toEqual(before.map((p) => [p.section, p.sentence]));
      expect(after.filter((p, i) => p.text !== before[i].text).map((p) => p.sentence)).toHaveLength(1); // the one edited sentence
      // Sentences were replaced, not appended.
      expect((db.prepare("SELECT count(*) AS n FROM Sentence WHERE text LIKE '黨風廉政建設永遠在路上%'").get() as { n: number }).n).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('a broken file beside a good one', () => {
  it('reports the broken file, stores the good one and nothing of the broken one', async () => {
    const db = await freshDb('broken');
    try {
      const dir = path.join(tmp, 'mixed');
      fs.mkdirSync(dir);
      fs.copyFileSync(SEED, path.join(dir, 'a-good.txt'));
      const junk = Buffer.alloc(3000);
      let x = 12345;
      for (let i = 0; i < junk.length; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        junk[i] = x >>> 23;
      }
      fs.writeFileSync(path.join(dir, 'b-broken.txt'), junk);
      const failures: string[] = [];
      const r = ingest(db, [dir], {}, { failure: (where) => failures.push(where) });
      expect(r).toMatchObject({ files: 2, added: 1, failed: 1 });
      expect(failures).toEqual([path.join(dir, 'b-broken.txt')]);
      expect(r.failures[0].message).toMatch(/not|decode/i);
      const docs = db.prepare('SELECT source FROM Document').all() as Array<{ source: string }>;
      // The source shown is the file's name, never a path on the server.
      expect(docs).toEqual([{ source: 'a-good.txt' }]);
      expect((db.prepare('SELECT count(*) AS n FROM Phrase').get() as { n: number }).n).toBe(17);
    } finally {
      db.close();
    }
  });
});
