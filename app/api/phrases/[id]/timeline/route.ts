import { getPhrase, getTimeline } from '@/lib/data';
import { badRequest, json, notFoundJson, routeId } from '../../../_http';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/**
 * GET /api/phrases/{id}/timeline : [{year, uses, documents, characters, perMillion, byCollection}],
 * one item per year with dated text, uses normalised per million characters of that year's text
 * (byCollection: the same figures per collection).
 */
export async function GET(_req: Request, ctx: Ctx) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  const phrase = await getPhrase(id);
  if (!phrase) return notFoundJson(`There is no phrase ${id}.`);
  return json(await getTimeline(phrase));
}
