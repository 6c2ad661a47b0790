import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { pageTypes, WIDTHS } from './pages';

// Every page type at desktop and phone width: no console errors or hydration
// warnings, no serious or critical axe-core violations (WCAG 2.0-2.2 A/AA rules),
// nothing wider than the screen.

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

function watchConsole(page: Page, allowedStatus: number, path = ''): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error' && !(m.type() === 'warning' && /hydrat/i.test(m.text()))) return;
    // Failed loads are judged by the responses below, which carry the URL; Chromium's console
    // line does not always (it can come before the URL has settled, or carry the RSC query).
    if (/^Failed to load resource: the server responded with a status of \d+/.test(m.text())) return;
    errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() < 400) return;
    // A 404 page's own status (the document or its RSC payload, any query) is the page, not an error in it.
    const url = new URL(r.url());
    if (r.status() === allowedStatus && url.pathname === new URL(path, url).pathname) return;
    errors.push(`${r.status()} ${url.pathname}${url.search}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

const PAGE_NAMES = [
  'home', 'glossary', 'glossary-search', 'glossary-no-match', 'glossary-past-last-page', 'entry', 'search', 'search-results',
  'documents', 'document-outline', 'section', 'full-text', 'compare', 'timeline', 'families', 'entry-not-found', 'page-not-found',
  'sentence-not-found',
];

for (const size of WIDTHS) {
  test.describe(`${size.name} (${size.width}px)`, () => {
    test.use({ viewport: { width: size.width, height: size.height }, hasTouch: size.width < 600 });

    for (const name of PAGE_NAMES) {
      test(`${name}: no console errors, no serious axe violations, no sideways scroll`, async ({ page, request }) => {
        // axe takes seconds per page on a loaded machine.
        test.setTimeout(180_000);
        const p = (await pageTypes(request)).find((x) => x.name === name)!;
        const errors = watchConsole(page, p.status, p.path);
        const res = await page.goto(p.path);
        expect(res?.status()).toBe(p.status);
        expect(res?.headers()['content-type']).toContain('text/html');
        await page.waitForLoadState('networkidle');
        const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        test.info().annotations.push({ type: 'axe', description: result.violations.map((v) => `${v.id}[${v.impact}]`).join(' ') || 'none' });
        const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, 'scrolls sideways').toBe(0);
        expect(errors, 'console errors').toEqual([]);
      });
    }
  });
}

test('every page has its own title and the lang of its script', async ({ page, request }) => {
  test.setTimeout(120_000);
  const titles = new Map<string, string>();
  for (const p of await pageTypes(request)) {
    await page.goto(p.path);
    const title = await page.title();
    expect(title, p.name).toMatch(/Tifa 提法/);
    titles.set(p.name, title);
  }
  expect(titles.get('entry-not-found')).toBe('Entry not found · Tifa 提法');
  expect(titles.get('page-not-found')).toBe('Page not found · Tifa 提法');
  expect(titles.get('sentence-not-found')).toBe('Sentence not found · Tifa 提法');
  expect(titles.get('entry')).toContain('兩個確立');
  // Chinese text carries the lang of the script it is shown in.
  const { path } = (await pageTypes(request)).find((p) => p.name === 'entry')!;
  await page.goto(path);
  await expect(page.getByTestId('headword')).toHaveAttribute('lang', 'zh-Hant');
  await expect(page.locator('.entry-readings [lang="zh-Hans"]')).toHaveText('两个确立');
  await expect(page.getByTestId('concordance').locator('.line').first()).toHaveAttribute('lang', 'zh-Hant');
});

test('the keyboard reaches the skip link first, then the header, with a visible focus', async ({ page }) => {
  await page.goto('/documents');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await page.keyboard.press('Tab');
  // The first control of the page takes focus, with an outline of at least 2px.
  const focused = page.locator(':focus');
  await expect(focused).toHaveAttribute('name', 'q');
  const outline = await focused.evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  expect(outline.style).not.toBe('none');
  expect(outline.width).toBeGreaterThanOrEqual(2);
});
