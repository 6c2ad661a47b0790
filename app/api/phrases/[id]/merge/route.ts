import type { NextRequest } from 'next/server';
import { mergePhrases } from '@/lib/editing';
import { badRequest, body, routeId, writeResponse } from '../../../_http';

export const dynamic = 'force-dynamic';

/** POST /api/phrases/{id}/merge {into, author}: merges entry {id} into entry {into} (forms, uses, notes; history on both). */
export async function POST(req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  const b = await body(req);
  if (b instanceof Response) return b;
  return writeResponse(await mergePhrases({ ...b, id } as Parameters<typeof mergePhrases>[0]));
}
