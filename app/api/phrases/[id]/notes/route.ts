import type { NextRequest } from 'next/server';
import { getPhrase, phraseNotes } from '@/lib/data';
import { createNote } from '@/lib/editing';
import { badRequest, body, json, notFoundJson, routeId, writeResponse } from '../../../_http';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/phrases/{id}/notes : the notes (with history), deleted ones separately. */
export async function GET(_req: NextRequest, ctx: Ctx) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  if (!(await getPhrase(id))) return notFoundJson(`There is no phrase ${id}.`);
  return json(await phraseNotes(id));
}

/** POST /api/phrases/{id}/notes {body, author}: adds a note (201). */
export async function POST(req: NextRequest, ctx: Ctx) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  const b = await body(req);
  if (b instanceof Response) return b;
  return writeResponse(await createNote({ ...b, phraseId: id } as Parameters<typeof createNote>[0]), 201);
}
