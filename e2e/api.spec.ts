import { expect, test } from '@playwright/test';
import { signIn } from './accounts';

test('API: unknown ids are 404 with a JSON message', async ({ request }) => {
  for (const url of ['/api/phrases/987654321', '/api/documents/987654321', '/api/notes/987654321', '/api/phrases/987654321/notes']) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(404);
    expect(((await res.json()) as { error: string }).error, url).toMatch(/There is no/);
  }
  await signIn(request, 'editor');
  const patch = await request.patch('/api/notes/987654321', { data: { version: 1, body: 'x' } });
  expect(patch.status()).toBe(404);
});

test('API: invalid parameters are 400 with a message, never 500', async ({ request }) => {
  const cases: Array<[string, RegExp]> = [
    ['/api/phrases?page=0', /page/],
    ['/api/phrases?page=abc', /page/],
    ['/api/phrases?kind=bogus', /kind/],
    ['/api/phrases?sort=sideways', /sort/],
    ['/api/phrases?document=-3', /document/],
    ['/api/phrases/abc', /id/],
    ['/api/phrases/1?page=-1', /page/],
    ['/api/documents?page=x', /page/],
    ['/api/documents/1.5', /id/],
  ];
  for (const [url, message] of cases) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(400);
    expect(((await res.json()) as { error: string }).error, url).toMatch(message);
  }
  await signIn(request, 'editor');
  const badJson = await request.post('/api/phrases/1/notes', { headers: { 'content-type': 'application/json' }, data: '{"body":' });
  expect(badJson.status()).toBe(400);
  const empty = await request.post('/api/phrases/1/notes', { data: { body: '   ' } });
  expect(empty.status()).toBe(400);
  expect(((await empty.json()) as { message: string }).message).toMatch(/empty/);
  const badKind = await request.patch('/api/phrases/1', { data: { version: 1, kind: 'poem' } });
  expect(badKind.status()).toBe(400);
});

test('API: phrases, one entry with paged occurrences, documents with their section tree', async ({ request }) => {
  const list = await request.get(`/api/phrases?q=${encodeURIComponent('兩個確立')}`);
  expect(list.status()).toBe(200);
  const l = (await list.json()) as { total: number; items: Array<{ id: number; text: string; simplified: string }> };
  expect(l.total).toBeGreaterThanOrEqual(1);
  expect(l.items[0]).toMatchObject({ text: '兩個確立', simplified: '两个确立' });

  const one = await request.get(`/api/phrases/${l.items[0].id}?pageSize=10`);
  const e = (await one.json()) as {
    phrase: { text: string };
    occurrences: { total: number; items: Array<{ sentence: string; start: number; end: number; quoted: boolean; sectionPath: string[]; document: { id: number } }> };
  };
  expect(e.phrase.text).toBe('兩個確立');
  expect(e.occurrences.total).toBe(1);
  const o = e.occurrences.items[0];
  expect(o.sentence.slice(o.start, o.end)).toBe('兩個確立');
  expect(o.quoted).toBe(true);
  expect(o.sectionPath[0]).toMatch(/^一、/);
  expect(o.sectionPath[1]).toMatch(/^（二）/);

  const docs = (await (await request.get('/api/documents')).json()) as { total: number; items: Array<{ id: number }> };
  expect(docs.total).toBe(1);
  const doc = (await (await request.get(`/api/documents/${docs.items[0].id}`)).json()) as {
    sections: Array<{ label: string; children: Array<{ label: string }> }>;
  };
  expect(doc.sections.map((s) => s.label)).toEqual(['一、', '二、']);
  expect(doc.sections[0].children.map((s) => s.label)).toEqual(['（一）', '（二）', '（三）']);
});
