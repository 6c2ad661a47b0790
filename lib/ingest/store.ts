/**
 * Stage 6, store: one extracted document → the database, in one transaction.
 *
 * Identical content (same source, same hash) changes nothing; changed content
 * from the same source replaces the document's sections, sentences and
 * occurrences atomically and keeps its id, so links stay valid. Phrases are
 * never deleted here: editor notes hang on them and survive every re-ingest.
 *
 * A document that repeats one already stored (lib/dedupe) is stored with its
 * sentences and fingerprint but no occurrences, as a duplicate of the kept
 * copy; when the new copy is the preferred one, the roles swap. What an editor
 * set (title, date) wins over what ingestion derives.
 */
import { crashPoint } from './crash';
import { BatchInsert, InList, type Db } from '../db/sqlite';
import { retryOnConflict } from '../db/busy';
import { dialectOf } from '../db/dialect';
import { DuplicateFinder, preferred } from '../dedupe/detect';
import { FingerprintStore, type PrefetchedHolders, type WorkerLookupBookkeeping } from '../dedupe/store';
import { CountedText } from '../curation/text-uses';
import { extract } from './extract';
import { PhraseFigures } from './stats';
import type { PlacedDocument, QuotedSpan, SegmentedDocument } from './types';

export type StoreStatus = 'added' | 'updated' | 'skipped';

export interface StoreResult {
  status: StoreStatus;
  documentId: number;
  sections: number;
  sentences: number;
  occurrences: number;
  newPhrases: number;
  /** The kept document this one repeats (null if it is kept itself). */
  duplicateOf: number | null;
  /** A document that was kept until this preferred copy arrived. */
  replaced: number | null;
}

/** When the kept copy (Document) takes the date of a copy (c): see adoptDate. */
const ADOPTS_DATE = `Document.editedDate IS NULL AND c.date IS NOT NULL
  AND (Document.date IS NULL OR (length(Document.date) < length(c.date) AND c.date LIKE Document.date || '-%'))`;

/** Follows merges: an entry merged into another files its uses under that one. */
const MAX_MERGE_CHAIN = 16;

export class DocumentStore {
  private readonly stmts;
  private readonly duplicates: DuplicateFinder;
  private readonly fingerprints: FingerprintStore;
  private readonly countedText: CountedText;
  private readonly figures: PhraseFigures;
  /** Phrase ids by key, for keys known to be committed. */
  private readonly phraseIds = new Map<string, number>();

  constructor(
    private readonly db: Db,
    /** `lookupReader`: detection's lookups on a read connection of their own where they can (FingerprintStore), closed by `finish`. */
    options: { fingerprintBatch?: number; lookupReader?: boolean } = {},
  ) {
    this.fingerprints = new FingerprintStore(db, options.fingerprintBatch, options.lookupReader);
    this.duplicates = new DuplicateFinder(db, this.fingerprints);
    this.countedText = new CountedText(db);
    this.figures = new PhraseFigures(db);
    const dialect = dialectOf(db);
    this.stmts = {
      existing: db.prepare<[string], { id: number; contentHash: string; editedTitle: string | null; editedDate: string | null }>(
        'SELECT id, contentHash, editedTitle, editedDate FROM Document WHERE sourceKey = ?',
      ),
      insertDocument: db.prepare(
        `INSERT INTO Document (sourceKey, title, date, year, source, url, format, contentHash, charCount, ingestedAt, linked,
           collection, genre, region, speaker)
         VALUES (@sourceKey, @title, @date, @year, @source, @url, @format, @contentHash, @charCount, @ingestedAt, 0,
           @collection, @genre, @region, @speaker)`,
      ),
      updateDocument: db.prepare(
        `UPDATE Document SET title=@title, date=@date, year=@year, source=@source, url=@url, format=@format,
         contentHash=@contentHash, charCount=@charCount, ingestedAt=@ingestedAt, linked=0,
         collection=@collection, genre=@genre, region=@region, speaker=@speaker, duplicateOf=NULL, duplicateScore=NULL WHERE id=@id`,
      ),
      // A document's new uses are added to its phrases' figures as it is stored, and a replaced or demoted
      // document's taken away (stats.ts); phrases whose uses otherwise change (a copy's stray uses) are marked,
      // recounted and rescored at the end of the run. Phrases already marked are left as they are: rewriting
      // a row to the same values still costs a new row version and, on PostgreSQL, an entry in each of its indexes.
      markChangedOfDocument: db.prepare(
        'UPDATE Phrase SET statsStale = 1, scored = 0 WHERE (statsStale = 0 OR scored = 1) AND id IN (SELECT phraseId FROM Occurrence WHERE documentId = ?)',
      ),
      deleteOccurrences: db.prepare('DELETE FROM Occurrence WHERE documentId = ?'),
      deleteSentences: db.prepare('DELETE FROM Sentence WHERE documentId = ?'),
      deleteSections: db.prepare('DELETE FROM Section WHERE documentId = ?'),
      dependants: db.prepare<[number], { id: number }>('SELECT id FROM Document WHERE duplicateOf = ? ORDER BY id'),
      markDuplicate: db.prepare('UPDATE Document SET duplicateOf = ?, duplicateScore = ?, linked = 1 WHERE id = ?'),
      markKept: db.prepare('UPDATE Document SET duplicateOf = NULL, duplicateScore = NULL, linked = 0 WHERE id = ?'),
      repoint: db.prepare('UPDATE Document SET duplicateOf = ? WHERE duplicateOf = ?'),
      // The kept copy takes a copy's more precise date within the same year (or its date, if it has none),
      // unless an editor set one: the same date whichever copy came first.
      adoptDate: db.prepare(
        `UPDATE Document SET date = c.date, year = CAST(substr(c.date, 1, 4) AS INTEGER)
         FROM (SELECT date FROM Document WHERE id = @copy) c
         WHERE Document.id = @kept AND ${ADOPTS_DATE}`,
      ),
      // The kept copy's phrases get a new first or latest date, or a year: they are recounted.
      markAdoptingPhrases: db.prepare(
        `UPDATE Phrase SET statsStale = 1, scored = 0 WHERE (statsStale = 0 OR scored = 1)
           AND id IN (SELECT phraseId FROM Occurrence WHERE documentId = @kept)
           AND EXISTS (SELECT 1 FROM Document, (SELECT date FROM Document WHERE id = @copy) c WHERE Document.id = @kept AND ${ADOPTS_DATE})`,
      ),
      storedSentences: db.prepare<[number], { id: number; sectionId: number | null; text: string }>(
        'SELECT id, sectionId, text FROM Sentence WHERE documentId = ? ORDER BY ordinal',
      ),
      // Sections go in one statement, in document order; their parents are set after (ids are known then).
      insertSections: new BatchInsert(db, 'INSERT INTO Section (documentId, parentId, ordinal, depth, label, title, path)', 7),
      setParent: db.prepare('UPDATE Section SET parentId = ? WHERE id = ?'),
      insertSentences: new BatchInsert(db, 'INSERT INTO Sentence (documentId, sectionId, paragraph, ordinal, heading, text)', 6),
      // What the search index must cover, kept on the document (lib/search/build.ts indexableDocuments).
      setSentences: db.prepare('UPDATE Document SET sentenceCount = ?, firstSentenceId = ? WHERE id = ?'),
      phraseById: db.prepare<[number], { id: number; mergedIntoId: number | null }>('SELECT id, mergedIntoId FROM Phrase WHERE id = ?'),
      // A wording first seen as a 《title》 and now quoted as a formulation is a formulation
      // that also names something: looked for unquoted from this run on.
      // By id: through the index on kind instead, each document's statements read every title entry
      // (5,773 of them after 新闻联播, 180 µs a statement, half a second of the run).
      untitle: new InList(db, `UPDATE Phrase SET kind = ?, linked = 0 WHERE ${dialect.unindexed('kind')} = 'title' AND kindSource = 'auto' AND id IN`),
      findPhrases: new InList(db, 'SELECT id, key, mergedIntoId FROM Phrase WHERE key IN'),
      insertPhrases: new BatchInsert(
        db,
        'INSERT INTO Phrase (key, text, simplified, traditional, pinyin, pinyinPlain, pinyinInitials, pinyinSort, kind, createdAt, updatedAt, linked, statsStale)',
        13,
      ),
      insertOccurrences: new BatchInsert(db, 'INSERT INTO Occurrence (phraseId, sentenceId, documentId, sectionId, start, "end", quoted)', 7),
    };
  }

  /**
   * Stores one document. New phrases get their readings (pinyin, traditional
   * form) later, in one pass at the end of the run (see fillReadings): they
   * are computed once per phrase, off the busy part of the run. `prefetched`:
   * a document worker's lookup of the fingerprint's holders (lib/dedupe/store.ts).
   */
  store(doc: PlacedDocument, contentHash: string, charCount: number, prefetched?: PrefetchedHolders | null): StoreResult {
    const created: Array<[string, number]> = [];
    // The document whose fingerprint the transaction changes: held hashes are restored if it rolls back.
    let fingerprinted: number | null = null;
    const transaction = this.db.transaction((): StoreResult => {
      const existing = this.stmts.existing.get(doc.sourceKey);
      if (existing && existing.contentHash === contentHash) {
        return { status: 'skipped', documentId: existing.id, sections: 0, sentences: 0, occurrences: 0, newPhrases: 0, duplicateOf: null, replaced: null };
      }
      const now = new Date().toISOString();
      const date = existing?.editedDate ?? doc.date;
      const row = {
        sourceKey: doc.sourceKey,
        title: existing?.editedTitle ?? doc.title,
        date,
        year: date ? Number(date.slice(0, 4)) : null,
        source: sourceName(doc.source),
        url: doc.url,
        format: doc.format,
        contentHash,
        charCount,
        ingestedAt: now,
        collection: doc.collection,
        genre: doc.genre,
        region: doc.region,
        speaker: doc.speaker,
      };
      let documentId: number;
      let dependants: number[] = [];
      if (existing) {
        documentId = existing.id;
        // Its old uses are taken from the figures before they go (stats.ts).
        this.figures.remove(documentId);
        this.countedText.uncount(documentId);
        // Its fingerprint first: its rows of the lookup table are found from its sentences.
        fingerprinted = documentId;
        this.fingerprints.remove(documentId);
        this.stmts.deleteOccurrences.run(documentId);
        this.stmts.deleteSentences.run(documentId);
        this.stmts.deleteSections.run(documentId);
        this.stmts.updateDocument.run({ ...row, id: documentId });
        dependants = this.stmts.dependants.all(documentId).map((d) => d.id);
      } else {
        documentId = Number(this.stmts.insertDocument.run(row).lastInsertRowid);
      }

      const sectionIds = this.stmts.insertSections.run(
        doc.sections.flatMap((s) => [documentId, null, s.index, s.depth, s.label, s.title, JSON.stringify(s.path)]),
      );
      doc.sections.forEach((s, i) => {
        if (s.parent !== null) this.stmts.setParent.run(sectionIds[s.parent], sectionIds[i]);
      });
      const sentenceValues: unknown[] = [];
      doc.sentences.forEach((s, i) => {
        sentenceValues.push(documentId, s.section === null ? null : sectionIds[s.section], s.paragraph, i, s.heading ? 1 : 0, s.text);
      });
      const sentenceIds = this.stmts.insertSentences.run(sentenceValues);
      this.stmts.setSentences.run(doc.sentences.length, sentenceIds[0] ?? null, documentId);
      fingerprinted = documentId;
      // A new document has no fingerprint, a replaced one lost it above.
      this.fingerprints.add(documentId, doc.fingerprint);

      // A copy of a stored text: keep one, whichever came first.
      let duplicateOf: number | null = null;
      let replaced: number | null = null;
      const match = this.duplicates.find(documentId, doc.fingerprint, prefetched);
      if (match) {
        const kept = this.duplicates.candidate(match.documentId)!;
        const self = { id: documentId, url: doc.url, clauses: doc.fingerprint.length, sourceKey: doc.sourceKey };
        if (preferred(self, kept)) {
          this.demote(kept.id, documentId, match.ratio);
          replaced = kept.id;
        } else {
          this.stmts.markDuplicate.run(kept.id, match.ratio, documentId);
          this.adoptDate(kept.id, documentId);
          duplicateOf = kept.id;
        }
      }

      let newPhrases = 0;
      if (duplicateOf === null) {
        newPhrases = this.insertSpans(
          documentId,
          doc.spans,
          sentenceIds,
          doc.sentences.map((s) => (s.section === null ? null : sectionIds[s.section])),
          now,
          created,
        );
      }
      // The copies of a replaced text are compared again: the new text may no longer be theirs.
      for (const d of dependants) this.reconsider(d, now, created);
      crashPoint('store');
      return {
        status: existing ? 'updated' : 'added',
        documentId,
        sections: doc.sections.length,
        sentences: doc.sentences.length,
        occurrences: duplicateOf === null ? doc.spans.length : 0,
        newPhrases,
        duplicateOf,
        replaced,
      };
    });
    // On PostgreSQL a document whose phrases an editor writes at the same
    // moment loses the conflict (REPEATABLE READ): it is stored again from the
    // start, what the failed attempt left in memory undone first.
    const result = retryOnConflict((): StoreResult => {
      created.length = 0;
      fingerprinted = null;
      try {
        return transaction.immediate();
      } catch (e) {
        if (fingerprinted !== null) this.fingerprints.restore(fingerprinted);
        throw e;
      }
    });
    crashPoint('stored');
    // Only now, after the commit, are these ids safe to reuse.
    for (const [key, id] of created) this.phraseIds.set(key, id);
    this.fingerprints.flushIfFull();
    return result;
  }

  /**
   * Before the first document of a run: fingerprints that an older database or
   * an interrupted run left out of the lookup table are brought in (see lib/dedupe/store.ts).
   */
  catchUp(progress?: (done: number, total: number) => void): number {
    return this.fingerprints.catchUp(progress);
  }

  /** The lookup table's side of document workers' lookups ahead of this store (run.ts). */
  get workerLookups(): WorkerLookupBookkeeping {
    return this.fingerprints;
  }

  /** After the last document of a run: the waiting fingerprints go into the lookup table in one batch. */
  finish(): void {
    this.fingerprints.flush();
    this.fingerprints.close();
  }

  /** The kept copy takes a copy's more precise date; its phrases' figures are recounted then. */
  private adoptDate(kept: number, copy: number): void {
    this.stmts.markAdoptingPhrases.run({ kept, copy });
    this.stmts.adoptDate.run({ kept, copy });
  }

  /** Phrases whose uses change are recounted and rescored at the end of the run. */
  private touchPhrasesOf(documentId: number): void {
    this.stmts.markChangedOfDocument.run(documentId);
  }

  /** `documentId` becomes a copy of `keptId`: its uses go, its own copies follow it. */
  private demote(documentId: number, keptId: number, ratio: number): void {
    this.figures.remove(documentId);
    this.countedText.uncount(documentId);
    this.stmts.deleteOccurrences.run(documentId);
    this.stmts.markDuplicate.run(keptId, ratio, documentId);
    this.stmts.repoint.run(keptId, documentId);
    this.adoptDate(keptId, documentId);
  }

  /** A copy whose kept text changed: still a copy of some kept text, or kept itself with its uses restored. */
  private reconsider(documentId: number, now: string, created: Array<[string, number]>): void {
    const hashes = this.fingerprints.hashesOf(documentId);
    const match = this.duplicates.find(documentId, hashes);
    if (match) {
      this.stmts.markDuplicate.run(match.documentId, match.ratio, documentId);
      this.adoptDate(match.documentId, documentId);
      return;
    }
    this.stmts.markKept.run(documentId);
    // A copy holds no uses; any a promotion filed under it meanwhile go, and their phrases are recounted,
    // so that the uses added below are all of the document's (stats.ts adds them as such).
    this.touchPhrasesOf(documentId);
    this.stmts.deleteOccurrences.run(documentId);
    const rows = this.stmts.storedSentences.all(documentId);
    const segmented: SegmentedDocument = {
      sourceKey: '',
      source: '',
      format: 'txt',
      url: null,
      title: '',
      date: null,
      sections: [],
      sentences: rows.map((r) => ({ text: r.text, paragraph: 0, section: null, heading: false })),
    };
    this.insertSpans(documentId, extract(segmented).spans, rows.map((r) => r.id), rows.map((r) => r.sectionId), now, created);
  }

  /**
   * The entry each key's uses are filed under (following merges); new keys are
   * absent. Keys not yet known to this run are looked up together, a few
   * hundred per statement.
   */
  private resolvePhrases(keys: string[]): Map<string, number> {
    const ids = new Map<string, number>();
    const unknown: string[] = [];
    for (const key of new Set(keys)) {
      const cached = this.phraseIds.get(key);
      if (cached !== undefined) ids.set(key, cached);
      else unknown.push(key);
    }
    for (let p of this.stmts.findPhrases.all<{ id: number; key: string; mergedIntoId: number | null }>(unknown)) {
      const key = p.key;
      for (let i = 0; p.mergedIntoId != null && i < MAX_MERGE_CHAIN; i++) {
        const next = this.stmts.phraseById.get(p.mergedIntoId);
        if (!next) break;
        p = { ...next, key };
      }
      ids.set(key, p.id);
    }
    return ids;
  }

  private insertSpans(
    documentId: number,
    spans: QuotedSpan[],
    sentenceIds: number[],
    sectionOfSentence: Array<number | null>,
    now: string,
    created: Array<[string, number]>,
  ): number {
    const phraseIds = this.resolvePhrases(spans.map((s) => s.key));
    // New keys become entries, in the order of their first use, with that use's text and kind.
    const fresh = new Map<string, QuotedSpan>();
    for (const span of spans) if (!phraseIds.has(span.key) && !fresh.has(span.key)) fresh.set(span.key, span);
    const freshIds = this.stmts.insertPhrases.run([...fresh.values()].flatMap((f) => [f.key, f.text, f.key, '', '', '', '', '', f.kind, now, now, 0, 1]));
    [...fresh.keys()].forEach((key, i) => phraseIds.set(key, freshIds[i]));
    const touched = new Set<number>();
    // By kind: the phrases whose first use here is not a title.
    const untitled = new Map<string, number[]>();
    const occurrenceValues: unknown[] = [];
    for (const span of spans) {
      const phraseId = phraseIds.get(span.key)!;
      created.push([span.key, phraseId]);
      if (span.kind !== 'title' && !touched.has(phraseId)) {
        const ids = untitled.get(span.kind);
        if (ids) ids.push(phraseId);
        else untitled.set(span.kind, [phraseId]);
      }
      touched.add(phraseId);
      occurrenceValues.push(phraseId, sentenceIds[span.sentence], documentId, sectionOfSentence[span.sentence], span.start, span.end, 1);
    }
    for (const [kind, ids] of untitled) this.stmts.untitle.run(ids, kind);
    this.stmts.insertOccurrences.write(occurrenceValues);
    this.figures.add(documentId, 'all');
    return fresh.size;
  }
}

/** What is shown as a document's source: the file's name (with its record number), never a server path. */
export function sourceName(source: string): string {
  return source.replace(/^.*[\\/]/, '');
}
