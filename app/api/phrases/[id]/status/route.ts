import type { NextRequest } from 'next/server';
import { setPhraseStatus } from '@/lib/editing';
import { badRequest, body, routeId, writeResponse } from '../../../_http';

export const dynamic = 'force-dynamic';

/** POST /api/phrases/{id}/status {status: confirmed|candidate|rejected, author}: an editor's verdict, with history. */
export async function POST(req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  const b = await body(req);
  if (b instanceof Response) return b;
  return writeResponse(await setPhraseStatus({ ...b, id } as Parameters<typeof setPhraseStatus>[0]));
}
