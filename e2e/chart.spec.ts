import { expect, test } from '@playwright/test';

// Charts on phones: hover titles do nothing there, so a tap shows a bar's
// figures under the chart (and only a second tap follows the bar's link); the
// keyboard reaches the same figures; the table below is the text alternative.

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

async function entryId(request: import('@playwright/test').APIRequestContext): Promise<number> {
  const list = (await (await request.get(`/api/phrases?q=${encodeURIComponent('两个确立')}`)).json()) as { items: Array<{ id: number; exact: boolean }> };
  return list.items.find((p) => p.exact)!.id;
}

test('a tap on a year shows its figures without leaving the page; a second tap opens that year’s uses', async ({ page, request }) => {
  const id = await entryId(request);
  await page.goto(`/phrases/${id}`);
  // Before hydration a bar is a plain link (it opens the year at once, which is the fallback).
  await page.waitForLoadState('networkidle');
  const readout = page.getByTestId('chart-readout');
  await expect(readout).toHaveText(/^\s*$/);
  const bar = page.locator('[data-testid="timeline-chart"] a[data-year]').first();
  const year = await bar.getAttribute('data-year');
  await bar.tap();
  // The figures of that year, in words, with the link beside them; the page has not moved.
  await expect(readout).toContainText(String(year));
  await expect(readout).toContainText(/use/);
  await expect(page).toHaveURL(new RegExp(`/phrases/${id}$`));
  await expect(readout.getByRole('link', { name: 'Read these uses →' })).toHaveAttribute('href', new RegExp(`from=${year}&to=${year}`));
  await expect(bar).toHaveClass(/\bon\b/);
  await bar.tap();
  await expect(page).toHaveURL(new RegExp(`from=${year}&to=${year}`));
});

test('the keyboard reaches a year and reads its figures; the table below gives every figure as text', async ({ page, request }) => {
  const id = await entryId(request);
  await page.goto(`/phrases/${id}`);
  const bar = page.locator('[data-testid="timeline-chart"] a[data-year]').first();
  const year = await bar.getAttribute('data-year');
  await bar.focus();
  await expect(page.getByTestId('chart-readout')).toContainText(String(year));
  const table = page.locator('table.timeline-table');
  await expect(table).toBeAttached();
  await expect(table.locator('tbody tr').first()).toContainText(String(year));
  await expect(page.locator('[data-testid="timeline-chart"] svg')).toHaveAttribute('aria-label', /figures are in the table below/);
});
