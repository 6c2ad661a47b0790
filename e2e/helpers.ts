import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';

export const SHOTS = path.join('test-results', 'screenshots');

/** Saves a full-page PNG of the current page at a given width into test-results/screenshots. */
export async function shoot(page: Page, name: string, width: number): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
  await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
}

/** Finds the entry id of a phrase through the search API. */
export async function phraseId(page: Page | APIRequestContext, q: string): Promise<number> {
  const request = 'request' in page ? page.request : page;
  const res = await request.get(`/api/phrases?q=${encodeURIComponent(q)}`);
  const data = (await res.json()) as { items: Array<{ id: number; exact: boolean }> };
  const hit = data.items.find((x) => x.exact);
  if (!hit) throw new Error(`no exact entry for ${q}`);
  return hit.id;
}
