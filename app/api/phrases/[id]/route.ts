import type { NextRequest } from 'next/server';
import { getConcordance } from '@/lib/data';
import { updatePhraseFields } from '@/lib/editing';
import { guardWrite } from '@/lib/auth';
import { badRequest, json, phraseWithConcordanceParams, routeId, writeResponse } from '../../_http';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/phrases/{id}?document=&section=&page=&pageSize= : the entry and a page of its occurrences. */
export async function GET(req: NextRequest, ctx: Ctx) {
  const found = await phraseWithConcordanceParams(req, ctx.params);
  if (found instanceof Response) return found;
  const { phrase, filters } = found;
  const occ = await getConcordance(phrase, filters);
  return json({
    phrase: { ...phrase, url: `/phrases/${phrase.id}` },
    occurrences: {
      total: occ.total,
      page: occ.page,
      pageSize: occ.pageSize,
      pageCount: occ.pageCount,
      items: occ.items.map((o) => ({
        id: o.occurrenceId,
        sentenceId: o.sentenceId,
        sentence: o.sentence,
        start: o.start,
        end: o.end,
        quoted: o.quoted,
        document: o.document,
        sectionId: o.sectionId,
        sectionPath: o.sectionPath,
        url: o.href,
      })),
    },
  });
}

/** PATCH /api/phrases/{id} {version, translation, definition, kind, pinyinOverride}: editor fields. Editors only. */
export async function PATCH(req: NextRequest, ctx: Ctx) {
  const w = await guardWrite(req);
  if (w instanceof Response) return w;
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  return writeResponse(updatePhraseFields({ ...w.body, id } as Parameters<typeof updatePhraseFields>[0], w.user.name));
}
