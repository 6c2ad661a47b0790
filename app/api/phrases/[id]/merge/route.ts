import type { NextRequest } from 'next/server';
import { mergePhrases } from '@/lib/editing';
import { guardWrite } from '@/lib/auth';
import { badRequest, routeId, writeResponse } from '../../../_http';

export const dynamic = 'force-dynamic';

/** POST /api/phrases/{id}/merge {into}: merges entry {id} into entry {into} (forms, uses, notes; history on both). Editors only. */
export async function POST(req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const w = await guardWrite(req);
  if (w instanceof Response) return w;
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  return writeResponse(mergePhrases({ ...w.body, id } as Parameters<typeof mergePhrases>[0], w.user.name));
}
