import { searchParams, searchText } from '@/lib/data/search';
import { badRequest, json, query, zodMessage } from '../_http';

export const dynamic = 'force-dynamic';

/** GET /api/search?q=&document=&section=&from=&to=&page=&order= : total and one page of hits. */
export async function GET(req: Request) {
  const parsed = searchParams.safeParse(query(new URL(req.url)));
  if (!parsed.success) return badRequest(zodMessage(parsed.error), parsed.error.issues);
  return json(await searchText(parsed.data));
}
