import { expect, test } from '@playwright/test';

// The analyses on the bundled sample (one document): compare, and later timelines,
// concordance exports and feeds.

test('compare: a document with itself keeps everything; bad parameters are 400, unknown documents 404', async ({ request, page }) => {
  const docs = (await (await request.get('/api/documents')).json()) as { items: Array<{ id: number }> };
  const id = docs.items[0].id;
  const res = await request.get(`/api/compare?a=${id}&b=${id}`);
  expect(res.status()).toBe(200);
  const r = (await res.json()) as { added: unknown[]; dropped: unknown[]; kept: Array<{ id: number; text: string; simplified: string; kind: string; usesA: number; usesB: number }> };
  expect(r.added).toEqual([]);
  expect(r.dropped).toEqual([]);
  expect(r.kept.length).toBeGreaterThan(5);
  for (const k of r.kept) {
    expect(k.usesA).toBe(k.usesB);
    expect(Object.keys(k).sort()).toEqual(['id', 'kind', 'simplified', 'text', 'usesA', 'usesB']);
  }
  for (const url of ['/api/compare', '/api/compare?a=1', '/api/compare?a=x&b=1', '/api/compare?yearA=20&yearB=2021']) {
    const bad = await request.get(url);
    expect(bad.status(), url).toBe(400);
    expect(((await bad.json()) as { error: string }).error, url).toBeTruthy();
  }
  expect((await request.get(`/api/compare?a=987654321&b=${id}`)).status()).toBe(404);

  await page.goto(`/compare?a=${id}&b=${id}`);
  await expect(page.getByTestId('kept').locator('tbody tr')).toHaveCount(r.kept.length > 150 ? 150 : r.kept.length);
  await expect(page.getByTestId('added')).toContainText('None.');
});
