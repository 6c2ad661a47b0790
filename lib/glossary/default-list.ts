import { DEFAULT_LIST_THRESHOLD } from '@/lib/curation/score';

/**
 * The default list: the phrases a glossary export (TBX) holds. The curated
 * list the glossary shows by default (confirmed phrases, and candidates that
 * score as formulations, titles and names of things aside; see
 * lib/curation/score.ts), and every phrase an editor gave a translation or a
 * definition, unless rejected. Merged entries never.
 */
export const DEFAULT_LIST_WHERE = `(p.status NOT IN ('merged', 'rejected') AND (p.status = 'confirmed'
  OR (p.kind NOT IN ('title', 'name') AND p.score >= ${DEFAULT_LIST_THRESHOLD})
  OR p.translation IS NOT NULL OR p.definition IS NOT NULL))`;
