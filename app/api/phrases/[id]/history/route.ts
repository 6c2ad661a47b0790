import type { NextRequest } from 'next/server';
import { getPhrase, phraseNotes, phraseRevisions } from '@/lib/data';
import { noteHistory, phraseHistory } from '@/lib/data/history';
import { badRequest, json, notFoundJson, routeId } from '../../../_http';

export const dynamic = 'force-dynamic';

/** GET /api/phrases/{id}/history : every revision of the entry fields and of each note (deleted ones too), newest first, with diffs. */
export async function GET(_req: NextRequest, ctx: { params: Promise<{ id: string }> }) {
  const id = await routeId(ctx.params);
  if (!id) return badRequest('id: a positive integer');
  if (!(await getPhrase(id))) return notFoundJson(`There is no phrase ${id}.`);
  const [revisions, notes] = await Promise.all([phraseRevisions(id), phraseNotes(id)]);
  return json({
    fields: phraseHistory(revisions),
    notes: [...notes.live, ...notes.deleted].map((n) => ({ id: n.id, deleted: n.deletedAt !== null, version: n.version, revisions: noteHistory(n.revisions) })),
  });
}
