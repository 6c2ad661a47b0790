import { compare, compareParams, CompareInputError } from '@/lib/data';
import { badRequest, json, notFoundJson, query, zodMessage } from '../_http';

export const dynamic = 'force-dynamic';

/**
 * GET /api/compare?a=<documentId>&b=<documentId> (or ?yearA=&yearB=[&collection=]):
 * {a, b, added, dropped, kept}, each item {id, text, simplified, kind, usesA, usesB}.
 */
export async function GET(req: Request) {
  const parsed = compareParams.safeParse(query(new URL(req.url)));
  if (!parsed.success) return badRequest(zodMessage(parsed.error), parsed.error.issues);
  try {
    return json(await compare(parsed.data));
  } catch (e) {
    if (e instanceof CompareInputError) return notFoundJson(e.message);
    throw e;
  }
}
