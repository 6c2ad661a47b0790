import { searchParams } from '@/lib/data/search';
import { searchCsv, textStream } from '@/lib/data/export-csv';
import { badRequest, query, zodMessage } from '../_http';

export const dynamic = 'force-dynamic';

/** GET /api/search.csv?q=&document=&section=&from=&to=&order= : every matching sentence as CSV (UTF-8 with BOM), streamed. */
export async function GET(req: Request) {
  const url = new URL(req.url);
  const parsed = searchParams.safeParse(query(url));
  if (!parsed.success) return badRequest(zodMessage(parsed.error), parsed.error.issues);
  return new Response(textStream(searchCsv(parsed.data, url.origin)), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="tifa-search.csv"; filename*=UTF-8''${encodeURIComponent(`tifa-search-${parsed.data.q}.csv`)}`,
      'Cache-Control': 'no-store',
    },
  });
}
