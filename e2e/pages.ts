import type { APIRequestContext } from '@playwright/test';

/** One page of each type, on the bundled sample, as a reader reaches them. */
export interface PageType {
  name: string;
  path: string;
  /** The HTTP status the page answers with. */
  status: number;
}

export const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

export async function pageTypes(request: APIRequestContext): Promise<PageType[]> {
  const phrases = (await (await request.get(`/api/phrases?q=${encodeURIComponent('两个确立')}`)).json()) as { items: Array<{ id: number }> };
  const docs = (await (await request.get('/api/documents')).json()) as { items: Array<{ id: number }> };
  const entry = phrases.items[0].id;
  const doc = docs.items[0].id;
  return [
    { name: 'home', path: '/', status: 200 },
    { name: 'glossary', path: '/phrases', status: 200 },
    { name: 'glossary-search', path: `/phrases?q=${encodeURIComponent('两个')}`, status: 200 },
    { name: 'glossary-no-match', path: `/phrases?q=${encodeURIComponent('不存在的说法')}`, status: 200 },
    { name: 'glossary-past-last-page', path: '/phrases?page=9', status: 200 },
    { name: 'entry', path: `/phrases/${entry}`, status: 200 },
    { name: 'search', path: '/search', status: 200 },
    { name: 'search-results', path: `/search?q=${encodeURIComponent('政治生态')}`, status: 200 },
    { name: 'documents', path: '/documents', status: 200 },
    { name: 'document-outline', path: `/documents/${doc}`, status: 200 },
    { name: 'section', path: `/documents/${doc}/sections/1`, status: 200 },
    { name: 'full-text', path: `/documents/${doc}/text`, status: 200 },
    { name: 'compare', path: `/compare?a=${doc}&b=${doc}`, status: 200 },
    { name: 'timeline', path: `/timeline?ids=${entry}`, status: 200 },
    { name: 'families', path: '/families', status: 200 },
    { name: 'entry-not-found', path: '/phrases/987654321', status: 404 },
    { name: 'page-not-found', path: '/no/such/page', status: 404 },
    { name: 'sentence-not-found', path: '/sentences/987654321', status: 404 },
  ];
}
