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

test('timeline API: one item per year with text, figures per million and by collection', async ({ request }) => {
  const list = (await (await request.get(`/api/phrases?q=${encodeURIComponent('两个确立')}`)).json()) as { items: Array<{ id: number; exact: boolean }> };
  const id = list.items.find((p) => p.exact)!.id;
  const res = await request.get(`/api/phrases/${id}/timeline`);
  expect(res.status()).toBe(200);
  const t = (await res.json()) as Array<{ year: number; uses: number; documents: number; characters: number; perMillion: number; byCollection: Record<string, { uses: number }> }>;
  expect(t.length).toBeGreaterThan(0);
  for (const y of t) {
    expect(Object.keys(y).sort()).toEqual(['byCollection', 'characters', 'documents', 'perMillion', 'uses', 'year']);
    expect(y.perMillion).toBeCloseTo((y.uses / y.characters) * 1e6, 2);
    expect(Object.values(y.byCollection).reduce((a, c) => a + c.uses, 0)).toBe(y.uses);
  }
  expect((await request.get('/api/phrases/987654321/timeline')).status()).toBe(404);
  expect((await request.get('/api/phrases/x/timeline')).status()).toBe(400);
});

test('entry page: a click on a year of the chart filters the concordance to that year; sorts, collapse and CSV export', async ({ page, request }) => {
  const list = (await (await request.get(`/api/phrases?q=${encodeURIComponent('两个确立')}`)).json()) as { items: Array<{ id: number; exact: boolean }> };
  const id = list.items.find((p) => p.exact)!.id;
  await page.goto(`/phrases/${id}`);
  await expect(page.getByTestId('peak-year')).not.toHaveText('—');
  const bar = page.locator('[data-testid="timeline-chart"] a[data-year]').first();
  const year = await bar.getAttribute('data-year');
  await bar.click();
  await expect(page).toHaveURL(new RegExp(`from=${year}&to=${year}`));
  await expect(page.getByTestId('concordance').locator('li')).not.toHaveCount(0);
  await expect(page.locator('select[name="from"]')).toHaveValue(String(year));

  await page.goto(`/phrases/${id}?sort=left&collapse=1`);
  await expect(page.getByTestId('concordance').locator('li')).not.toHaveCount(0);
  await expect(page.locator('select[name="sort"]')).toHaveValue('left');
  await page.locator('#concordance-lines input.pick').first().check();
  await expect(page.getByTestId('copy-lines')).toBeVisible();

  const csv = await request.get(`/api/phrases/${id}/concordance.csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const body = await csv.text();
  expect(body.charCodeAt(0)).toBe(0xfeff);
  expect(body.split('\r\n')[0]).toContain('date,document_id,document');
  expect((await request.get(`/api/phrases/${id}/concordance.csv?quoted=maybe`)).status()).toBe(400);

  await page.goto(`/timeline?ids=${id}&add=${encodeURIComponent('兩個維護')}`);
  await expect(page.locator('.chart-legend li')).toHaveCount(2);
  await page.goto('/families');
  await expect(page.getByTestId('families')).toContainText('两个X');
});

test('search syntax: 两个* lists the 两个 formulas and highlights each use; quotes around a query are ignored; CSV export', async ({ page, request }) => {
  await page.goto(`/search?q=${encodeURIComponent('两个*')}`);
  await expect(page.getByTestId('pattern-entries')).toContainText('確立');
  await expect(page.getByTestId('pattern-entries')).toContainText('維護');
  await expect(page.locator('mark.kw').first()).toHaveText(/^兩個/);
  await page.goto(`/search?q=${encodeURIComponent('“兩個確立”')}`);
  await expect(page.getByTestId('search-total')).toContainText('两个确立');
  const bad = await request.get(`/api/search?q=${encodeURIComponent('*')}`);
  expect(bad.status()).toBe(400);
  const csv = await request.get(`/api/search.csv?q=${encodeURIComponent('两个确立|两个维护')}`);
  expect(csv.status()).toBe(200);
  const body = await csv.text();
  expect(body.charCodeAt(0)).toBe(0xfeff);
  expect(body.trim().split('\r\n').length).toBeGreaterThan(1);
  await page.goto(`/phrases?q=${encodeURIComponent('不存在的提法')}`);
  await page.getByTestId('search-full-text').click();
  await expect(page).toHaveURL(/\/search\?q=/);
});

test('the glossary downloads as TBX-Basic (DCA) from the glossary page', async ({ page, request }) => {
  await page.goto('/phrases');
  await expect(page.getByTestId('export-tbx')).toHaveAttribute('href', '/api/export/tbx');
  const res = await request.get('/api/export/tbx');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('xml');
  const xml = await res.text();
  expect(xml).toContain('<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">');
  expect(xml).toMatch(/<conceptEntry id="tifa-\d+">/);
  expect(xml.trim().endsWith('</tbx>')).toBe(true);
});

test('Atom feeds: a phrase\'s new uses and new phrases, served as Atom with stable ids', async ({ request, page }) => {
  const list = (await (await request.get(`/api/phrases?q=${encodeURIComponent('两个确立')}`)).json()) as { items: Array<{ id: number; exact: boolean }> };
  const id = list.items.find((p) => p.exact)!.id;
  const res = await request.get(`/feeds/phrases/${id}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/atom+xml');
  const xml = await res.text();
  expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
  expect(xml).toContain(`<id>tag:tifa,2026:phrase/${id}/uses</id>`);
  expect(xml).toMatch(new RegExp(`<id>tag:tifa,2026:phrase/${id}/document/\\d+</id>`));
  expect(await (await request.get(`/feeds/phrases/${id}`)).text()).toBe(xml);
  expect((await request.get('/feeds/phrases/987654321')).status()).toBe(404);
  const news = await request.get('/feeds/new-phrases.atom');
  expect(news.status()).toBe(200);
  expect(await news.text()).toMatch(/<entry>[\s\S]*<id>tag:tifa,2026:phrase\/\d+<\/id>/);
  await page.goto(`/phrases/${id}`);
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute('href', new RegExp(`/feeds/phrases/${id}$`));
});
