/**
 * Atom feeds on fixtures this test writes: valid Atom structure (feed id,
 * title, updated, author, entries with unique ids, updated, absolute links),
 * and entry ids and links that stay the same when more documents arrive.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/sqlite';
import { freshDatabase, urlOf } from './support/provider';
import { ingest } from '@/lib/ingest/run';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-feeds-'));
// Either provider (tests/support/provider.ts); set before the Prisma client is loaded.
const file = await freshDatabase(tmp, 'feeds');
process.env.DATABASE_URL = urlOf(file);
const ORIGIN = 'https://tifa.example';

let db: Db;
type Data = typeof import('@/lib/data');
let data: Data;
let feeds: typeof import('@/lib/data/feeds');

const dir = path.join(tmp, 'docs');
function write(name: string, text: string) {
  fs.writeFileSync(path.join(dir, name), text);
}

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  write('a.txt', '2023年工作会议讲话\n\n我们要坚持“两个确立”，落实“三会一课”制度。');
  db = openDb({ file });
  ingest(db, [dir]);
  data = await import('@/lib/data');
  feeds = await import('@/lib/data/feeds');
});

afterAll(async () => {
  const { prisma } = await import('@/lib/db/client');
  await prisma.$disconnect();
  db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

type Node = Record<string, unknown>;
const arr = <T,>(v: T | T[] | undefined): T[] => (v == null ? [] : Array.isArray(v) ? v : [v]);
/** An element's text, whether plain or with attributes (type="html"). */
const textOf = (v: unknown): string => (v && typeof v === 'object' ? String((v as Node)['#text'] ?? '') : String(v ?? ''));
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The Atom requirements of RFC 4287 that a reader relies on. */
function checkAtom(xml: string): { feed: Node; entries: Node[] } {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', parseTagValue: false }).parse(xml, true) as Node;
  const feed = doc.feed as Node;
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  expect(String(feed.id)).toMatch(/^tag:tifa,2026:/);
  expect(feed.title).toBeTruthy();
  expect(String(feed.updated)).toMatch(RFC3339);
  expect((feed.author as Node).name).toBe('Tifa');
  const links = arr(feed.link as Node | Node[]);
  expect(links.find((l) => l['@rel'] === 'self')?.['@href']).toMatch(/^https:\/\/tifa\.example\/feeds\//);
  const entries = arr(feed.entry as Node | Node[]);
  const ids = entries.map((e) => String(e.id));
  expect(new Set(ids).size).toBe(ids.length);
  for (const e of entries) {
    expect(String(e.id)).toMatch(/^tag:tifa,2026:phrase\/\d+/);
    expect(textOf(e.title)).not.toBe('');
    expect(String(e.updated)).toMatch(RFC3339);
    expect(String(arr(e.link as Node | Node[])[0]['@href'])).toMatch(/^https:\/\/tifa\.example\/phrases\/\d+/);
  }
  return { feed, entries };
}

async function entry(q: string) {
  const hit = (await data.listPhrases({ q })).items.find((p) => p.exact)!;
  return (await data.getPhrase(hit.id))!;
}

describe('Atom feeds', () => {
  it('new uses of a phrase: one entry per document bringing them, ids stable as documents arrive', async () => {
    const p = await entry('两个确立');
    const first = checkAtom(await feeds.phraseUsesFeed(p, ORIGIN));
    expect(first.entries).toHaveLength(1);
    const firstId = String(first.entries[0].id);
    const firstLink = String(arr(first.entries[0].link as Node[])[0]['@href']);
    expect(textOf(first.entries[0].content)).toContain('两个确立');
    write('b.txt', '2024年工作会议讲话\n\n深刻领悟“两个确立”的决定性意义，坚决做到“两个维护”。');
    ingest(db, [dir]);
    const again = checkAtom(await feeds.phraseUsesFeed((await data.getPhrase(p.id))!, ORIGIN));
    expect(again.entries).toHaveLength(2);
    // The new document first; the earlier entry keeps its id and link.
    expect(String(again.entries[1].id)).toBe(firstId);
    expect(String(arr(again.entries[1].link as Node[])[0]['@href'])).toBe(firstLink);
    expect(textOf(again.entries[0].title)).toMatch(/2024年工作会议讲话/);
  });

  it('phrases first seen in newly ingested documents', async () => {
    const { entries } = checkAtom(await feeds.newPhrasesFeed(ORIGIN));
    const titles = entries.map((e) => textOf(e.title));
    expect(titles.some((t) => t.startsWith('两个维护'))).toBe(true);
    expect(titles.some((t) => t.startsWith('两个确立'))).toBe(true);
    // Newest first: 两个维护 (second document) before 两个确立 (first).
    expect(titles.findIndex((t) => t.startsWith('两个维护'))).toBeLessThan(titles.findIndex((t) => t.startsWith('两个确立')));
  });
});
