import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from './accounts';
import { phraseId } from './helpers';

// History like a wiki: who changed what, when, the diff, revert, restore, and field-level merges.

test('a note’s history shows each author, time and diff; an editor reverts to an earlier version', async ({ page }) => {
  await signIn(page, 'editor');
  const id = await phraseId(page, '两个确立');
  const created = await page.request.post(`/api/phrases/${id}/notes`, { data: { body: '坚持两个确立，first wording' } });
  const note = (await created.json()) as { id: number };
  expect((await page.request.patch(`/api/notes/${note.id}`, { data: { version: 1, body: '坚持两个维护，second wording' } })).status()).toBe(200);

  await page.goto(`/phrases/${id}`);
  const box = page.locator(`#note-${note.id}`);
  await box.locator('summary', { hasText: 'History' }).click();
  const v2 = box.getByTestId('revision-2');
  await expect(v2).toContainText(ACCOUNTS.editor.name);
  // Chinese text is diffed by character.
  await expect(v2.locator('del').first()).toHaveText('确立');
  await expect(v2.locator('ins').first()).toHaveText('维护');
  await expect(v2.locator('.diff')).toContainText('坚持两个');
  await v2.getByRole('button').count().then((n) => expect(n).toBe(0)); // the latest version has no revert button

  await box.getByTestId('revision-1').getByRole('button', { name: 'Revert to version 1' }).click();
  await expect(box.locator('[role=status]')).toContainText('now version 3');
  await page.reload();
  await expect(box.locator('.note-body')).toHaveText('坚持两个确立，first wording');
  await box.locator('summary', { hasText: 'History' }).click();
  await expect(box.getByTestId('revision-3')).toContainText('reverted to version 1');
});

test('a deleted note is kept: an admin restores it, an editor cannot', async ({ page, playwright, baseURL }) => {
  await signIn(page, 'editor');
  const id = await phraseId(page, '三会一课');
  const created = (await (await page.request.post(`/api/phrases/${id}/notes`, { data: { body: 'to be deleted and restored' } })).json()) as { id: number };
  expect((await page.request.delete(`/api/notes/${created.id}?version=1`)).status()).toBe(200);
  // An editor may not restore.
  expect((await page.request.post(`/api/notes/${created.id}/restore`, { data: { version: 2 } })).status()).toBe(403);
  await page.goto(`/phrases/${id}`);
  await page.locator('summary', { hasText: 'Deleted notes' }).click();
  const deleted = page.getByTestId('deleted-note').filter({ hasText: 'to be deleted and restored' });
  await expect(deleted).toContainText(`by ${ACCOUNTS.editor.name}`);
  await expect(deleted.getByRole('button', { name: 'Restore this note' })).toHaveCount(0);

  const admin = await playwright.request.newContext({ baseURL });
  await signIn(admin, 'admin');
  const adminPage = await page.context().browser()!.newPage();
  await signIn(adminPage, 'admin');
  await adminPage.goto(`/phrases/${id}`);
  await adminPage.locator('summary', { hasText: 'Deleted notes' }).click();
  await adminPage.getByTestId('deleted-note').filter({ hasText: 'to be deleted and restored' }).getByRole('button', { name: 'Restore this note' }).click();
  // Restored: it leaves the deleted notes and is a note again.
  await expect(adminPage.getByTestId('deleted-note').filter({ hasText: 'to be deleted and restored' })).toHaveCount(0);
  await adminPage.reload();
  await expect(adminPage.getByTestId('note').filter({ hasText: 'to be deleted and restored' })).toHaveCount(1);
  const revs = ((await (await admin.get(`/api/notes/${created.id}`)).json()) as { revisions: Array<{ action: string; author: string }> }).revisions;
  expect(revs.map((r) => `${r.action}:${r.author}`)).toEqual([`restore:${ACCOUNTS.admin.name}`, `delete:${ACCOUNTS.editor.name}`, `create:${ACCOUNTS.editor.name}`]);
  await adminPage.close();
  await admin.dispose();
});

test('two editors change different entry fields at once: both are kept; the same field is a conflict', async ({ browser, page }) => {
  await signIn(page, 'editor');
  const id = await phraseId(page, '第一议题');
  const other = await browser.newPage();
  await signIn(other, 'editor2');
  await page.goto(`/phrases/${id}#edit`);
  await other.goto(`/phrases/${id}#edit`);
  const form = (p: typeof page) => p.locator('form[aria-label="Editor fields"]');

  await form(page).locator('input[name=translation]').fill('the first item on the agenda');
  await form(page).getByRole('button', { name: 'Save entry' }).click();
  await expect(form(page).locator('[role=status]')).toContainText('Saved');

  await form(other).locator('textarea[name=definition]').fill('Studying the leader’s latest speeches first.');
  await form(other).getByRole('button', { name: 'Save entry' }).click();
  await expect(form(other).locator('[role=status]')).toContainText('Saved');

  const entry = ((await (await page.request.get(`/api/phrases/${id}`)).json()) as { phrase: { translation: string; definition: string; version: number } }).phrase;
  expect(entry).toMatchObject({ translation: 'the first item on the agenda', definition: 'Studying the leader’s latest speeches first.' });

  // Now both change the translation from the same version: the second gets a conflict with both texts.
  await page.goto(`/phrases/${id}#edit`);
  await other.goto(`/phrases/${id}#edit`);
  await form(page).locator('input[name=translation]').fill('first topic');
  await form(page).getByRole('button', { name: 'Save entry' }).click();
  await expect(form(page).locator('[role=status]')).toContainText('Saved');
  await form(other).locator('input[name=translation]').fill('agenda item one');
  await form(other).getByRole('button', { name: 'Save entry' }).click();
  const alert = form(other).locator('[role=alert][data-state=conflict]');
  await expect(alert).toContainText('changed the translation');
  await expect(alert).toContainText('first topic');
  await expect(form(other).locator('input[name=translation]')).toHaveValue('agenda item one');

  // The entry history shows who changed which field.
  await page.reload();
  await page.locator('summary', { hasText: 'History of the entry fields' }).click();
  const latest = page.locator('#edit .history > li').first();
  await expect(latest).toContainText(ACCOUNTS.editor.name);
  await expect(latest.locator('ins').first()).toContainText('topic');
  await expect(latest.locator('del').first()).toBeVisible();
  await other.close();
});
