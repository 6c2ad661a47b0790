import { NextResponse, type NextRequest } from 'next/server';
import { sentenceHref, sentenceLocation } from '@/lib/data';
import { parseId } from '@/components/layout/params';

/** A permanent address for a sentence: redirects to it in its section's reading view. */
export async function GET(req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const id = parseId((await ctx.params).id);
  const loc = id ? await sentenceLocation(id) : null;
  if (!id || !loc) return NextResponse.json({ error: 'No such sentence.' }, { status: 404 });
  return NextResponse.redirect(new URL(sentenceHref(loc.documentId, loc.sectionOrdinal, loc.ordinal), req.url), 307);
}
