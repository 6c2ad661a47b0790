import { expect, test } from '@playwright/test';
import { shoot } from './helpers';
import { signIn } from './accounts';

// Full-text search over the bundled sample (a traditional-script speech).

test('a simplified query finds the traditional sentence, highlighted, and links into the reading view', async ({ page }) => {
  await page.goto('/search?q=' + encodeURIComponent('政治生态'));
  await expect(page.getByTestId('search-total')).toContainText('1 sentence contains');
  const line = page.getByTestId('search-results').locator('li').first();
  await expect(line.locator('mark.kw').first()).toHaveText('政治生態');
  await expect(line.locator('.line')).toContainText('持續營造政協機關風清氣正的政治生態');
  const href = await line.locator('a.to-sentence').getAttribute('href');
  expect(href).toMatch(/^\/documents\/\d+\/sections\/\d+#s-\d+$/);
  await line.locator('a.to-sentence').click();
  await expect(page.locator(`#${href!.split('#')[1]}`)).toContainText('政治生態');
});

test('one- and two-character queries work in either script', async ({ page, request }) => {
  for (const q of ['黨', '党', '政協', '政协']) {
    const res = await request.get('/api/search?q=' + encodeURIComponent(q));
    expect(res.status()).toBe(200);
    const data = (await res.json()) as { total: number; lines: Array<{ sentence: string; start: number; end: number }> };
    expect(data.total).toBeGreaterThan(3);
    for (const l of data.lines) expect(l.sentence.slice(l.start, l.end)).toMatch(q.length === 1 ? /^[黨党]$/ : /^政[協协]$/);
  }
  // The same hits whichever script is typed.
  const a = (await (await request.get('/api/search?q=' + encodeURIComponent('兩個確立'))).json()) as { total: number };
  const b = (await (await request.get('/api/search?q=' + encodeURIComponent('两个确立'))).json()) as { total: number };
  expect(a.total).toBe(1);
  expect(b.total).toBe(1);
  await page.goto('/search?q=' + encodeURIComponent('黨'));
  await shoot(page, 'search', 1280);
  await shoot(page, 'search', 390);
});

test('filters: a date range without the document finds nothing; the document filter keeps it', async ({ request }) => {
  const none = (await (await request.get('/api/search?q=' + encodeURIComponent('政協') + '&from=2026')).json()) as { total: number };
  expect(none.total).toBe(0);
  const docs = (await (await request.get('/api/documents')).json()) as { items: Array<{ id: number }> };
  const id = docs.items[0].id;
  const inDoc = (await (await request.get(`/api/search?q=${encodeURIComponent('政協')}&document=${id}`)).json()) as { total: number };
  const all = (await (await request.get(`/api/search?q=${encodeURIComponent('政協')}`)).json()) as { total: number };
  expect(inDoc.total).toBe(all.total);
});

test('search API: bad parameters are 400 with a message', async ({ request }) => {
  for (const qs of ['', 'q=', 'q=x&page=0', 'q=x&from=March', 'q=x&document=abc', 'q=x&from=2020-13-45', 'q=x&to=2021-02-30', 'q=x&from=2024&to=2023', 'q=' + 'x'.repeat(101)]) {
    const res = await request.get('/api/search?' + qs);
    expect(res.status(), qs).toBe(400);
    expect(((await res.json()) as { error: string }).error.length).toBeGreaterThan(0);
  }
});

test('an editor adds a searched string to the glossary after confirming, and can undo it', async ({ page }) => {
  // Readers are not offered the button.
  await page.goto('/search?q=' + encodeURIComponent('正風肅紀'));
  await expect(page.getByTestId('search-total')).toContainText('1 sentence contains');
  await expect(page.getByTestId('promote')).toHaveCount(0);
  await expect(page.getByTestId('sign-in-to-edit')).toContainText('add this string to the glossary');

  await signIn(page, 'editor');
  await page.reload();
  await page.getByTestId('promote').click();
  // Nothing is written before the confirmation.
  await expect(page.getByTestId('promote-confirm-text')).toContainText('1 sentences');
  const before = await page.request.get('/api/phrases?q=' + encodeURIComponent('正风肃纪'));
  expect(((await before.json()) as { items: Array<{ exact: boolean }> }).items.filter((i) => i.exact)).toHaveLength(0);
  await page.getByTestId('promote-confirm').click();
  await expect(page).toHaveURL(/\/phrases\/\d+$/);
  await expect(page.getByTestId('headword')).toHaveText('正風肅紀'); // the form as written in the text
  const line = page.getByTestId('concordance').locator('li').first();
  await expect(line.locator('mark.kw')).toHaveText('正風肅紀');
  await expect(page.getByTestId('promotion')).toContainText('e2e-editor');
  // Searching again now links to the entry instead of offering to add it.
  const entryUrl = page.url();
  await page.goto('/search?q=' + encodeURIComponent('正风肃纪'));
  await expect(page.getByRole('link', { name: /Open the glossary entry/ })).toBeVisible();

  // Undo: the entry goes, and the search offers to add it again.
  await page.goto(entryUrl);
  await page.getByTestId('undo-promotion').click();
  await page.getByTestId('undo-promotion-confirm').click();
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.getByTestId('promote')).toBeVisible();
  expect((await page.request.get(new URL(entryUrl).pathname.replace('/phrases/', '/api/phrases/'))).status()).toBe(404);
});

test('a result narrows the search to its document or its section', async ({ page }) => {
  await page.goto('/search?q=' + encodeURIComponent('政協'));
  const all = Number((await page.getByTestId('search-total').locator('b').innerText()).replace(/,/g, ''));
  await page.getByTestId('search-results').locator('li').nth(3).getByRole('link', { name: 'only this section' }).click();
  await expect(page).toHaveURL(/section=\d+/);
  const inSection = Number((await page.getByTestId('search-total').locator('b').innerText()).replace(/,/g, ''));
  expect(inSection).toBeGreaterThan(0);
  expect(inSection).toBeLessThan(all);
  await expect(page.getByRole('link', { name: 'only this section' })).toHaveCount(0);
});
