import { num, rows, sql } from './db';

export interface CorpusStats {
  documents: number;
  phrases: number;
  occurrences: number;
  notes: number;
}

/** Totals for the home page, from the denormalized phrase counts (no scan of Occurrence). */
export async function corpusStats(): Promise<CorpusStats> {
  const r = await rows<{ documents: unknown; phrases: unknown; occurrences: unknown; notes: unknown }>(sql`
    SELECT (SELECT count(*) FROM Document WHERE duplicateOf IS NULL) AS documents,
           (SELECT count(*) FROM Phrase WHERE status <> 'merged') AS phrases,
           (SELECT coalesce(sum(occurrenceCount), 0) FROM Phrase) AS occurrences,
           (SELECT count(*) FROM Note WHERE deletedAt IS NULL) AS notes`);
  const x = r[0];
  return { documents: num(x?.documents), phrases: num(x?.phrases), occurrences: num(x?.occurrences), notes: num(x?.notes) };
}
