'use server';

import { z } from 'zod';
import { getZh } from '@/lib/data/script';
import { guardAction } from '@/lib/auth';
import { removedMessage, renderMarkdownReport } from '@/lib/markdown';

const previewInput = z.string().max(20000, 'A note is at most 20,000 characters.');

export interface MarkdownPreview {
  html: string;
  /** What the sanitiser will leave out, as a sentence ('' if nothing). */
  removed: string;
  error?: string;
}

/**
 * Renders Markdown as readers will see it (in their script), before it is saved. Writes nothing,
 * but a server action is a public endpoint: only editors (who see the forms that preview) may call it.
 */
export async function previewMarkdown(body: unknown): Promise<MarkdownPreview> {
  const g = await guardAction();
  if (!g.ok) return { html: '', removed: '', error: g.message };
  const parsed = previewInput.safeParse(body);
  if (!parsed.success) return { html: '', removed: '', error: parsed.error.issues.map((i) => i.message).join(' ') };
  const zh = await getZh();
  const r = renderMarkdownReport(parsed.data, zh.t);
  return { html: r.html, removed: removedMessage(r.removed) };
}
