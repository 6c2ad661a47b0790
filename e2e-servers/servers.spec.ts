/**
 * Two app servers (`next start`) on one PostgreSQL database behave as one
 * site: the same entries and search results, a session signed in on either
 * valid on both, a note saved through one read through the other at once,
 * sign-in limits counted across both, and an ingest run while both serve.
 * (Cookies are not port-specific: one browser context talks to both servers
 * as it would to two servers behind one load balancer.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { ACCOUNTS } from '../e2e/accounts';

const [A, B] = (process.env.TIFA_SERVERS ?? '').split(' ');
const DATABASE_URL = process.env.TIFA_SERVERS_DATABASE_URL!;

async function json<T>(ctx: APIRequestContext, url: string): Promise<T> {
  const res = await ctx.get(url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

async function exactId(ctx: APIRequestContext, base: string, q: string): Promise<number | null> {
  const data = await json<{ items: Array<{ id: number; exact: boolean }> }>(ctx, `${base}/api/phrases?q=${encodeURIComponent(q)}`);
  return data.items.find((x) => x.exact)?.id ?? null;
}

test('entries, search and pages are the same through either server', async ({ page }) => {
  const ctx = await request.newContext();
  for (const q of ['两个确立', 'lgql', '永远在路上']) {
    expect(await json(ctx, `${B}/api/phrases?q=${encodeURIComponent(q)}`), q).toEqual(await json(ctx, `${A}/api/phrases?q=${encodeURIComponent(q)}`));
  }
  for (const q of ['政协', '黨', '两个确立']) {
    const a = await json<{ total: number }>(ctx, `${A}/api/search?q=${encodeURIComponent(q)}`);
    expect(a.total, q).toBeGreaterThan(0);
    expect(await json(ctx, `${B}/api/search?q=${encodeURIComponent(q)}`), q).toEqual(a);
  }
  const id = (await exactId(ctx, A, '两个确立'))!;
  for (const base of [A, B]) {
    await page.goto(`${base}/phrases/${id}`);
    await expect(page.locator('h1')).toContainText('兩個確立');
    await page.goto(`${base}/search?q=${encodeURIComponent('政协')}`);
    await expect(page.locator('main')).toContainText('政協');
  }
  await ctx.dispose();
});

test('a session signed in on one server is valid on the other; a note saved through one is read through the other at once', async () => {
  const ctx = await request.newContext();
  const signIn = async (base: string, who: keyof typeof ACCOUNTS) => {
    const { name, password } = ACCOUNTS[who];
    const res = await ctx.post(`${base}/api/session`, { data: { name, password }, headers: { origin: base } });
    expect(res.status(), `sign-in on ${base}`).toBe(200);
  };
  await signIn(A, 'editor');
  expect((await json<{ user: { name: string } | null }>(ctx, `${B}/api/session`)).user?.name).toBe(ACCOUNTS.editor.name);
  const id = (await exactId(ctx, A, '三会一课'))!;
  const body = `Written through ${A} at ${new Date().toISOString()}`;
  const created = await ctx.post(`${A}/api/phrases/${id}/notes`, { data: { body }, headers: { origin: A } });
  expect(created.status()).toBe(201);
  const seen = await json<{ live: Array<{ body: string }> }>(ctx, `${B}/api/phrases/${id}/notes`);
  expect(seen.live.map((n) => n.body)).toContain(body);

  // Signed in on the other server, as another editor, writing there and read here.
  const other = await request.newContext();
  const { name, password } = ACCOUNTS.editor2;
  expect((await other.post(`${B}/api/session`, { data: { name, password }, headers: { origin: B } })).status()).toBe(200);
  expect((await json<{ user: { name: string } | null }>(other, `${A}/api/session`)).user?.name).toBe(name);
  const reply = `Written through ${B}`;
  expect((await other.post(`${B}/api/phrases/${id}/notes`, { data: { body: reply }, headers: { origin: B } })).status()).toBe(201);
  expect((await json<{ live: Array<{ body: string }> }>(ctx, `${A}/api/phrases/${id}/notes`)).live.map((n) => n.body)).toEqual(expect.arrayContaining([body, reply]));
  // Signing out on one server ends the session on both.
  expect((await ctx.delete(`${B}/api/session`, { headers: { origin: B } })).status()).toBeLessThan(300);
  expect((await json<{ user: unknown }>(ctx, `${A}/api/session`)).user).toBeNull();
  await ctx.dispose();
  await other.dispose();
});

test('a page kept by one server is rendered anew there once a note is written through the other', async () => {
  const anon = await request.newContext();
  const editor = await request.newContext();
  const id = (await exactId(anon, A, '第一议题'))!;
  const url = `${B}/phrases/${id}`;
  // The version token is the WAL position: PostgreSQL's own background records (a standby snapshot
  // after writes, autovacuum) move it too, which costs a miss now and then, never a stale page.
  await expect
    .poll(async () => (await anon.get(url)).headers()['x-tifa-cache'], { message: 'an anonymous page is kept on PostgreSQL too', timeout: 30_000 })
    .toBe('hit');
  const { name, password } = ACCOUNTS.editor;
  expect((await editor.post(`${A}/api/session`, { data: { name, password }, headers: { origin: A } })).status()).toBe(200);
  const body = `Kept-page check through ${A} at ${new Date().toISOString()}`;
  expect((await editor.post(`${A}/api/phrases/${id}/notes`, { data: { body }, headers: { origin: A } })).status()).toBe(201);
  const after = await anon.get(url);
  expect(after.headers()['x-tifa-cache']).toBe('miss');
  expect(await after.text()).toContain(body);
  await anon.dispose();
  await editor.dispose();
});

test('sign-in failures are counted across both servers', async () => {
  const ctx = await request.newContext();
  const attempt = (base: string, password: string) => ctx.post(`${base}/api/session`, { data: { name: 'nobody-here', password }, headers: { origin: base } });
  // Five failures, alternating servers: the name is then refused on both.
  for (let i = 0; i < 5; i++) expect((await attempt(i % 2 ? B : A, `wrong ${i}`)).status()).toBe(401);
  expect((await attempt(A, 'wrong again')).status()).toBe(429);
  expect((await attempt(B, 'wrong again')).status()).toBe(429);
  await ctx.dispose();
});

test('an ingest run while both servers serve: requests keep being answered, and both then find the new document', async () => {
  const ctx = await request.newContext();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-servers-'));
  const term = '协同治理“双网格联动”';
  fs.writeFileSync(
    path.join(dir, 'new-report.txt'),
    `关于基层治理的报告\n\n一、总体情况\n\n全市推行“双网格联动”机制，${term}成效明显。\n\n二、下一步工作\n\n继续深化“双网格联动”，坚持“两个确立”。`,
  );
  const child = spawn('npm', ['run', 'ingest', '--', '--quiet', dir], { env: { ...process.env, DATABASE_URL }, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let done = false;
  void exited.then(() => (done = true));
  let served = 0;
  while (!done) {
    for (const base of [A, B]) {
      const res = await ctx.get(`${base}/api/search?q=${encodeURIComponent('政协')}`);
      expect(res.status()).toBe(200);
      served++;
    }
  }
  expect(await exited).toBe(0);
  expect(served).toBeGreaterThan(0);
  // The index reloads on each server when it sees the new generation: no restart.
  for (const base of [A, B]) {
    await expect
      .poll(async () => (await json<{ total: number }>(ctx, `${base}/api/search?q=${encodeURIComponent('双网格联动')}`)).total, { timeout: 30_000 })
      .toBe(2);
    expect(await exactId(ctx, base, '双网格联动'), base).not.toBeNull();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  await ctx.dispose();
});
