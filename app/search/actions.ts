'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { currentIndex } from '@/lib/search/engine';
import { promoteToGlossary, promotionPreview, undoPromotionInApp } from '@/lib/search/promote';
import { guardAction } from '@/lib/auth';
import { WriteLockTimeout } from '@/lib/db/busy';

const promoteInput = z.object({
  q: z.string().trim().min(1, 'Nothing to add.').max(40, 'A phrase is at most 40 characters.'),
  confirm: z.literal('yes').optional(),
});

export interface PromoteState {
  error?: string;
  /** Set when the editor must confirm: how many sentences the string is in. */
  confirm?: { q: string; sentences: number };
}

/**
 * Adds the searched string to the glossary, with all its occurrences, and
 * opens its entry. Editors only, and in two steps: the first call says how
 * many sentences it would add uses from; only a second call with confirm=yes
 * writes anything.
 */
export async function promoteToPhrase(_prev: PromoteState, form: FormData): Promise<PromoteState> {
  const g = await guardAction();
  if (!g.ok) return { error: g.message };
  const parsed = promoteInput.safeParse({ q: form.get('q'), confirm: form.get('confirm') ?? undefined });
  if (!parsed.success) return { error: parsed.error.issues.map((i) => i.message).join(' ') };
  const index = currentIndex();
  if (!index) return { error: 'Nothing has been ingested yet.' };
  if (parsed.data.confirm !== 'yes') {
    return { confirm: { q: parsed.data.q, sentences: promotionPreview(index, parsed.data.q).sentences } };
  }
  let phraseId: number;
  try {
    phraseId = (await promoteToGlossary(parsed.data.q, g.user.name)).phraseId;
  } catch (e) {
    if (e instanceof WriteLockTimeout) return { error: e.message };
    return { error: `Could not add the phrase: ${(e as Error).message}` };
  }
  revalidatePath('/');
  redirect(`/phrases/${phraseId}`);
}

export interface UndoState {
  error?: string;
}

/** Undoes a promotion (editors): its uses go, and the entry too if the promotion made it. */
export async function undoPromotionAction(_prev: UndoState, form: FormData): Promise<UndoState> {
  const g = await guardAction();
  if (!g.ok) return { error: g.message };
  const id = z.coerce.number().int().positive().safeParse(form.get('promotionId'));
  if (!id.success) return { error: 'promotionId: a positive integer' };
  let r;
  try {
    r = await undoPromotionInApp(id.data, g.user.name);
  } catch (e) {
    if (e instanceof WriteLockTimeout) return { error: e.message };
    throw e;
  }
  if (!r.ok) return { error: r.message };
  revalidatePath('/');
  redirect(r.phraseDeleted ? `/search?q=${encodeURIComponent(r.query)}` : `/phrases/${String(form.get('phraseId') ?? '')}`);
}
