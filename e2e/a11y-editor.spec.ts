import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signIn, type Account } from './accounts';
import { pageTypes, WIDTHS } from './pages';

// What only signed-in users see (note and field forms, history with revert and
// restore buttons, the promote form of a search) meets the same bar as the
// reader's pages: no serious or critical axe violations, no console errors,
// no sideways scroll, at desktop and phone width. The login page too.

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const CASES: Array<{ who: Account | null; page: string }> = [
  { who: null, page: 'login' },
  { who: 'editor', page: 'entry' },
  { who: 'editor', page: 'search-results' },
  { who: 'editor', page: 'document-outline' },
  { who: 'admin', page: 'entry' },
];

for (const size of WIDTHS) {
  test.describe(`${size.name} (${size.width}px)`, () => {
    test.use({ viewport: { width: size.width, height: size.height }, hasTouch: size.width < 600 });
    for (const c of CASES) {
      test(`${c.page}${c.who ? ` as ${c.who}` : ''}: no serious axe violations, no console errors, no sideways scroll`, async ({ page, request }) => {
        test.setTimeout(180_000);
        const errors: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error' || (m.type() === 'warning' && /hydrat/i.test(m.text()))) errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
        if (c.who) await signIn(page, c.who);
        const path = c.page === 'login' ? '/login' : (await pageTypes(request)).find((p) => p.name === c.page)!.path;
        const res = await page.goto(path);
        expect(res?.status()).toBe(200);
        await page.waitForLoadState('networkidle');
        if (c.who) await expect(page.locator('header.site-header')).toContainText(c.who === 'admin' ? 'e2e-admin' : 'e2e-editor');
        if (c.page === 'entry' && c.who) await expect(page.locator('form textarea').first()).toBeVisible();
        const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 'scrolls sideways').toBe(0);
        expect(errors, 'console errors').toEqual([]);
      });
    }
  });
}
