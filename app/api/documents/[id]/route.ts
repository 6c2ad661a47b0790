import type { NextRequest } from 'next/server';
import { getDocument } from '@/lib/data';
import { updateDocumentMeta } from '@/lib/editing';
import { guardWrite } from '@/lib/auth';
import { badRequest, json, notFoundJson, routeId, writeResponse } from '../../_http';

export const dynamic = 'force-dynamic';

/** GET /api/documents/{id} : the document with its section tree (each section with its phrases). */
export async function GET(_req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  const doc = await getDocument(id);
  if (!doc) return notFoundJson(`There is no document ${id}.`);
  return json({ ...doc, url: `/documents/${doc.id}` });
}

/** PATCH /api/documents/{id} {version, title?, date?}: an editor sets the title and/or date (with history). Editors only. */
export async function PATCH(req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const w = await guardWrite(req);
  if (w instanceof Response) return w;
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  return writeResponse(updateDocumentMeta({ ...w.body, id } as Parameters<typeof updateDocumentMeta>[0], w.user.name));
}
