import { expect, test, type APIResponse } from '@playwright/test';
import { phraseId } from './helpers';
import { signIn } from './accounts';

/**
 * The rendered-page cache of scripts/serve.mjs (lib/serve/page-cache.mjs), on
 * the real server: an anonymous reader's page is served again until anything
 * is written, each time with a fresh CSP nonce; a signed-in reader's never is.
 */

function nonce(res: APIResponse): string {
  const m = /'nonce-([^']+)'/.exec(res.headers()['content-security-policy'] ?? '');
  if (!m) throw new Error('no nonce in the CSP header');
  return m[1];
}

test('an anonymous reader’s page is served again with a fresh nonce, and rendered anew after an editor writes', async ({ playwright, baseURL }) => {
  const anon = await playwright.request.newContext({ baseURL });
  const editor = await playwright.request.newContext({ baseURL });
  try {
    const id = await phraseId(anon, '第一议题');
    const url = `/phrases/${id}`;
    const first = await anon.get(url, { headers: { 'cache-control': 'no-cache' } });
    expect(first.status()).toBe(200);
    expect(first.headers()['x-tifa-cache']).toBe('miss');
    const second = await anon.get(url);
    expect(second.headers()['x-tifa-cache']).toBe('hit');
    const [a, b] = [nonce(first), nonce(second)];
    expect(b).not.toBe(a);
    const html = await second.text();
    expect(html).toContain(`nonce="${b}"`);
    expect(html).not.toContain(a);
    expect(html.replaceAll(b, a)).toBe(await first.text());
    // The security headers come with the kept page too.
    expect(second.headers()['x-frame-options']).toBe('DENY');

    // An editor's note is on the next anonymous view: the write changed the database.
    await signIn(editor);
    const body = `Cache check ${Date.now()}: 第一议题 is the first item on the agenda.`;
    expect((await editor.post(`/api/phrases/${id}/notes`, { data: { body } })).status()).toBe(201);
    const after = await anon.get(url);
    expect(after.headers()['x-tifa-cache']).toBe('miss');
    expect(await after.text()).toContain(body.slice(0, 30));
    expect((await anon.get(url)).headers()['x-tifa-cache']).toBe('hit');

    // Signed in, the page (with its edit forms) is rendered for that reader alone.
    const own = await editor.get(url);
    expect(own.headers()['x-tifa-cache']).toBeUndefined();
    expect(await own.text()).toContain('Add a note');
  } finally {
    await anon.dispose();
    await editor.dispose();
  }
});

test('each script is its own kept page', async ({ playwright, baseURL }) => {
  const simplified = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: 'tifa-script=simplified' } });
  const traditional = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: 'tifa-script=traditional' } });
  try {
    const id = await phraseId(simplified, '第一议题');
    for (const ctx of [simplified, traditional]) {
      await ctx.get(`/phrases/${id}`);
      expect((await ctx.get(`/phrases/${id}`)).headers()['x-tifa-cache']).toBe('hit');
    }
    const s = await (await simplified.get(`/phrases/${id}`)).text();
    const t = await (await traditional.get(`/phrases/${id}`)).text();
    expect(s).toContain('第一议题');
    expect(t).toContain('第一議題');
  } finally {
    await simplified.dispose();
    await traditional.dispose();
  }
});

test('client-side navigations are kept per router state, and still follow the data', async ({ page, playwright, baseURL }) => {
  const anon = await playwright.request.newContext({ baseURL });
  try {
    const id = await phraseId(anon, '第一议题');
    const tree = encodeURIComponent(JSON.stringify(['', { children: ['__PAGE__', {}] }]));
    const nav = { rsc: '1', 'next-router-state-tree': tree };
    const first = await anon.get(`/phrases/${id}`, { headers: { ...nav, 'cache-control': 'no-cache' } });
    expect(first.status()).toBe(200);
    expect(first.headers()['content-type']).toContain('text/x-component');
    const second = await anon.get(`/phrases/${id}`, { headers: nav });
    expect(second.headers()['x-tifa-cache']).toBe('hit');
    expect(second.headers()['content-type']).toContain('text/x-component');
    // The HTML page is another entry: a navigation's flight data is never served as the page.
    const html = await anon.get(`/phrases/${id}`, { headers: { 'cache-control': 'no-cache' } });
    expect(html.headers()['content-type']).toContain('text/html');
    expect((await anon.get(`/phrases/${id}`)).headers()['content-type']).toContain('text/html');
  } finally {
    await anon.dispose();
  }
  // In the browser, the header's links navigate as before.
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Glossary' }).click();
  await expect(page).toHaveURL(/\/phrases$/);
  await expect(page.locator('h1')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Documents' }).click();
  await expect(page).toHaveURL(/\/documents$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/phrases$/);
});
