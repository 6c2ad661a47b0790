/**
 * A phrase's use over the years, normalised by how much text each year (and
 * each collection in it) has, so that a year of daily news and a year of one
 * work report can be read on one scale; and what the entry cards say about it
 * (first and last use, peak year, collections it has vanished from).
 */
import { Lru } from './cache';
import { getCorpus, type Corpus } from './corpus';
import { num, rows, sql } from './db';
import type { PhraseEntry } from './phrases';

export interface TimelineCell {
  uses: number;
  documents: number;
  characters: number;
  /** Uses per million characters of text. */
  perMillion: number;
}

export interface TimelineYear extends TimelineCell {
  year: number;
  /** The same figures per collection (every collection with text that year). */
  byCollection: Record<string, TimelineCell>;
}

type PhraseState = Pick<PhraseEntry, 'id' | 'occurrenceCount' | 'documentCount' | 'lastDate' | 'updatedAt'>;

export function perMillion(uses: number, characters: number): number {
  return characters > 0 ? Math.round((uses / characters) * 1e6 * 1000) / 1000 : 0;
}

const perDocCache = new Lru<Array<{ documentId: number; uses: number }>>(500, 10 * 60_000);

function stateKey(p: PhraseState): string {
  return `${p.id}:${p.occurrenceCount}:${p.documentCount}:${p.lastDate}:${p.updatedAt.getTime()}`;
}

/** Uses per document (one GROUP BY on the phrase's covering index, cached per phrase state). */
export async function usesPerDocument(p: PhraseState): Promise<Array<{ documentId: number; uses: number }>> {
  return perDocCache.getOrCompute(stateKey(p), async () => {
    const r = await rows<{ documentId: unknown; n: unknown }>(
      sql`SELECT documentId, count(*) AS n FROM Occurrence WHERE phraseId = ${p.id} GROUP BY documentId`,
    );
    return r.map((x) => ({ documentId: num(x.documentId), uses: num(x.n) }));
  });
}

/** Every year the corpus has dated text in, oldest first, with the phrase's figures. */
export function buildTimeline(corpus: Corpus, perDoc: Array<{ documentId: number; uses: number }>): TimelineYear[] {
  const years = [...corpus.charsByYear.keys()].sort((a, b) => a - b);
  const out = new Map<number, TimelineYear>();
  for (const y of years) {
    const byCollection: Record<string, TimelineCell> = {};
    for (const c of corpus.collections) {
      const chars = corpus.charsByYearCollection.get(`${y}|${c.key}`);
      if (chars) byCollection[c.key] = { uses: 0, documents: 0, characters: chars, perMillion: 0 };
    }
    out.set(y, { year: y, uses: 0, documents: 0, characters: corpus.charsByYear.get(y) ?? 0, perMillion: 0, byCollection });
  }
  for (const { documentId, uses } of perDoc) {
    const d = corpus.byId.get(documentId);
    if (!d || d.year == null) continue;
    const y = out.get(d.year);
    if (!y) continue;
    y.uses += uses;
    y.documents++;
    const c = y.byCollection[d.collection];
    if (c) {
      c.uses += uses;
      c.documents++;
    }
  }
  for (const y of out.values()) {
    y.perMillion = perMillion(y.uses, y.characters);
    for (const c of Object.values(y.byCollection)) c.perMillion = perMillion(c.uses, c.characters);
  }
  return [...out.values()];
}

export async function getTimeline(p: PhraseState): Promise<TimelineYear[]> {
  const [corpus, perDoc] = await Promise.all([getCorpus(), usesPerDocument(p)]);
  return buildTimeline(corpus, perDoc);
}

export interface Vanished {
  collection: string;
  label: string;
  /** The last year the phrase was used in the collection. */
  lastYear: number;
  /** The collection's documents published since then. */
  documentsSince: number;
  collectionLastYear: number;
}

export interface TimelineFacts {
  firstYear: number | null;
  lastYear: number | null;
  /** The year with the most uses per million characters. */
  peakYear: number | null;
  peakPerMillion: number;
  /** Collections still being published that have stopped using the phrase. */
  vanished: Vanished[];
}

/**
 * A collection is still being published when its latest document is from the
 * corpus's latest year or the year before. A phrase has vanished from it when
 * the collection has published at least two documents, and in a later year,
 * since the phrase's last use there.
 */
export function timelineFacts(corpus: Corpus, timeline: TimelineYear[], perDoc: Array<{ documentId: number; uses: number }>): TimelineFacts {
  const used = timeline.filter((y) => y.uses > 0);
  let peak: TimelineYear | null = null;
  for (const y of used) if (!peak || y.perMillion > peak.perMillion) peak = y;
  const lastUse = new Map<string, string>();
  for (const { documentId, uses } of perDoc) {
    const d = corpus.byId.get(documentId);
    if (!d?.date || uses === 0) continue;
    const prev = lastUse.get(d.collection);
    if (!prev || d.date > prev) lastUse.set(d.collection, d.date);
  }
  const vanished: Vanished[] = [];
  for (const [key, last] of lastUse) {
    const c = corpus.collectionByKey.get(key);
    if (!c || c.lastYear == null || corpus.lastYear == null || c.lastYear < corpus.lastYear - 1) continue;
    const lastYear = Number(last.slice(0, 4));
    if (c.lastYear <= lastYear) continue;
    let since = 0;
    for (const d of corpus.documents) {
      if (d.collection !== key || !d.date) continue;
      const n = Math.min(d.date.length, last.length);
      if (d.date.slice(0, n) > last.slice(0, n)) since++;
    }
    if (since >= 2) vanished.push({ collection: key, label: c.label, lastYear, documentsSince: since, collectionLastYear: c.lastYear });
  }
  vanished.sort((a, b) => b.documentsSince - a.documentsSince);
  return {
    firstYear: used[0]?.year ?? null,
    lastYear: used[used.length - 1]?.year ?? null,
    peakYear: peak?.year ?? null,
    peakPerMillion: peak?.perMillion ?? 0,
    vanished,
  };
}

export async function getTimelineWithFacts(p: PhraseState): Promise<{ timeline: TimelineYear[]; facts: TimelineFacts; corpus: Corpus }> {
  const [corpus, perDoc] = await Promise.all([getCorpus(), usesPerDocument(p)]);
  const timeline = buildTimeline(corpus, perDoc);
  return { timeline, facts: timelineFacts(corpus, timeline, perDoc), corpus };
}
