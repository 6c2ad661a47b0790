import { expect, test } from '@playwright/test';
import { phraseId } from './helpers';
import { signIn } from './accounts';

test('API: the default list carries status, score and kind; ?all=1 and sort=quoted', async ({ request }) => {
  const list = (await (await request.get('/api/phrases?sort=quoted&pageSize=200')).json()) as {
    total: number;
    items: Array<{ status: string; score: number; kind: string; quotedCount: number }>;
  };
  expect(list.total).toBeGreaterThanOrEqual(17);
  for (const p of list.items) {
    expect(['confirmed', 'candidate']).toContain(p.status);
    expect(p.score).toBeGreaterThanOrEqual(0);
    expect(p.score).toBeLessThanOrEqual(1);
    expect(p.kind).toMatch(/^(formula|slogan|quotation)$/);
  }
  for (let i = 1; i < list.items.length; i++) expect(list.items[i - 1].quotedCount).toBeGreaterThanOrEqual(list.items[i].quotedCount);
  const all = (await (await request.get('/api/phrases?all=1')).json()) as { total: number };
  expect(all.total).toBeGreaterThanOrEqual(list.total);
  expect((await request.get('/api/phrases?status=bogus')).status()).toBe(400);
});

test('an editor confirms a phrase on its page; the status is kept in its history', async ({ page }) => {
  const id = await phraseId(page, '民情直通车');
  // Readers see the status, not the buttons, and cannot write.
  expect((await page.request.post(`/api/phrases/${id}/status`, { data: { status: 'confirmed' } })).status()).toBe(401);
  await signIn(page);
  await page.goto(`/phrases/${id}`);
  await expect(page.getByTestId('phrase-status')).toHaveText('candidate');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByTestId('phrase-status')).toHaveText('confirmed');
  await page.reload();
  await expect(page.locator('.history').getByText('status: confirmed').first()).toBeAttached();
  const res = await page.request.post(`/api/phrases/${id}/status`, { data: { status: 'candidate' } });
  expect(res.status()).toBe(200);
  expect(((await res.json()) as { status: string }).status).toBe('candidate');
  expect((await page.request.post(`/api/phrases/${id}/status`, { data: { status: 'maybe' } })).status()).toBe(400);
  expect((await page.request.post(`/api/phrases/${id}/merge`, { data: { into: 987654321 } })).status()).toBe(404);
});

test('documents: placed by collection and genre, source by file name, title and date set by an editor', async ({ page }) => {
  const docs = (await (await page.request.get('/api/documents?genre=speech')).json()) as {
    total: number;
    items: Array<{ id: number; genre: string; collection: string; source: string }>;
  };
  expect(docs.total).toBe(1);
  const doc = docs.items[0];
  expect(doc.source).not.toMatch(/[\\/]/);
  expect(((await (await page.request.get('/api/documents?genre=news')).json()) as { total: number }).total).toBe(0);
  expect((await page.request.patch(`/api/documents/${doc.id}`, { data: { version: 1, date: '2025-02-14' } })).status()).toBe(401);
  await signIn(page);
  const bad = await page.request.patch(`/api/documents/${doc.id}`, { data: { version: 1, date: '2025-13-01' } });
  expect(bad.status()).toBe(400);
  await page.goto(`/documents/${doc.id}`);
  await expect(page.getByTestId('document-source')).toHaveText(doc.source);
  await expect(page.getByTestId('document-place')).toContainText('speech');
  await page.goto(`/documents?genre=speech`);
  await expect(page.locator('table.glossary tbody tr')).toHaveCount(1);
});

test('an editor sets a document’s date, then brings the ingested one back with one button', async ({ page }) => {
  const docs = (await (await page.request.get('/api/documents')).json()) as { items: Array<{ id: number; date: string | null }> };
  const { id, date } = docs.items[0];
  await signIn(page);
  await page.goto(`/documents/${id}#metadata`);
  const form = page.getByRole('form', { name: 'Document metadata' });
  await form.getByLabel(/^Date/).fill('1999-09-09');
  await form.getByRole('button', { name: 'Save title and date' }).click();
  await expect(form.getByRole('status')).toContainText('Saved (version');
  await page.reload();
  await expect(page.locator('#meta-h')).toContainText('set by an editor');
  await page.locator('#metadata summary').click();
  const before = page.locator('#metadata .history li').filter({ hasText: 'Before the first edit' });
  await before.getByRole('button', { name: /^Revert to version/ }).click();
  await expect(before.getByRole('status')).toContainText('Reverted to version');
  await page.reload();
  await expect(page.locator('#meta-h')).toContainText('as ingested');
  await expect(page.getByRole('form', { name: 'Document metadata' }).getByLabel(/^Date/)).toHaveValue(date ?? '');
  await page.locator('#metadata summary').click();
  await expect(page.locator('#metadata .history li').first()).toContainText('reverted to version');
  // Readers see the history, not the buttons.
  const reader = await page.context().browser()!.newPage();
  await reader.goto(`/documents/${id}#metadata`);
  await reader.locator('#metadata summary').click();
  await expect(reader.locator('#metadata .history')).toBeVisible();
  await expect(reader.getByRole('button', { name: /^Revert to version/ })).toHaveCount(0);
  await reader.close();
});
