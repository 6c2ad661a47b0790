import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageCache, deflateParts, freshNonce, gzipJoin, joinWith, nonceOf, pageKey, splitAt, wantsFresh } from './page-cache.mjs';
import { openDataVersion } from './data-version.mjs';

const req = (url: string, headers: Record<string, string> = {}, method = 'GET') => ({ method, url, headers }) as never;

describe('pageKey: which requests share a kept page', () => {
  it('keys an anonymous reader’s page on its URL and script', () => {
    expect(pageKey(req('/phrases/1?sort=left'))).toBe(pageKey(req('/phrases/1?sort=left', { cookie: 'other=1' })));
    expect(pageKey(req('/phrases/1?sort=left'))).not.toBe(pageKey(req('/phrases/1?sort=right')));
    expect(pageKey(req('/phrases/1', { cookie: 'tifa-script=traditional' }))).not.toBe(pageKey(req('/phrases/1')));
    expect(pageKey(req('/phrases/1', { cookie: 'other=1; tifa-script=simplified' }))).not.toBe(pageKey(req('/phrases/1')));
  });

  it('keys a client-side navigation on the router headers Next.js varies on', () => {
    const nav = { rsc: '1', 'next-router-state-tree': '%5B%22%22%5D' };
    expect(pageKey(req('/phrases/1', nav))).not.toBeNull();
    expect(pageKey(req('/phrases/1', nav))).not.toBe(pageKey(req('/phrases/1')));
    expect(pageKey(req('/phrases/1', nav))).not.toBe(pageKey(req('/phrases/1', { ...nav, 'next-router-prefetch': '1' })));
    expect(pageKey(req('/phrases/1', nav))).not.toBe(pageKey(req('/phrases/1', { ...nav, 'next-router-state-tree': '%5B%22x%22%5D' })));
  });

  it('renders for one reader alone: signed in, not GET, the API, assets, actions', () => {
    expect(pageKey(req('/phrases/1', { cookie: 'tifa_session=abc' }))).toBeNull();
    expect(pageKey(req('/phrases/1', { cookie: 'tifa-script=simplified; tifa_session=' }))).toBeNull();
    expect(pageKey(req('/phrases/1', {}, 'POST'))).toBeNull();
    expect(pageKey(req('/phrases/1', {}, 'HEAD'))).toBeNull();
    expect(pageKey(req('/api/phrases'))).toBeNull();
    expect(pageKey(req('/_next/static/chunks/a.js'))).toBeNull();
    expect(pageKey(req('/phrases/1', { 'next-action': 'abc' }))).toBeNull();
  });

  it('takes a reload’s no-cache as a request for a fresh page', () => {
    expect(wantsFresh(req('/', { 'cache-control': 'no-cache' }))).toBe(true);
    expect(wantsFresh(req('/', { 'cache-control': 'max-age=0' }))).toBe(true);
    expect(wantsFresh(req('/', { pragma: 'no-cache' }))).toBe(true);
    expect(wantsFresh(req('/', {}))).toBe(false);
    expect(wantsFresh(req('/', { 'cache-control': 'max-age=60' }))).toBe(false);
  });
});

describe('nonces', () => {
  const nonce = freshNonce();
  const page = Buffer.from(`<script nonce="${nonce}">a</script>中文<p>{"nonce":"${nonce}"}</p>${nonce}`);

  it('reads the nonce from the CSP header', () => {
    expect(nonceOf(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`)).toBe(nonce);
    expect(nonceOf("script-src 'self'")).toBeNull();
  });

  it('splits at every occurrence and joins with a new nonce', () => {
    const parts = splitAt(page, nonce);
    expect(parts).toHaveLength(4);
    const other = freshNonce();
    expect(other).not.toBe(nonce);
    expect(joinWith(parts, other).toString()).toBe(page.toString().replaceAll(nonce, other));
    expect(joinWith(parts, nonce).equals(page)).toBe(true);
    expect(splitAt(page, null)).toEqual([page]);
  });

  it('gzips a join from parts compressed beforehand, to the same bytes', async () => {
    for (const body of [page, Buffer.from(nonce + 'x' + nonce), Buffer.from(''), Buffer.from('no nonce at all '.repeat(5000))]) {
      const parts = splitAt(body, nonce);
      const deflated = await deflateParts(parts);
      const other = freshNonce();
      const gz = gzipJoin(parts, deflated, other);
      expect(zlib.gunzipSync(gz).equals(joinWith(parts, other))).toBe(true);
    }
  });
});

describe('PageCache', () => {
  const entry = (bytes: number, version = 'v1') => ({ version, status: 200, headers: {}, parts: [Buffer.alloc(bytes)], deflated: [], bytes });

  it('serves an entry only for the version it was rendered at, and not past its age', () => {
    const c = new PageCache({ maxBytes: 1000, ttlMs: 1000 });
    c.set('a', entry(10), 0);
    expect(c.get('a', 'v1', 500)).toBeDefined();
    expect(c.get('a', 'v2', 500)).toBeUndefined();
    // A stale version is dropped, not kept beside the new one.
    expect(c.get('a', 'v1', 500)).toBeUndefined();
    c.set('b', entry(10), 0);
    expect(c.get('b', 'v1', 1001)).toBeUndefined();
    expect(c.bytes).toBe(0);
  });

  it('stays within its bytes, dropping the least recently used', () => {
    const c = new PageCache({ maxBytes: 100 });
    c.set('a', entry(40));
    c.set('b', entry(40));
    c.get('a', 'v1');
    c.set('c', entry(40));
    expect([...c.entries.keys()]).toEqual(['a', 'c']);
    expect(c.bytes).toBe(80);
    c.set('huge', entry(101));
    expect(c.entries.has('huge')).toBe(false);
    expect(c.bytes).toBe(80);
  });

  it('is off at 0 bytes', () => {
    expect(new PageCache({ maxBytes: 0 }).enabled).toBe(false);
  });
});

describe('record and send, over HTTP', () => {
  let server: http.Server;
  let base = '';
  let version = 'v1';
  let renders = 0;
  const cache = new PageCache();

  beforeAll(async () => {
    // A stand-in for Next.js: a page with a fresh nonce in its CSP and body, gzipped when asked.
    server = http.createServer(async (rq, rs) => {
      if (await cache.answer(rq, rs, async () => version)) return;
      renders++;
      if (rq.url === '/slow') await new Promise((r) => setTimeout(r, 200));
      const nonce = freshNonce();
      const status = rq.url === '/missing' ? 404 : 200;
      rs.setHeader('Content-Security-Policy', `script-src 'nonce-${nonce}'`);
      rs.setHeader('Content-Type', rq.url === '/data.csv' ? 'text/csv' : 'text/html; charset=utf-8');
      if (rq.url === '/cookie') rs.setHeader('Set-Cookie', 'a=b');
      const body = Buffer.from(`<html><script nonce="${nonce}"></script><p>第${renders}次 ${rq.url}</p></html>`);
      if (/gzip/.test(String(rq.headers['accept-encoding']))) {
        rs.writeHead(status, { 'Content-Encoding': 'gzip' });
        rs.end(zlib.gzipSync(body));
      } else {
        rs.writeHead(status);
        rs.write(body.subarray(0, 10));
        rs.end(body.subarray(10));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  /** A GET that sends exactly `headers` (fetch would add its own Accept-Encoding). */
  function get(url: string, headers: Record<string, string> = {}) {
    return new Promise<{ status: number; text: string; nonce: string | null; cache: string | null; encoding: string | null }>((resolve, reject) => {
      http
        .get(base + url, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const encoding = (res.headers['content-encoding'] as string | undefined) ?? null;
            resolve({
              status: res.statusCode ?? 0,
              text: (encoding === 'gzip' ? zlib.gunzipSync(raw) : raw).toString(),
              nonce: nonceOf(res.headers['content-security-policy']),
              cache: (res.headers['x-tifa-cache'] as string | undefined) ?? null,
              encoding,
            });
          });
        })
        .on('error', reject);
    });
  }
  const stored = async (n: number) => {
    for (let i = 0; i < 100 && cache.stats.stored < n; i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('renders once, then serves the same page with a fresh nonce in header and body', async () => {
    const first = await get('/page', { 'accept-encoding': 'gzip' });
    expect(first.cache).toBe('miss');
    await stored(1);
    const second = await get('/page', { 'accept-encoding': 'gzip' });
    const plain = await get('/page');
    for (const hit of [second, plain]) {
      expect(hit.cache).toBe('hit');
      expect(hit.nonce).not.toBe(first.nonce);
      expect(hit.text).toBe(first.text.replaceAll(first.nonce!, hit.nonce!));
      expect(hit.text).toContain(`nonce="${hit.nonce}"`);
    }
    expect(plain.encoding).toBeNull();
    expect(renders).toBe(1);
  });

  it('renders again when the data changed, and on a reload', async () => {
    version = 'v2';
    expect((await get('/page')).cache).toBe('miss');
    await stored(2);
    expect((await get('/page')).cache).toBe('hit');
    expect((await get('/page', { 'cache-control': 'no-cache' })).cache).toBe('miss');
  });

  it('lets readers who ask during a render wait for it rather than render too', async () => {
    const before = renders;
    const all = await Promise.all(Array.from({ length: 5 }, () => get('/slow')));
    expect(renders - before).toBe(1);
    expect(all.filter((r) => r.cache === 'hit')).toHaveLength(4);
    expect(new Set(all.map((r) => r.nonce)).size).toBe(5);
    expect(new Set(all.map((r) => r.text.replaceAll(r.nonce!, '')))).toHaveLength(1);
  });

  it('keeps no error page, no page that sets a cookie, nothing but pages', async () => {
    for (const url of ['/missing', '/cookie', '/data.csv']) {
      await get(url);
      await new Promise((r) => setTimeout(r, 50));
      expect((await get(url)).cache).toBe('miss');
    }
  });
});

describe('openDataVersion on SQLite', () => {
  it('changes when another connection commits, not otherwise', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-version-'));
    const file = path.join(dir, 'v.db');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE t (x)');
    const v = await openDataVersion('file:' + file);
    try {
      const a = await v.current();
      expect(a).not.toBeNull();
      expect(await v.current()).toBe(a);
      writer.prepare('INSERT INTO t VALUES (1)').run();
      const b = await v.current();
      expect(b).not.toBe(a);
      writer.prepare('SELECT * FROM t').all();
      expect(await v.current()).toBe(b);
    } finally {
      await v.close();
      writer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers null when there is no database to ask', async () => {
    const v = await openDataVersion('file:' + path.join(os.tmpdir(), 'tifa-no-such-dir', 'x.db'));
    expect(await v.current()).toBeNull();
    await v.close();
  });
});
