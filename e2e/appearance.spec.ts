import { expect, test, type Page } from '@playwright/test';
import { pageTypes, WIDTHS } from './pages';

/**
 * Visual check: each page type at desktop and phone width compared with the
 * committed baselines (e2e/appearance.spec.ts-snapshots/), so layout regressions
 * fail the suite. A tolerance (maxDiffPixelRatio) absorbs anti-aliasing, not layout.
 *
 * It runs on the freshly ingested sample before any spec that writes (files run in
 * name order with one worker: a11y and api only read), so what it sees is the same
 * whether it runs alone or in the whole suite. Times that change each run are masked.
 *
 * After an intended change of a page, update the baselines, look at them, commit them:
 *     E2E_PORT=<port> npx playwright test e2e/appearance.spec.ts --update-snapshots
 *     (then open e2e/appearance.spec.ts-snapshots/*.png)
 */

const SHOTS = ['home', 'glossary-search', 'glossary-no-match', 'entry', 'search-results', 'documents', 'document-outline', 'section', 'entry-not-found'];

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);
}

for (const size of WIDTHS) {
  test.describe(`${size.name} (${size.width}px)`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    for (const name of SHOTS) {
      test(`${name} looks as it did`, async ({ page, request }) => {
        test.setTimeout(120_000);
        const p = (await pageTypes(request)).find((x) => x.name === name)!;
        await page.goto(p.path);
        await settle(page);
        await expect(page).toHaveScreenshot(`${name}-${size.name}.png`, {
          fullPage: true,
          animations: 'disabled',
          caret: 'hide',
          maxDiffPixelRatio: 0.02,
          mask: [page.locator('[data-testid=ingested-at]')],
        });
      });
    }
  });
}
