import { expect, test } from '@playwright/test';
import { phraseId } from './helpers';
import { signIn } from './accounts';

// The bundled sample is a traditional-script speech: the glossary holds 兩個確立 etc.

test('typing 两个确立 in simplified and pressing Enter opens the traditional entry 兩個確立', async ({ page }) => {
  await page.goto('/');
  await page.locator('#home-q').fill('两个确立');
  await page.locator('#home-q').press('Enter');
  await expect(page).toHaveURL(/\/phrases\/\d+\?q=/);
  await expect(page.getByTestId('headword')).toHaveText('兩個確立');
  await expect(page.getByTestId('headword')).toHaveAttribute('lang', 'zh-Hant');
  // The list of every match stays one link away.
  await page.getByRole('link', { name: /all phrases matching “两个确立”/ }).click();
  await expect(page.locator('.exact a.hw')).toHaveText('兩個確立');
});

test('pinyin with tones, without spaces and initials find the entry too', async ({ page }) => {
  for (const q of ['liǎng gè què lì', 'lianggequeli', 'lgql']) {
    await page.goto(`/phrases?q=${encodeURIComponent(q)}`);
    await expect(page.locator('.exact a.hw')).toHaveText('兩個確立');
  }
});

test('the concordance shows the seed sentence with the phrase highlighted and links to it', async ({ page }) => {
  const id = await phraseId(page, '两个确立');
  await page.goto(`/phrases/${id}`);
  const line = page.getByTestId('concordance').locator('li').first();
  await expect(line.locator('mark.kw')).toHaveText('兩個確立');
  await expect(line.locator('.line')).toContainText('引導委員深刻領悟“兩個確立”的決定性意義');
  await expect(line.locator('.line .right')).toContainText('堅決做到“兩個維護”。');
  const href = await line.locator('a.to-sentence').getAttribute('href');
  expect(href).toMatch(/^\/documents\/\d+\/sections\/\d+#s-\d+$/);
  await line.locator('a.to-sentence').click();
  const sentence = page.locator(`#${href!.split('#')[1]}`);
  await expect(sentence).toContainText('深刻領悟“兩個確立”的決定性意義');
  await expect(sentence.locator('a.hl', { hasText: '兩個確立' })).toHaveAttribute('href', `/phrases/${id}`);
});

test('a note added on an entry is there after a reload', async ({ page }) => {
  const id = await phraseId(page, '三会一课');
  await signIn(page, 'editor');
  await page.goto(`/phrases/${id}`);
  const text = `Three meetings and one lesson: **branch** routine (${test.info().testId})`;
  await page.locator('#new-note').fill(text);
  await page.getByRole('button', { name: 'Add note' }).click();
  const note = page.getByTestId('note').filter({ hasText: 'Three meetings and one lesson' });
  await expect(note.locator('strong')).toHaveText('branch');
  await page.reload();
  await expect(note).toHaveCount(1);
  await expect(note.locator('.note-body')).toContainText(`branch routine (${test.info().testId})`);
});

test('a second save over a stale version is refused and keeps the text', async ({ browser, page }) => {
  const id = await phraseId(page, '第一议题');
  await signIn(page, 'editor');
  const created = await page.request.post(`/api/phrases/${id}/notes`, { data: { body: 'Original note' } });
  expect(created.status()).toBe(201);
  const noteId = ((await created.json()) as { id: number }).id;

  // Two editors open the same entry at version 1.
  const other = await browser.newPage();
  await signIn(other, 'editor2');
  await page.goto(`/phrases/${id}`);
  await other.goto(`/phrases/${id}`);

  const editIn = (p: typeof page) => p.locator(`#note-${noteId}`);
  await editIn(page).locator('summary', { hasText: 'Edit' }).click();
  await editIn(page).locator('textarea[name=body]').fill('Saved first');
  await editIn(page).getByRole('button', { name: 'Save' }).click();
  await expect(editIn(page).locator('.note-body')).toHaveText('Saved first');

  await editIn(other).locator('summary', { hasText: 'Edit' }).click();
  await editIn(other).locator('textarea[name=body]').fill('Saved second, from a stale page');
  await editIn(other).getByRole('button', { name: 'Save' }).click();
  const alert = editIn(other).locator('[role=alert][data-state=conflict]');
  await expect(alert).toBeVisible();
  await expect(alert.getByTestId('conflict-current')).toHaveText('Saved first');
  await expect(editIn(other).locator('textarea[name=body]')).toHaveValue('Saved second, from a stale page');

  await other.reload();
  await expect(editIn(other).locator('.note-body')).toHaveText('Saved first');
  await other.close();

  // The same rule through the API: 409 with the text handed back.
  const stale = await page.request.patch(`/api/notes/${noteId}`, { data: { version: 1, body: 'API stale' } });
  expect(stale.status()).toBe(409);
  const body = (await stale.json()) as { error: string; yours: { body: string }; current: { body: string; version: number } };
  expect(body).toMatchObject({ error: 'conflict', yours: { body: 'API stale' }, current: { body: 'Saved first', version: 2 } });
});

test('document outline: section 一 › （三） lists 三會一課 and its reading view highlights it', async ({ page }) => {
  await page.goto('/documents');
  await page.locator('table.glossary a').first().click();
  await expect(page).toHaveURL(/\/documents\/\d+$/);
  const one = page.locator('.outline > li').filter({ has: page.locator(':scope > .sec-head', { hasText: '一、堅持政治引領' }) });
  await expect(one).toHaveCount(1);
  const three = one.locator('.outline > li').filter({ has: page.locator(':scope > .sec-head', { hasText: '（三）' }) });
  await expect(three.locator(':scope > .chips a', { hasText: '三會一課' })).toBeVisible();
  await three.locator(':scope > .sec-head a').click();
  await expect(page).toHaveURL(/\/documents\/\d+\/sections\/\d+$/);
  await expect(page.locator('h1')).toHaveText('（三）夯實組織基礎，激發黨建活力');
  await expect(page.locator('.crumbs')).toContainText('一、');
  const hl = page.locator('.reading a.hl', { hasText: '三會一課' });
  await expect(hl).toHaveCount(1);
  await expect(hl).toHaveCSS('background-color', 'rgb(251, 233, 166)');
  await hl.click();
  await expect(page.getByTestId('headword')).toHaveText('三會一課');
});

test('the script toggle turns 兩個確立 into 两个确立 and is remembered', async ({ page }) => {
  const id = await phraseId(page, '两个确立');
  await page.goto(`/phrases/${id}`);
  const hw = page.getByTestId('headword');
  await expect(hw).toHaveText('兩個確立');
  await page.getByRole('button', { name: '简体' }).click();
  await expect(hw).toHaveText('两个确立');
  await expect(hw).toHaveAttribute('lang', 'zh-Hans');
  await expect(page.getByTestId('concordance').locator('mark.kw').first()).toHaveText('两个确立');
  await page.goto('/');
  await page.goto(`/phrases/${id}`);
  await expect(hw).toHaveText('两个确立');
  await page.getByRole('button', { name: '繁體' }).click();
  await expect(hw).toHaveText('兩個確立');
  await expect(hw).toHaveAttribute('lang', 'zh-Hant');
  await page.getByRole('button', { name: '原文' }).click();
  await expect(page.getByRole('button', { name: '原文' })).toHaveAttribute('aria-pressed', 'true');
});

test('an unknown phrase id shows a 404 page', async ({ page }) => {
  const res = await page.goto('/phrases/987654321');
  expect(res?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('No such entry');
  await expect(page).toHaveTitle('Entry not found · Tifa 提法');
  const res2 = await page.goto('/phrases/not-a-number');
  expect(res2?.status()).toBe(404);
});
