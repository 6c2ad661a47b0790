import type { NextRequest } from 'next/server';
import { restoreNote } from '@/lib/editing';
import { guardWrite } from '@/lib/auth';
import { badRequest, routeId, writeResponse } from '../../../_http';

export const dynamic = 'force-dynamic';

/** POST /api/notes/{id}/restore {version}: undoes a deletion. Admins only. */
export async function POST(req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const w = await guardWrite(req, 'admin');
  if (w instanceof Response) return w;
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  return writeResponse(restoreNote({ ...w.body, id } as Parameters<typeof restoreNote>[0], w.user.name));
}
