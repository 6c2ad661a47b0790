import type { NextRequest } from 'next/server';
import { documentListParams, listDocuments } from '@/lib/data';
import { badRequest, json, query, zodMessage } from '../_http';

export const dynamic = 'force-dynamic';

/** GET /api/documents?q=&sort=date|ingested|title&page=&pageSize= */
export async function GET(req: NextRequest) {
  const parsed = documentListParams.safeParse(query(req.nextUrl));
  if (!parsed.success) return badRequest(zodMessage(parsed.error), parsed.error.issues);
  const list = await listDocuments(parsed.data);
  return json({ ...list, items: list.items.map((d) => ({ ...d, url: `/documents/${d.id}` })) });
}
