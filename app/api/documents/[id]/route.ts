import type { NextRequest } from 'next/server';
import { getDocument } from '@/lib/data';
import { updateDocumentMeta } from '@/lib/editing';
import { badRequest, body, json, notFoundJson, routeId, writeResponse } from '../../_http';

export const dynamic = 'force-dynamic';

/** GET /api/documents/{id} : the document with its section tree (each section with its phrases). */
export async function GET(_req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  const doc = await getDocument(id);
  if (!doc) return notFoundJson(`There is no document ${id}.`);
  return json({ ...doc, url: `/documents/${doc.id}` });
}

/** PATCH /api/documents/{id} {version, title?, date?, author}: an editor sets the title and/or date (with history). */
export async function PATCH(req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  const b = await body(req);
  if (b instanceof Response) return b;
  return writeResponse(await updateDocumentMeta({ ...b, id } as Parameters<typeof updateDocumentMeta>[0]));
}
