'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { promoteToGlossary } from '@/lib/search/promote';
import { guardAction } from '@/lib/auth';

const promoteInput = z.object({
  q: z.string().trim().min(1, 'Nothing to add.').max(40, 'A phrase is at most 40 characters.'),
});

export interface PromoteState {
  error?: string;
}

/** Adds the searched string to the glossary, with all its occurrences, and opens its entry. */
export async function promoteToPhrase(_prev: PromoteState, form: FormData): Promise<PromoteState> {
  const g = await guardAction();
  if (!g.ok) return { error: g.message };
  const parsed = promoteInput.safeParse({ q: form.get('q') });
  if (!parsed.success) return { error: parsed.error.issues.map((i) => i.message).join(' ') };
  let phraseId: number;
  try {
    phraseId = (await promoteToGlossary(parsed.data.q)).phraseId;
  } catch (e) {
    return { error: `Could not add the phrase: ${(e as Error).message}` };
  }
  redirect(`/phrases/${phraseId}`);
}
