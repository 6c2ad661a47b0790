/**
 * The corpus uses of every one- and two-character wording, quoted or not
 * (Phrase.textUses, a score input): the unquoted scan does not look for them,
 * and a short word quoted now and then (“停摆”) is mostly used without marks.
 *
 * Kept up to date by what changes, not recounted over the corpus: a wording's
 * count is the sum over the documents whose text is counted (Document.
 * textCounted), each kept document with sentences. A run adds the text of the
 * kept documents not yet counted (what it added, or restored from being a
 * copy); the store takes a document's text out, in the same transaction, when
 * it replaces it or files it as a copy (CountedText.uncount). A wording seen
 * for the first time (textUses null) is counted over every kept document,
 * from the search index's stored gram counts (a segment's dictionary and the
 * chunks holding its entries, never its texts), or, in a segment that still
 * holds replaced documents, from its live documents' text.
 */
import type { Db } from '../db/sqlite';
import { INDEXED_DOCUMENT, indexableDocuments, liveDocuments, readManifest, readSegmentMeta } from '../search/build';
import { GramCounter, gramKeyOf, storedGramUses } from '../search/gram-counts';

interface ShortPhrase {
  id: number;
  gram: number;
  textUses: number | null;
}

function shortPhrases(db: Db): ShortPhrase[] {
  const rows = db.prepare('SELECT id, key, textUses FROM Phrase WHERE length(key) <= 2 ORDER BY id').all() as Array<{ id: number; key: string; textUses: number | null }>;
  const out: ShortPhrase[] = [];
  for (const r of rows) {
    // SQL's length() counts code points, the index's grams UTF-16 units (𠮷 is two): longer keys are the unquoted scan's.
    if (r.key.length > 2) continue;
    const gram = gramKeyOf(r.key);
    if (gram !== null) out.push({ id: r.id, gram, textUses: r.textUses === null ? null : Number(r.textUses) });
  }
  return out;
}

/**
 * Brings every short wording's text uses up to date (see the module comment),
 * once the search index covers every kept document; phrases whose count
 * changed are marked for rescoring. Returns how many changed.
 */
export function recordTextUses(db: Db): number {
  return db
    .transaction((): number => {
      const phrases = shortPhrases(db);
      // The indexed documents not counted yet, by the textCounted index: reading every
      // document's row took 0.2-0.5 s at 1 GB.
      const uncounted = (db.prepare(`SELECT id FROM Document WHERE textCounted = 0 AND ${INDEXED_DOCUMENT} ORDER BY id`).all() as Array<{ id: number }>).map(
        (r) => r.id,
      );
      const fresh = phrases.filter((p) => p.textUses === null);
      const counted = phrases.filter((p) => p.textUses !== null);
      const next = new Map<number, number>();

      // Wordings never counted: over every kept document.
      if (fresh.length > 0) {
        const stored = indexableDocuments(db);
        const grams = fresh.map((p) => p.gram);
        const total = new Float64Array(grams.length);
        const manifest = readManifest(db);
        const metas = manifest ? manifest.segments.map((s) => readSegmentMeta(db, s)) : [];
        const live = liveDocuments(metas, stored);
        const covered = new Set<number>();
        const fromText = new GramCounter(grams);
        metas.forEach((meta, i) => {
          for (const id of live[i]) covered.add(id);
          if (live[i].size === 0) return;
          if (live[i].size === meta.documents.length) {
            storedGramUses(db, meta.id, grams).forEach((n, k) => (total[k] += n));
          } else fromText.addDocuments(db, live[i]);
        });
        // Documents no segment covers (none once the index is current).
        fromText.addDocuments(
          db,
          [...stored.keys()].filter((id) => !covered.has(id)),
        );
        fresh.forEach((p, k) => next.set(p.id, total[k] + fromText.uses[k]));
      }

      // Wordings already counted: plus the documents not counted yet.
      if (counted.length > 0 && uncounted.length > 0) {
        const added = new GramCounter(counted.map((p) => p.gram));
        added.addDocuments(db, uncounted);
        counted.forEach((p, k) => {
          if (added.uses[k] > 0) next.set(p.id, p.textUses! + added.uses[k]);
        });
      }

      const update = db.prepare('UPDATE Phrase SET textUses = ?, scored = 0 WHERE id = ?');
      let changed = 0;
      const before = new Map(phrases.map((p) => [p.id, p.textUses]));
      for (const [id, uses] of next) {
        if (uses === before.get(id)) continue;
        update.run(uses, id);
        changed++;
      }
      const mark = db.prepare('UPDATE Document SET textCounted = 1 WHERE id = ?');
      for (const id of uncounted) mark.run(id);
      return changed;
    })
    .immediate();
}

/**
 * The store's side: a counted document's text leaves the counts in the
 * transaction that replaces its sentences or files it as a copy. The wordings
 * are those counted when the run began (new ones are counted whole at its end).
 */
export class CountedText {
  private readonly phrases: ShortPhrase[];
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.phrases = shortPhrases(db).filter((p) => p.textUses !== null);
    this.stmts = {
      counted: db.prepare<[number], { textCounted: number | boolean }>('SELECT textCounted FROM Document WHERE id = ?'),
      subtract: db.prepare('UPDATE Phrase SET textUses = textUses - ?, scored = 0 WHERE id = ? AND textUses IS NOT NULL'),
      uncounted: db.prepare('UPDATE Document SET textCounted = 0 WHERE id = ?'),
    };
  }

  /** In the document's transaction, before its sentences change. */
  uncount(documentId: number): void {
    if (!this.stmts.counted.get(documentId)?.textCounted) return;
    if (this.phrases.length > 0) {
      const counter = new GramCounter(this.phrases.map((p) => p.gram));
      counter.addDocuments(this.db, [documentId]);
      this.phrases.forEach((p, k) => {
        if (counter.uses[k] > 0) this.stmts.subtract.run(counter.uses[k], p.id);
      });
    }
    this.stmts.uncounted.run(documentId);
  }
}
