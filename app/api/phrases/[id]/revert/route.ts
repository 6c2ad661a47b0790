import type { NextRequest } from 'next/server';
import { revertPhraseFields } from '@/lib/editing';
import { guardWrite } from '@/lib/auth';
import { badRequest, routeId, writeResponse } from '../../../_http';

export const dynamic = 'force-dynamic';

/** POST /api/phrases/{id}/revert {version, toVersion}: the editor fields of version toVersion, as a new revision. Editors only. */
export async function POST(req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const w = await guardWrite(req);
  if (w instanceof Response) return w;
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  return writeResponse(revertPhraseFields({ ...w.body, id } as Parameters<typeof revertPhraseFields>[0], w.user.name));
}
