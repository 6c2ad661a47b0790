import type { NextRequest } from 'next/server';
import { concordanceCsv, textStream } from '@/lib/data/export-csv';
import { phraseWithConcordanceParams } from '../../../_http';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/**
 * GET /api/phrases/{id}/concordance.csv?document=&section=&from=&to=&collection=&genre=&quoted= :
 * every use (with the filters) as CSV, UTF-8 with BOM, oldest first, streamed.
 */
export async function GET(req: NextRequest, ctx: Ctx) {
  const found = await phraseWithConcordanceParams(req, ctx.params);
  if (found instanceof Response) return found;
  const { phrase, filters } = found;
  return new Response(textStream(concordanceCsv(phrase, filters, req.nextUrl.origin)), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="tifa-${phrase.id}-uses.csv"; filename*=UTF-8''${encodeURIComponent(`tifa-${phrase.simplified}-uses.csv`)}`,
      'Cache-Control': 'no-store',
    },
  });
}
