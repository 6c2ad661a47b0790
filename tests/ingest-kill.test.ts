/**
 * kill -9 during an ingest: `npm run ingest` (tsx scripts/ingest.ts) runs as a
 * child process and is killed with SIGKILL at each step that matters (inside
 * and after a document's transaction, while linking, before and inside the
 * search index's transaction, while storing readings; see lib/ingest/crash.ts)
 * and at a few moments chosen by time. Each time the database must pass
 * integrity_check, and the next run must finish the job: documents, phrases,
 * every occurrence and search results identical to a clean ingest of the same
 * files. Real documents from ../shared/corpus when it is present; fixtures
 * written here otherwise (and always, for the changed-file case).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchIndex } from '@/lib/search/engine';
import { foldToSimplified } from '@/lib/text/script';
import { CORPUS_FILES, HAS_CORPUS_FILES } from './support/corpus-files';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const SEED = path.join(ROOT, 'data', 'samples');
const QUERIES = ['两个确立', '發展', '的', '人民', '强基工程', '暖心行动', '改革开放'];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-kill-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const fixtures = path.join(tmp, 'fixtures');

/** Documents written here: numbered sections, quoted phrases, unquoted uses. */
function writeFixtures(version: 1 | 2): void {
  fs.mkdirSync(fixtures, { recursive: true });
  for (let d = 1; d <= 3; d++) {
    const lines = [`关于推进“强基工程”的第${d}号报告`, ''];
    for (let s = 1; s <= 4; s++) {
      lines.push(`${'一二三四'[s - 1]}、第${s}项重点任务`, '');
      for (let p = 1; p <= 6; p++) {
        lines.push(
          `我们要坚持“两个确立”，推进“第${d}${s}号示范工程”建设，强基工程要落实到第${p}个环节。` +
            `各地要把“基层减负年”的要求落到实处，第${d}${s}号示范工程要见实效。`,
          '',
        );
      }
    }
    // The changed version of the first document: a new phrase, one paragraph fewer.
    if (version === 2 && d === 1) lines.splice(4, 2, '新的一年，要开展“暖心行动”，暖心行动惠及全体居民。', '');
    fs.writeFileSync(path.join(fixtures, `report-${d}.txt`), lines.join('\n'));
  }
}

const INPUTS = () => [SEED, fixtures, ...(HAS_CORPUS_FILES ? CORPUS_FILES : [])];

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** npm run ingest, as a child process, on the database `file`. */
function ingestProcess(file: string, crashAt?: string): Run {
  const env = { ...process.env, DATABASE_URL: 'file:' + file, TIFA_CRASH_AT: crashAt ?? '' };
  const r = spawnSync(TSX, ['scripts/ingest.ts', '--quiet', ...INPUTS()], { cwd: ROOT, env, encoding: 'utf8' });
  // tsx runs the script in a child node process and exits 128 + 9 when that child is killed.
  return { status: r.status, signal: r.signal ?? (r.status === 137 ? 'SIGKILL' : null), stderr: r.stderr };
}

/** The same, killed with SIGKILL `ms` after it started (if it has not finished by then). */
function ingestKilledAfter(file: string, ms: number): Promise<Run & { killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ['scripts/ingest.ts', '--quiet', ...INPUTS()], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: 'file:' + file, TIFA_CRASH_AT: '' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let killed = false;
    // tsx runs the script in a child node process: kill the whole group's leader and its child.
    const timer = setTimeout(() => {
      killed = true;
      killTree(child.pid!);
    }, ms);
    child.on('exit', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stderr, killed });
    });
  });
}

/** SIGKILL to a process and its descendants (tsx starts node as a child). */
function killTree(pid: number): void {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  for (const c of children) killTree(Number(c));
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function integrity(file: string): string[] {
  const db = new Database(file);
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const fk = db.pragma('foreign_key_check') as unknown[];
    return [...rows.map((r) => r.integrity_check), ...fk.map((r) => `foreign key: ${JSON.stringify(r)}`)];
  } finally {
    db.close();
  }
}

/** Everything an ingest produces, without row ids (which differ between runs). */
function snapshot(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const documents = db
      .prepare(
        `SELECT d.sourceKey, d.title, d.date, d.contentHash, d.charCount, d.linked,
                (SELECT count(*) FROM Sentence s WHERE s.documentId = d.id) AS sentences,
                (SELECT count(*) FROM Section s WHERE s.documentId = d.id) AS sections
         FROM Document d ORDER BY d.sourceKey`,
      )
      .all();
    const phrases = db
      .prepare(
        `SELECT key, text, kind, pinyin, traditional, occurrenceCount, quotedCount, documentCount, firstDate, lastDate, linked,
                (SELECT group_concat(form || '×' || count, ' ') FROM (SELECT form, count FROM PhraseForm f WHERE f.phraseId = p.id ORDER BY form)) AS forms
         FROM Phrase p ORDER BY key`,
      )
      .all();
    const occurrences = (
      db
        .prepare(
          `SELECT p.key, d.sourceKey, s.ordinal, o.start, o."end", o.quoted FROM Occurrence o
           JOIN Phrase p ON p.id = o.phraseId JOIN Sentence s ON s.id = o.sentenceId JOIN Document d ON d.id = o.documentId`,
        )
        .all() as Array<Record<string, unknown>>
    )
      .map((o) => Object.values(o).join('|'))
      .sort();
    const index = SearchIndex.load(db);
    const where = db.prepare('SELECT d.sourceKey, s.ordinal FROM Sentence s JOIN Document d ON d.id = s.documentId WHERE s.id = ?');
    const search = index
      ? Object.fromEntries(
          QUERIES.map((q) => {
            const key = foldToSimplified(q);
            const hits = [...index.matchingRanks(key, [[0, index.header.sentences]])].map((rank) => {
              const r = where.get(index.sentenceIdOf(rank)) as { sourceKey: string; ordinal: number } | undefined;
              return r ? `${r.sourceKey}|${r.ordinal}` : `missing sentence ${index.sentenceIdOf(rank)}`;
            });
            return [q, hits.sort()];
          }),
        )
      : null;
    return { documents, phrases, occurrences, search };
  } finally {
    db.close();
  }
}

type Snapshot = ReturnType<typeof snapshot>;

function expectSame(actual: Snapshot, expected: Snapshot): void {
  expect(actual.documents).toEqual(expected.documents);
  expect(actual.phrases.length).toBe(expected.phrases.length);
  expect(actual.phrases).toEqual(expected.phrases);
  expect(actual.occurrences.length).toBe(expected.occurrences.length);
  expect(actual.occurrences).toEqual(expected.occurrences);
  expect(actual.search).not.toBeNull();
  expect(actual.search).toEqual(expected.search);
}

let cleanV1: Snapshot;
let cleanV2: Snapshot;
const dbFile = (name: string) => path.join(tmp, `${name}.db`);

beforeAll(() => {
  writeFixtures(1);
  const r = ingestProcess(dbFile('clean'));
  expect(r.status, r.stderr).toBe(0);
  cleanV1 = snapshot(dbFile('clean'));
  // The clean re-ingest: version 1, then version 2 of the changed file.
  fs.copyFileSync(dbFile('clean'), dbFile('clean-reingest'));
  writeFixtures(2);
  const re = ingestProcess(dbFile('clean-reingest'));
  expect(re.status, re.stderr).toBe(0);
  cleanV2 = snapshot(dbFile('clean-reingest'));
  writeFixtures(1);
});

describe(`kill -9 during a first ingest (${HAS_CORPUS_FILES ? 'the seed, fixtures and four corpus files' : 'the seed and fixtures'})`, () => {
  it('the clean ingest found documents, phrases, occurrences and search results to compare with', () => {
    expect(cleanV1.documents.length).toBeGreaterThanOrEqual(HAS_CORPUS_FILES ? 8 : 4);
    expect(cleanV1.occurrences.length).toBeGreaterThan(100);
    expect(cleanV1.search?.['两个确立'].length).toBeGreaterThan(10);
    expect(cleanV2.phrases.some((p) => (p as { key: string }).key === '暖心行动')).toBe(true);
  });

  // The last document's transaction: the 4th without the corpus, the 8th with it.
  const points = ['store:2', 'stored:3', HAS_CORPUS_FILES ? 'store:8' : 'store:4', 'link:1', 'linked', 'stats', 'index', 'indexed', 'readings'];
  for (const point of points) {
    it(`killed at ${point}: passes integrity_check, and the next run finishes the job`, () => {
      writeFixtures(1);
      const file = dbFile(`first-${point.replace(':', '-')}`);
      const killed = ingestProcess(file, point);
      expect(killed.signal, `the ingest did not reach ${point}: ${killed.stderr}`).toBe('SIGKILL');
      expect(integrity(file)).toEqual(['ok']);
      const rerun = ingestProcess(file);
      expect(rerun.status, rerun.stderr).toBe(0);
      expect(integrity(file)).toEqual(['ok']);
      expectSame(snapshot(file), cleanV1);
    });
  }

  for (const ms of [2500, 5000, 8000]) {
    it(`killed ${ms} ms after it started: passes integrity_check, and the next run finishes the job`, async () => {
      writeFixtures(1);
      const file = dbFile(`first-after-${ms}`);
      const r = await ingestKilledAfter(file, ms);
      // Where it was when the signal came varies; whatever it was, the database is sound.
      if (r.killed && fs.existsSync(file)) expect(integrity(file)).toEqual(['ok']);
      const rerun = ingestProcess(file);
      expect(rerun.status, rerun.stderr).toBe(0);
      expectSame(snapshot(file), cleanV1);
    });
  }
});

describe('kill -9 while re-ingesting a changed file', () => {
  for (const point of ['store:1', 'link:1', 'stats', 'index', 'indexed']) {
    it(`killed at ${point}: the next run replaces the document and the search index`, () => {
      const file = dbFile(`reingest-${point.replace(':', '-')}`);
      fs.copyFileSync(dbFile('clean'), file);
      writeFixtures(2);
      const killed = ingestProcess(file, point);
      expect(killed.signal, `the ingest did not reach ${point}: ${killed.stderr}`).toBe('SIGKILL');
      expect(integrity(file)).toEqual(['ok']);
      const rerun = ingestProcess(file);
      expect(rerun.status, rerun.stderr).toBe(0);
      expectSame(snapshot(file), cleanV2);
      writeFixtures(1);
    });
  }
});
