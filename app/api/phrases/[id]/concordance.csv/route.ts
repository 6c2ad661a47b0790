import type { NextRequest } from 'next/server';
import { concordanceParams, getPhrase } from '@/lib/data';
import { concordanceCsv, textStream } from '@/lib/data/export-csv';
import { badRequest, notFoundJson, query, routeId, zodMessage } from '../../../_http';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/**
 * GET /api/phrases/{id}/concordance.csv?document=&section=&from=&to=&collection=&genre=&quoted= :
 * every use (with the filters) as CSV, UTF-8 with BOM, oldest first, streamed.
 */
export async function GET(req: NextRequest, ctx: Ctx) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  const parsed = concordanceParams.safeParse(query(req.nextUrl));
  if (!parsed.success) return badRequest(zodMessage(parsed.error), parsed.error.issues);
  const phrase = await getPhrase(id);
  if (!phrase) return notFoundJson(`There is no phrase ${id}.`);
  return new Response(textStream(concordanceCsv(phrase, parsed.data, req.nextUrl.origin)), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="tifa-${phrase.id}-uses.csv"; filename*=UTF-8''${encodeURIComponent(`tifa-${phrase.simplified}-uses.csv`)}`,
      'Cache-Control': 'no-store',
    },
  });
}
