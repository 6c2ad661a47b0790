import { expect, test } from '@playwright/test';
import { phraseId, shoot } from './helpers';

// Screenshots of the main pages at desktop and phone widths (test-results/screenshots/*.png).
for (const width of [1280, 390]) {
  test(`screenshots of the main pages at ${width}px`, async ({ page }) => {
    const id = await phraseId(page, '两个确立');
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/');
    await expect(page.locator('.hero h1')).toBeVisible();
    await shoot(page, 'home', width);
    await page.goto(`/phrases?q=${encodeURIComponent('两个')}`);
    await expect(page.locator('table.glossary')).toBeVisible();
    await shoot(page, 'glossary-search', width);
    await page.goto('/phrases');
    await shoot(page, 'glossary', width);
    await page.goto(`/phrases/${id}`);
    await expect(page.getByTestId('headword')).toBeVisible();
    await shoot(page, 'entry', width);
    await page.goto('/documents');
    await shoot(page, 'documents', width);
    await page.locator('table.glossary a').first().click();
    await expect(page.locator('.outline').first()).toBeVisible();
    await shoot(page, 'document-outline', width);
    await page.locator('.outline .sec-head a').first().click();
    await expect(page.locator('.reading')).toBeVisible();
    await shoot(page, 'reading', width);
    await page.goto('/phrases/987654321');
    await shoot(page, 'not-found', width);
  });
}
