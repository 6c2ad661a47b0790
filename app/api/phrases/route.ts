import type { NextRequest } from 'next/server';
import { listPhrases, phraseListParams } from '@/lib/data';
import { badRequest, json, query, zodMessage } from '../_http';

export const dynamic = 'force-dynamic';

/** GET /api/phrases?q=&kind=&document=&sort=&page=&pageSize= */
export async function GET(req: NextRequest) {
  const parsed = phraseListParams.safeParse(query(req.nextUrl));
  if (!parsed.success) return badRequest(zodMessage(parsed.error), parsed.error.issues);
  const list = await listPhrases(parsed.data);
  return json({
    query: list.query,
    sort: list.sort,
    total: list.total,
    page: list.page,
    pageSize: list.pageSize,
    pageCount: list.pageCount,
    items: list.items.map((p) => ({ ...p, url: `/phrases/${p.id}` })),
  });
}
