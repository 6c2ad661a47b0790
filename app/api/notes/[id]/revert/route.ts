import type { NextRequest } from 'next/server';
import { revertNote } from '@/lib/editing';
import { guardWrite } from '@/lib/auth';
import { badRequest, routeId, writeResponse } from '../../../_http';

export const dynamic = 'force-dynamic';

/** POST /api/notes/{id}/revert {version, toVersion}: the text of version toVersion, as a new revision. Editors only. */
export async function POST(req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const w = await guardWrite(req);
  if (w instanceof Response) return w;
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  return writeResponse(revertNote({ ...w.body, id } as Parameters<typeof revertNote>[0], w.user.name));
}
