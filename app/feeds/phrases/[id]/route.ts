import { getPhrase } from '@/lib/data';
import { phraseUsesFeed } from '@/lib/data/feeds';
import { parseId } from '@/components/layout/params';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** GET /feeds/phrases/{id} : Atom feed of a phrase's uses, one entry per document, latest ingested first. */
export async function GET(req: Request, ctx: Ctx) {
  const id = parseId((await ctx.params).id);
  if (!id) return new Response('Not a phrase id.\n', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const phrase = await getPhrase(id);
  if (!phrase) return new Response(`There is no phrase ${id}.\n`, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(await phraseUsesFeed(phrase, new URL(req.url).origin), {
    headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
