import type { NextRequest } from 'next/server';
import { getNote } from '@/lib/data';
import { deleteNote, updateNote } from '@/lib/editing';
import { badRequest, body, json, notFoundJson, query, routeId, writeResponse } from '../../_http';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export async function GET(_req: NextRequest, ctx: Ctx) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  const note = await getNote(id);
  return note ? json(note) : notFoundJson(`There is no note ${id}.`);
}

/** PATCH /api/notes/{id} {version, body, author}: 409 with your text back if the version is stale. */
export async function PATCH(req: NextRequest, ctx: Ctx) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  const b = await body(req);
  if (b instanceof Response) return b;
  return writeResponse(await updateNote({ ...b, id } as Parameters<typeof updateNote>[0]));
}

/** DELETE /api/notes/{id}?version=N (or a JSON body {version, author}): soft delete, kept in history. */
export async function DELETE(req: NextRequest, ctx: Ctx) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  const b = await body(req);
  if (b instanceof Response) return b;
  return writeResponse(await deleteNote({ ...query(req.nextUrl), ...b, id } as Parameters<typeof deleteNote>[0]));
}
