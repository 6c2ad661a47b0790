import type { NextRequest } from 'next/server';
import { getNote } from '@/lib/data';
import { deleteNote, updateNote } from '@/lib/editing';
import { guardWrite } from '@/lib/auth';
import { badRequest, json, notFoundJson, query, routeId, writeResponse } from '../../_http';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export async function GET(_req: NextRequest, ctx: Ctx) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  const note = await getNote(id);
  return note ? json(note) : notFoundJson(`There is no note ${id}.`);
}

/** PATCH /api/notes/{id} {version, body}: 409 with your text back if the version is stale. Editors only. */
export async function PATCH(req: NextRequest, ctx: Ctx) {
  const w = await guardWrite(req);
  if (w instanceof Response) return w;
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  return writeResponse(updateNote({ ...w.body, id } as Parameters<typeof updateNote>[0], w.user.name));
}

/** DELETE /api/notes/{id}?version=N (or a JSON body {version}): soft delete, kept in history. Editors only. */
export async function DELETE(req: NextRequest, ctx: Ctx) {
  const w = await guardWrite(req);
  if (w instanceof Response) return w;
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  return writeResponse(deleteNote({ ...query(req.nextUrl), ...w.body, id } as Parameters<typeof deleteNote>[0], w.user.name));
}
