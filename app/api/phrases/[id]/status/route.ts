import type { NextRequest } from 'next/server';
import { setPhraseStatus } from '@/lib/editing';
import { guardWrite } from '@/lib/auth';
import { badRequest, routeId, writeResponse } from '../../../_http';

export const dynamic = 'force-dynamic';

/** POST /api/phrases/{id}/status {status: confirmed|candidate|rejected}: an editor's verdict, with history. Editors only. */
export async function POST(req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const w = await guardWrite(req);
  if (w instanceof Response) return w;
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  return writeResponse(setPhraseStatus({ ...w.body, id } as Parameters<typeof setPhraseStatus>[0], w.user.name));
}
