import type { NextRequest } from 'next/server';
import { getPhrase, phraseNotes } from '@/lib/data';
import { createNote } from '@/lib/editing';
import { guardWrite } from '@/lib/auth';
import { badRequest, json, notFoundJson, routeId, writeResponse } from '../../../_http';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/phrases/{id}/notes : the notes (with history), deleted ones separately. */
export async function GET(_req: NextRequest, ctx: Ctx) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  if (!(await getPhrase(id))) return notFoundJson(`There is no phrase ${id}.`);
  return json(await phraseNotes(id));
}

/** POST /api/phrases/{id}/notes {body}: adds a note (201) by the signed-in editor. */
export async function POST(req: NextRequest, ctx: Ctx) {
  const w = await guardWrite(req);
  if (w instanceof Response) return w;
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  return writeResponse(createNote({ ...w.body, phraseId: id } as Parameters<typeof createNote>[0], w.user.name), 201);
}
