import type { NextRequest } from 'next/server';
import { getDocument } from '@/lib/data';
import { badRequest, json, notFoundJson, routeId } from '../../_http';

export const dynamic = 'force-dynamic';

/** GET /api/documents/{id} : the document with its section tree (each section with its phrases). */
export async function GET(_req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  const doc = await getDocument(id);
  if (!doc) return notFoundJson(`There is no document ${id}.`);
  return json({ ...doc, url: `/documents/${doc.id}` });
}
