import { expect, test } from '@playwright/test';
import { phraseId } from './helpers';
import { signIn } from './accounts';

// Issue 11: the entry reads like a reference entry, on any screen.

test('the entry reads in order: head, kind, definition and notes, figures, then the concordance', async ({ page }) => {
  const id = await phraseId(page, '两个确立');
  await page.goto(`/phrases/${id}`);
  const order = await page.evaluate(() =>
    ['[data-testid=headword]', '.entry-status .badge', '#about', '#figures', '#concordance', '#cooc', '#edit'].map(
      (sel) => document.querySelector(sel)!.getBoundingClientRect().top + window.scrollY,
    ),
  );
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  await expect(page.locator('.entry-status')).toContainText('kind found automatically');
  // The table of contents reaches each part.
  const toc = page.getByRole('navigation', { name: 'On this page' });
  await toc.getByRole('link', { name: /In context/ }).click();
  await expect(page).toHaveURL(/#concordance$/);
  await expect(page.locator('#concordance h2')).toBeInViewport();
});

test('a glossary search with no match offers a full-text search of the same string', async ({ page }) => {
  await page.goto('/phrases?q=' + encodeURIComponent('正风肃纪反腐'));
  await expect(page.getByTestId('no-match')).toContainText('No glossary phrase matches “正风肃纪反腐”');
  await page.getByTestId("search-full-text").click();
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.getByTestId('search-total')).toContainText('1 sentence contains');
});

test('a page past the last one says so, instead of "no match"', async ({ page }) => {
  await page.goto('/phrases?page=9');
  await expect(page.getByTestId('past-last-page')).toContainText('Page 9 is past the last page');
  await expect(page.getByTestId('no-match')).toHaveCount(0);
  await page.getByTestId('past-last-page').getByRole('link', { name: 'Go to the last page' }).click();
  await expect(page.locator('table.glossary tbody tr').first()).toBeVisible();
  await page.goto('/documents?page=4');
  await expect(page.getByTestId('past-last-page')).toContainText('Page 4 is past the last page: there is 1 document on 1 page');
  await page.goto('/search?q=' + encodeURIComponent('政協') + '&page=5');
  await expect(page.getByTestId('past-last-page')).toContainText('Page 5 is past the last page');
});

test('concordance lines: selectable text, the link on the source, whole characters with an ellipsis', async ({ page }) => {
  const id = await phraseId(page, '两个确立');
  await page.goto(`/phrases/${id}`);
  const li = page.getByTestId('concordance').locator('li').first();
  await expect(li.locator('.line a')).toHaveCount(0);
  await expect(li.locator('.line')).not.toHaveAttribute('href', /./);
  // The left context was cut: it starts with an ellipsis, and the column ellipsises further at a whole character.
  await expect(li.locator('.line .left')).toHaveText(/^…/);
  await expect(li.locator('.line .left')).toHaveCSS('text-overflow', 'ellipsis');
  // Text in the line can be selected by dragging without following a link.
  const box = (await li.locator('.line .right').boundingBox())!;
  await page.mouse.move(box.x + 4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  expect((await page.evaluate(() => String(window.getSelection()))).length).toBeGreaterThan(3);
  await expect(page).toHaveURL(new RegExp(`/phrases/${id}$`));
  await expect(li.locator('a.to-sentence')).toHaveAttribute('href', /^\/documents\/\d+\/sections\/\d+#s-\d+$/);
  // The highlight says quoted, as its legend does.
  await expect(li.locator('mark.kw')).toHaveClass(/quoted/);
  const legendQuoted = await page.getByTestId('legend').locator('mark.hl.quoted').evaluate((e) => getComputedStyle(e).backgroundColor);
  const kwQuoted = await li.locator('mark.kw').evaluate((e) => getComputedStyle(e).backgroundColor);
  expect(kwQuoted).toBe(legendQuoted);
});

test('an unquoted use is drawn as the legend says', async ({ page }) => {
  const id = await phraseId(page, '永远在路上');
  await page.goto(`/phrases/${id}`);
  const unquoted = page.getByTestId('concordance').locator('mark.kw.unquoted').first();
  await expect(unquoted).toBeVisible();
  const legend = page.getByTestId('legend').locator('mark.hl.unquoted');
  // Same fill and the same coloured underline (its thickness scales with the font size).
  const look = (e: Element) => {
    const s = getComputedStyle(e);
    return { background: s.backgroundColor, underline: s.boxShadow.replace(/\).*$/, ')'), inset: s.boxShadow.endsWith('inset') };
  };
  expect(await unquoted.evaluate(look)).toEqual(await legend.evaluate(look));
  expect(await unquoted.evaluate(look)).toMatchObject({ background: 'rgba(0, 0, 0, 0)', inset: true });
});

test('a note shows a preview before saving, says what the sanitiser removed, and styles quotes and tables', async ({ page }) => {
  const id = await phraseId(page, '同心共富');
  await signIn(page, 'editor');
  await page.goto(`/phrases/${id}#edit`);
  const body = '> 共同富裕\n\n| year | uses |\n|---|---|\n| 2025 | 1 |\n\n**ok** <a href="javascript:alert(2)">bad</a>\n\n<script>alert(1)</script>';
  await page.locator('#new-note').fill(body);
  await page.getByRole('form', { name: 'Add a note' }).getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('md-preview');
  await expect(preview.locator('blockquote')).toContainText('共同富裕');
  await expect(preview.locator('table td').first()).toHaveText('2025');
  await expect(preview.locator('strong')).toHaveText('ok');
  await expect(page.getByTestId('md-removed')).toContainText('the <script> element');
  await expect(preview.locator('blockquote')).toHaveCSS('border-left-style', 'solid');
  await expect(preview.locator('table td').first()).toHaveCSS('border-top-style', 'solid');
  // Nothing was saved by the preview.
  await expect(page.getByTestId('note')).toHaveCount(0);
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('saved-removed')).toContainText('the <script> element');
  const note = page.getByTestId('note').first();
  await expect(note.locator('blockquote')).toContainText('共同富裕');
  await expect(note.locator('.removed-note')).toContainText('the <script> element');
  // A link the sanitiser emptied is plain text, not a link to nowhere.
  await expect(page.getByTestId('saved-removed')).toContainText('a javascript: link');
  const dead = note.locator('.note-body a:not([href])');
  await expect(dead).toHaveText('bad');
  await expect(dead).toHaveCSS('cursor', 'text');
  await expect(note.locator('.note-body a[href^="javascript"]')).toHaveCount(0);
});

test('the history of the entry fields is told in words, not field names', async ({ page }) => {
  const id = await phraseId(page, '一委一品');
  await signIn(page, 'editor');
  await page.goto(`/phrases/${id}#edit`);
  const form = page.getByRole('form', { name: 'Editor fields' });
  await form.getByLabel('Kind').selectOption('slogan');
  await form.getByLabel(/Pinyin correction/).fill('yī wěi yī pǐn');
  await form.getByLabel('English translation').fill('one committee, one brand');
  await form.getByRole('button', { name: 'Save entry' }).click();
  await expect(form.getByRole('status')).toContainText('Saved (version 2)');
  await page.reload();
  await page.getByText(/History of the entry fields/).click();
  const history = page.locator('#edit .history');
  await expect(history).toContainText('kind chosen by an editor: slogan');
  await expect(history).toContainText('pinyin corrected to yī wěi yī pǐn');
  await expect(history).toContainText('English translation added: “one committee, one brand”');
  await expect(history).toContainText('Before the first edit');
  await expect(history).not.toContainText('kindSource');
  await expect(history).not.toContainText('pinyinOverride');
  await expect(page.locator('.entry-status')).toContainText('kind chosen by an editor');
});

test('the script toggle keeps the scroll position and the #anchor, and needs no Referer', async ({ page, request }) => {
  const docs = (await (await request.get('/api/documents')).json()) as { items: Array<{ id: number }> };
  const doc = docs.items[0].id;
  await page.setViewportSize({ width: 1280, height: 500 });
  await page.goto(`/documents/${doc}/text#s-15`);
  const target = page.locator('#s-15');
  await expect(target).toBeInViewport();
  const before = await page.evaluate(() => window.scrollY);
  expect(before).toBeGreaterThan(200);
  const text = await target.innerText();
  await page.getByRole('button', { name: '简体' }).click();
  await expect(target).not.toHaveText(text);
  await expect(page).toHaveURL(new RegExp(`/documents/${doc}/text#s-15$`));
  expect(Math.abs((await page.evaluate(() => window.scrollY)) - before)).toBeLessThan(40);
  await page.getByRole('button', { name: '原文' }).click();
  await expect(target).toHaveText(text);

  // Without JavaScript the form says where to come back to: no Referer is needed.
  const res = await request.post('/script', {
    form: { script: 'traditional', back: '/phrases?q=x#concordance' },
    headers: { referer: '' },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(303);
  expect(res.headers()['location']).toBe('/phrases?q=x#concordance');
  const offsite = await request.post('/script', { form: { script: 'traditional', back: '//evil.example/' }, maxRedirects: 0 });
  expect(offsite.headers()['location']).toBe('/');
});

test('phones: 16 px fields, 44 px targets, a compact sticky header without the page’s own search', async ({ browser, request }) => {
  const id = (((await (await request.get(`/api/phrases?q=${encodeURIComponent('两个确立')}`)).json()) as { items: Array<{ id: number }> }).items[0]).id;
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto(`/phrases/${id}`);
  const header = page.locator('.site-header');
  await expect(header).toHaveCSS('position', 'sticky');
  expect((await header.boundingBox())!.height).toBeLessThanOrEqual(110);
  for (const sel of ['input[type=search]', 'input[type=text]', 'select', 'textarea']) {
    for (const size of await page.locator(sel).evaluateAll((els) => els.map((e) => getComputedStyle(e).fontSize))) expect(size, sel).toBe('16px');
  }
  const targets = ['.site-nav a', '.script-toggle button', '.toc a', '.btn', 'select', 'input[type=search]', '.kwic .src a', '.cooc a', '.crumbs a'];
  for (const sel of targets) {
    const heights = await page.locator(sel).evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent).map((e) => e.getBoundingClientRect().height));
    expect(heights.length, sel).toBeGreaterThan(0);
    for (const h of heights) expect(h, sel).toBeGreaterThanOrEqual(44);
  }
  // The header keeps its search on pages without one, and leaves it out where the page has its own.
  await expect(page.locator('#header-q')).toHaveCount(1);
  for (const path of ['/', '/phrases', '/search']) {
    await page.goto(path);
    await expect(page.locator('#header-q'), path).toHaveCount(0);
  }
  await context.close();
});

test('a sentence address redirects a browser into the reading view; an unknown one is an HTML 404', async ({ page, request }) => {
  const hit = ((await (await request.get('/api/search?q=' + encodeURIComponent('政治生态'))).json()) as { lines: Array<{ sentenceId: number }> }).lines[0];
  await page.goto(`/sentences/${hit.sentenceId}`);
  await expect(page).toHaveURL(/\/documents\/\d+\/sections\/\d+#s-\d+$/);
  const res = await page.goto('/sentences/987654321');
  expect(res?.status()).toBe(404);
  expect(res?.headers()['content-type']).toContain('text/html');
  await expect(page.locator('h1')).toHaveText('No such sentence');
});

test('a favicon, and an entry that prints as a clean page with its citations', async ({ page, request }) => {
  const icon = await request.get('/icon.svg');
  expect(icon.status()).toBe(200);
  const id = await phraseId(page, '两个确立');
  await page.goto(`/phrases/${id}`);
  await expect(page.locator('link[rel=icon]')).toHaveCount(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('#edit')).toBeHidden();
  await expect(page.locator('.kwic-filters')).toBeHidden();
  await expect(page.getByTestId('concordance')).toBeVisible();
  const cite = await page
    .getByTestId('concordance')
    .locator('a.to-sentence')
    .first()
    .evaluate((a) => getComputedStyle(a, '::after').content);
  expect(cite).toContain('/documents/');
});
