import type { APIRequestContext, Page } from '@playwright/test';

/**
 * The accounts playwright.config.ts creates (with `npm run users`) on the
 * fresh end-to-end database before the server starts.
 */
export const ACCOUNTS = {
  editor: { name: 'e2e-editor', password: 'e2e editor passphrase', role: 'editor' },
  editor2: { name: 'e2e-editor2', password: 'second editor passphrase', role: 'editor' },
  reader: { name: 'e2e-reader', password: 'e2e reader passphrase', role: 'reader' },
  admin: { name: 'e2e-admin', password: 'e2e admin passphrase', role: 'admin' },
} as const;

export type Account = keyof typeof ACCOUNTS;

/** Signs a request context (or a page's context: they share cookies) in through POST /api/session. */
export async function signIn(target: Page | APIRequestContext, who: Account = 'editor'): Promise<void> {
  const request = 'request' in target ? target.request : target;
  const { name, password } = ACCOUNTS[who];
  const res = await request.post('/api/session', { data: { name, password } });
  if (res.status() !== 200) throw new Error(`sign-in as ${name}: HTTP ${res.status()} ${await res.text()}`);
}
