import { newPhrasesFeed } from '@/lib/data/feeds';

export const dynamic = 'force-dynamic';

/** GET /feeds/new-phrases.atom : Atom feed of the phrases first seen in newly ingested documents. */
export async function GET(req: Request) {
  return new Response(await newPhrasesFeed(new URL(req.url).origin), {
    headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
