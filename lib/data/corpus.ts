/**
 * The corpus as a whole, for the analyses (compare, timelines, concordance
 * filters): every document's year, size, collection and genre, read once per
 * state of the Document table and kept in memory (a few thousand small rows).
 */
import { num, rows, sql } from './db';

export interface CorpusDocument {
  id: number;
  title: string;
  date: string | null;
  year: number | null;
  charCount: number;
  ingestedAt: string;
  /** The collection (a series of documents published alike), by its short name. */
  collection: string;
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
  sourceKey: string;
}

/**
 * The collection a document belongs to. Until documents carry a collection
 * column, it is derived from where the document came from: a file of records
 * (JSON Lines, CSV) holding several documents is one collection; otherwise the
 * folder the file is in is. `siblings` counts the documents per record file.
 * This is the one place to switch to the stored column.
 */
export function collectionKeyOf(sourceKey: string, recordsPerFile: Map<string, number>): string {
  const hash = sourceKey.lastIndexOf('#');
  const file = hash >= 0 && /^#\d+$/.test(sourceKey.slice(hash)) ? sourceKey.slice(0, hash) : sourceKey;
  const normal = file.replace(/\\/g, '/');
  if (hash >= 0 && (recordsPerFile.get(file) ?? 0) > 1) return normal.replace(/\.[^./]+$/, '');
  const slash = normal.lastIndexOf('/');
  return slash > 0 ? normal.slice(0, slash) : '.';
}

/**
 * Short names for collection keys: the path below the folder all of them share,
 * first and last part only ("cctv_news", "chinese-political-corpora/cpc_congress_reports").
 */
export function collectionLabels(keys: string[]): Map<string, string> {
  const split = keys.map((k) => k.split('/').filter(Boolean));
  let common = 0;
  if (split.length > 1) {
    const min = Math.min(...split.map((s) => s.length));
    while (common < min - 1 && split.every((s) => s[common] === split[0][common])) common++;
  } else if (split.length === 1) {
    common = Math.max(0, split[0].length - 1);
  }
  const rest = split.map((s) => s.slice(common));
  const firsts = new Map<string, number>();
  for (const r of rest) firsts.set(r[0] ?? '', (firsts.get(r[0] ?? '') ?? 0) + 1);
  const out = new Map<string, string>();
  keys.forEach((k, i) => {
    const r = rest[i];
    const head = r[0] ?? k;
    out.set(k, (firsts.get(head) ?? 0) > 1 && r.length > 1 ? `${head}/${r[r.length - 1]}` : head);
  });
  return out;
}

/**
 * A document's genre, from its title until documents carry a genre column:
 * work reports, Party congress reports, news transcripts, resolutions, speeches.
 */
export function genreOf(title: string): string {
  if (/新闻联播/.test(title)) return 'news';
  if (/决议|决定/.test(title) && !/报告$/.test(title)) return 'resolution';
  if (/政府工作报告/.test(title)) return 'work report';
  if (/代表大会|大会上的报告|[一二三四五六七八九十]+大\)|[一二三四五六七八九十]+大）/.test(title)) return 'congress report';
  if (/讲话|致辞|贺信|回信|演讲|发言|谈话/.test(title)) return 'speech';
  return 'other';
}

export const GENRES = ['work report', 'congress report', 'news', 'speech', 'resolution', 'other'] as const;

const g = globalThis as unknown as { tifaCorpus?: Corpus };

/** The corpus summary, recomputed when documents were added, replaced or removed. */
export async function getCorpus(): Promise<Corpus> {
  const sig = await rows<{ n: unknown; maxId: unknown; last: unknown; chars: unknown }>(
    sql`SELECT count(*) AS n, max(id) AS maxId, max(ingestedAt) AS last, sum(charCount) AS chars FROM Document WHERE duplicateOf IS NULL`,
  );
  const s = sig[0];
  const signature = `${num(s?.n)}:${num(s?.maxId)}:${String(s?.last)}:${num(s?.chars)}`;
  if (g.tifaCorpus?.signature === signature) return g.tifaCorpus;
  const raw = await rows<SourceRow>(
    // Near-duplicate copies are counted once, in their kept document.
    sql`SELECT id, title, date, year, charCount, ingestedAt, sourceKey FROM Document WHERE duplicateOf IS NULL ORDER BY date IS NULL, date, id`,
  );
  g.tifaCorpus = buildCorpus(raw, signature);
  return g.tifaCorpus;
}

function buildCorpus(raw: SourceRow[], signature: string): Corpus {
  const recordsPerFile = new Map<string, number>();
  for (const r of raw) {
    const m = /^(.*)#\d+$/.exec(r.sourceKey);
    if (m) recordsPerFile.set(m[1], (recordsPerFile.get(m[1]) ?? 0) + 1);
  }
  // Collections are named by their short label (unique): keys built from
  // source paths would publish the server's folders in URLs and the API.
  const paths = raw.map((r) => collectionKeyOf(r.sourceKey, recordsPerFile));
  const byPath = collectionLabels([...new Set(paths)]);
  const taken = new Map<string, number>();
  for (const [p, label] of byPath) {
    const n = (taken.get(label) ?? 0) + 1;
    taken.set(label, n);
    if (n > 1) byPath.set(p, `${label} (${n})`);
  }
  const keys = paths.map((p) => byPath.get(p)!);
  const documents: CorpusDocument[] = raw.map((r, i) => {
    const year = r.year == null ? (r.date ? Number(r.date.slice(0, 4)) : null) : num(r.year);
    return {
      id: num(r.id),
      title: r.title,
      date: r.date,
      year: year != null && Number.isFinite(year) ? year : null,
      charCount: num(r.charCount),
      ingestedAt: String(r.ingestedAt),
      collection: keys[i],
      genre: genreOf(r.title),
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
