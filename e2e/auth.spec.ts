import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from './accounts';
import { phraseId } from './helpers';

// Accounts, sign-in and who may write. The accounts come from playwright.config.ts (npm run users).

test('the login page signs an editor in; the header shows who; signing out makes a reader again', async ({ page }) => {
  const id = await phraseId(page, '三会一课');
  await page.goto(`/phrases/${id}`);
  await expect(page.getByTestId('sign-in-to-edit').first()).toBeVisible();
  await expect(page.locator('#new-note')).toHaveCount(0);
  await page.getByTestId('sign-in-link').click();
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel('Name').fill(ACCOUNTS.editor.name);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form[aria-label="Sign in"] [role=alert]')).toHaveText('Wrong name or password.');

  await page.getByLabel('Password').fill(ACCOUNTS.editor.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in')).toContainText(ACCOUNTS.editor.name);

  const cookie = (await page.context().cookies()).find((c) => c.name === 'tifa_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
  // The cookie is not readable from scripts.
  expect(await page.evaluate(() => document.cookie)).not.toContain('tifa_session');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByTestId('sign-in-link')).toBeVisible();
  const me = await page.request.get('/api/session');
  expect(await me.json()).toEqual({ user: null });
});

test('login sends the editor back to the entry, where the note they write carries their name', async ({ page }) => {
  const id = await phraseId(page, '两个确立');
  await page.goto(`/phrases/${id}`);
  await page.getByTestId('sign-in-to-edit').first().getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Name').fill(ACCOUNTS.editor.name);
  await page.getByLabel('Password').fill(ACCOUNTS.editor.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/phrases/${id}$`));
  const text = `Signed note ${test.info().testId}`;
  await page.locator('#new-note').fill(text);
  await page.getByRole('button', { name: 'Add note' }).click();
  const note = page.getByTestId('note').filter({ hasText: text });
  await expect(note.locator('.note-meta')).toContainText(ACCOUNTS.editor.name);
  // No name field to type someone else's name into.
  await expect(page.locator('input[name=author]')).toHaveCount(0);
});

test('anonymous writes get 401, a reader account’s 403, an editor’s succeed as themselves', async ({ playwright, baseURL }) => {
  const anon = await playwright.request.newContext({ baseURL });
  const id = await phraseId(anon, '三会一课');
  const post = (ctx: typeof anon) => ctx.post(`/api/phrases/${id}/notes`, { data: { body: 'who am I', author: 'Someone Else' } });
  const a = await post(anon);
  expect(a.status()).toBe(401);
  expect(((await a.json()) as { error: string }).error).toMatch(/Sign in/);
  expect((await anon.patch(`/api/phrases/${id}`, { data: { version: 1, translation: 'x' } })).status()).toBe(401);
  expect((await anon.delete('/api/notes/1?version=1')).status()).toBe(401);

  const reader = await playwright.request.newContext({ baseURL });
  await signIn(reader, 'reader');
  expect((await post(reader)).status()).toBe(403);
  expect((await reader.patch(`/api/phrases/${id}`, { data: { version: 1, translation: 'x' } })).status()).toBe(403);

  const editor = await playwright.request.newContext({ baseURL });
  await signIn(editor, 'editor');
  const ok = await post(editor);
  expect(ok.status()).toBe(201);
  // The author is the signed-in user, whatever the body says.
  expect(((await ok.json()) as { author: string }).author).toBe(ACCOUNTS.editor.name);

  // Wrong credentials: 401, and the session endpoint says nobody.
  expect((await anon.post('/api/session', { data: { name: ACCOUNTS.editor.name, password: 'nope' } })).status()).toBe(401);
  expect((await anon.post('/api/session', { data: { name: 'no-such-user', password: 'nope' } })).status()).toBe(401);
  await Promise.all([anon.dispose(), reader.dispose(), editor.dispose()]);
});

test('a reader account sees no editing forms and the page says why', async ({ page }) => {
  await signIn(page, 'reader');
  const id = await phraseId(page, '三会一课');
  await page.goto(`/phrases/${id}`);
  await expect(page.getByTestId('no-edit-rights').first()).toContainText('editor role');
  await expect(page.locator('#new-note')).toHaveCount(0);
  await expect(page.locator('form[aria-label="Editor fields"]')).toHaveCount(0);
});

test('a page on another site cannot write with the editor’s cookie (form, text/plain or JSON)', async ({ page, baseURL }) => {
  await signIn(page, 'editor');
  const id = await phraseId(page, '三会一课');
  const target = `${baseURL}/api/phrases/${id}/notes`;
  const before = ((await (await page.request.get(`/api/phrases/${id}/notes`)).json()) as { live: unknown[] }).live.length;
  // The attacker's page: same browser (the editor's cookies), another origin (127.0.0.1 vs localhost).
  const evil = baseURL!.replace('localhost', '127.0.0.1');
  await page.goto(`${evil}/api/session`);
  const statuses = await page.evaluate(async (url) => {
    const out: Record<string, number | string> = {};
    const tries: Array<[string, RequestInit]> = [
      ['text/plain', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: '{"body":"csrf text"}' }],
      ['form', { method: 'POST', mode: 'no-cors', credentials: 'include', body: new URLSearchParams({ body: 'csrf form' }) }],
      ['json', { method: 'POST', mode: 'cors', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: '{"body":"csrf json"}' }],
    ];
    for (const [name, init] of tries) {
      try {
        const r = await fetch(url, init);
        out[name] = r.type === 'opaque' ? 'opaque' : r.status;
      } catch (e) {
        out[name] = 'blocked: ' + (e as Error).message;
      }
    }
    return out;
  }, target);
  expect(Object.keys(statuses)).toHaveLength(3);
  // Whatever the browser let through, nothing was written.
  const after = ((await (await page.request.get(`/api/phrases/${id}/notes`)).json()) as { live: Array<{ body: string }> }).live;
  expect(after.length).toBe(before);
  expect(after.some((n) => n.body.startsWith('csrf'))).toBe(false);
  // And the server's own answer, with the cookie and the other origin named: 403.
  const direct = await page.request.post(target, { headers: { Origin: evil }, data: { body: 'csrf direct' } });
  expect(direct.status()).toBe(403);
});
