/**
 * The corpus as a whole, for the analyses (compare, timelines, concordance
 * filters): every document's year, size, collection and genre, read once per
 * state of the Document table and kept in memory (a few thousand small rows).
 */
import { num, rows, sql } from './db';
import { GENRES as STORED_GENRES } from '@/lib/ingest/place';
import { openDataVersion } from '@/lib/serve/data-version.mjs';

export interface CorpusDocument {
  id: number;
  title: string;
  date: string | null;
  year: number | null;
  charCount: number;
  ingestedAt: string;
  /** The collection (the source folder, or --collection), as stored at ingest. */
  collection: string;
  /** The genre stored at ingest (lib/ingest/place). */
  genre: string;
}

export interface CollectionInfo {
  /** The short name, also the key in URLs and the API. */
  key: string;
  label: string;
  documents: number;
  firstYear: number | null;
  lastYear: number | null;
}

export interface Corpus {
  documents: CorpusDocument[];
  byId: Map<number, CorpusDocument>;
  collections: CollectionInfo[];
  collectionByKey: Map<string, CollectionInfo>;
  /** Latest year of any dated document. */
  lastYear: number | null;
  /** Characters of text per year (all collections) and per year and collection. */
  charsByYear: Map<number, number>;
  charsByYearCollection: Map<string, number>;
  signature: string;
}

interface SourceRow {
  id: unknown;
  title: string;
  date: string | null;
  year: unknown;
  charCount: unknown;
  ingestedAt: unknown;
  collection: string;
  genre: string;
}

/** The collection key of documents stored without one. */
export const UNNAMED_COLLECTION = '(none)';

/** Genres as documents store them (lib/ingest/place derives them at ingest), for filters. */
export const GENRES = STORED_GENRES;

const g = globalThis as unknown as {
  tifaCorpus?: Corpus;
  /** The database's version token when tifaCorpus was last found current. */
  tifaCorpusVersion?: string | null;
  tifaCorpusVersionSource?: Promise<{ current(): Promise<string | null> } | null>;
};

/**
 * The database's version token (lib/serve/data-version.mjs, as the page cache
 * uses it): it changes whenever anything is committed, by any process. Null
 * when the database cannot be asked; then the signature decides alone.
 */
async function databaseVersion(): Promise<string | null> {
  g.tifaCorpusVersionSource ??= openDataVersion().catch(() => null);
  const source = await g.tifaCorpusVersionSource;
  return source ? source.current() : null;
}

/** The corpus summary, recomputed when documents were added, replaced or removed. */
export async function getCorpus(): Promise<Corpus> {
  // Nothing committed since the corpus was last found current: it still is. The signature reads every
  // kept document's row (15-20 ms a page at 1 GB of text); the token is one pragma on its own connection.
  const version = await databaseVersion();
  if (version !== null && g.tifaCorpus && g.tifaCorpusVersion === version) return g.tifaCorpus;
  // Editors' title and date edits bump a document's version: they change the signature too.
  const sig = await rows<{ n: unknown; maxId: unknown; last: unknown; chars: unknown; versions: unknown }>(
    sql`SELECT count(*) AS n, max(id) AS maxId, max(ingestedAt) AS last, sum(charCount) AS chars, sum(version) AS versions
        FROM Document WHERE duplicateOf IS NULL`,
  );
  const s = sig[0];
  const signature = `${num(s?.n)}:${num(s?.maxId)}:${String(s?.last)}:${num(s?.chars)}:${num(s?.versions)}`;
  if (g.tifaCorpus?.signature === signature) {
    g.tifaCorpusVersion = version;
    return g.tifaCorpus;
  }
  const raw = await rows<SourceRow>(
    // Near-duplicate copies are counted once, in their kept document.
    sql`SELECT id, title, date, year, charCount, ingestedAt, collection, genre FROM Document WHERE duplicateOf IS NULL ORDER BY date IS NULL, date, id`,
  );
  g.tifaCorpus = buildCorpus(raw, signature);
  g.tifaCorpusVersion = version;
  return g.tifaCorpus;
}

function buildCorpus(raw: SourceRow[], signature: string): Corpus {
  const documents: CorpusDocument[] = raw.map((r) => {
    const year = r.year == null ? (r.date ? Number(r.date.slice(0, 4)) : null) : num(r.year);
    return {
      id: num(r.id),
      title: r.title,
      date: r.date,
      year: year != null && Number.isFinite(year) ? year : null,
      charCount: num(r.charCount),
      ingestedAt: String(r.ingestedAt),
      // A document stored before collections existed has none: it is one of the unnamed ones.
      collection: r.collection || UNNAMED_COLLECTION,
      genre: r.genre,
    };
  });
  const collectionByKey = new Map<string, CollectionInfo>();
  const charsByYear = new Map<number, number>();
  const charsByYearCollection = new Map<string, number>();
  let lastYear: number | null = null;
  for (const d of documents) {
    const c = collectionByKey.get(d.collection) ?? { key: d.collection, label: d.collection, documents: 0, firstYear: null, lastYear: null };
    c.documents++;
    if (d.year != null) {
      c.firstYear = c.firstYear == null ? d.year : Math.min(c.firstYear, d.year);
      c.lastYear = c.lastYear == null ? d.year : Math.max(c.lastYear, d.year);
      lastYear = lastYear == null ? d.year : Math.max(lastYear, d.year);
      charsByYear.set(d.year, (charsByYear.get(d.year) ?? 0) + d.charCount);
      const k = `${d.year}|${d.collection}`;
      charsByYearCollection.set(k, (charsByYearCollection.get(k) ?? 0) + d.charCount);
    }
    collectionByKey.set(d.collection, c);
  }
  const collections = [...collectionByKey.values()].sort((a, b) => b.documents - a.documents || a.label.localeCompare(b.label));
  return {
    documents,
    byId: new Map(documents.map((d) => [d.id, d])),
    collections,
    collectionByKey,
    lastYear,
    charsByYear,
    charsByYearCollection,
    signature,
  };
}

/** The document of the same collection and genre published last before this one (dated documents only): the previous report, not the resolution on it. */
export function previousInCollection(corpus: Corpus, documentId: number): CorpusDocument | null {
  const doc = corpus.byId.get(documentId);
  if (!doc || !doc.date) return null;
  let best: CorpusDocument | null = null;
  for (const d of corpus.documents) {
    if (d.collection !== doc.collection || d.genre !== doc.genre || !d.date || d.id === doc.id) continue;
    // Strictly earlier date, at the precision both dates have.
    const n = Math.min(d.date.length, doc.date.length);
    if (d.date.slice(0, n) >= doc.date.slice(0, n)) continue;
    if (!best || d.date > best.date! || (d.date === best.date && d.id > best.id)) best = d;
  }
  return best;
}
