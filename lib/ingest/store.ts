/**
 * Stage 6, store: one extracted document → the database, in one transaction.
 *
 * Identical content (same source, same hash) changes nothing; changed content
 * from the same source replaces the document's sections, sentences and
 * occurrences atomically and keeps its id, so links stay valid. Phrases are
 * never deleted here: editor notes hang on them and survive every re-ingest.
 */
import { crashPoint } from './crash';
import { BatchInsert, type Db } from '../db/sqlite';
import type { ExtractedDocument } from './types';

export type StoreStatus = 'added' | 'updated' | 'skipped';

export interface StoreResult {
  status: StoreStatus;
  documentId: number;
  sections: number;
  sentences: number;
  occurrences: number;
  newPhrases: number;
}

export class DocumentStore {
  private readonly stmts;
  /** Phrase ids by key, for keys known to be committed. */
  private readonly phraseIds = new Map<string, number>();

  constructor(private readonly db: Db) {
    this.stmts = {
      existing: db.prepare<[string], { id: number; contentHash: string }>('SELECT id, contentHash FROM Document WHERE sourceKey = ?'),
      insertDocument: db.prepare(
        `INSERT INTO Document (sourceKey, title, date, year, source, url, format, contentHash, charCount, ingestedAt, linked)
         VALUES (@sourceKey, @title, @date, @year, @source, @url, @format, @contentHash, @charCount, @ingestedAt, 0)`,
      ),
      updateDocument: db.prepare(
        `UPDATE Document SET title=@title, date=@date, year=@year, source=@source, url=@url, format=@format,
         contentHash=@contentHash, charCount=@charCount, ingestedAt=@ingestedAt, linked=0 WHERE id=@id`,
      ),
      // The figures of every phrase whose uses change are refreshed at the end of the run (stats.ts).
      markOldPhrasesStale: db.prepare('UPDATE Phrase SET statsStale = 1 WHERE statsStale = 0 AND id IN (SELECT DISTINCT phraseId FROM Occurrence WHERE documentId = ?)'),
      markStale: db.prepare('UPDATE Phrase SET statsStale = 1 WHERE id = ? AND statsStale = 0'),
      deleteOccurrences: db.prepare('DELETE FROM Occurrence WHERE documentId = ?'),
      deleteSentences: db.prepare('DELETE FROM Sentence WHERE documentId = ?'),
      deleteSections: db.prepare('DELETE FROM Section WHERE documentId = ?'),
      insertSection: db.prepare(
        'INSERT INTO Section (documentId, parentId, ordinal, depth, label, title, path) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      insertSentences: new BatchInsert(db, 'INSERT INTO Sentence (documentId, sectionId, paragraph, ordinal, heading, text)', 6),
      findPhrase: db.prepare<[string], { id: number }>('SELECT id FROM Phrase WHERE key = ?'),
      insertPhrase: db.prepare(
        `INSERT INTO Phrase (key, text, simplified, traditional, pinyin, pinyinPlain, pinyinInitials, pinyinSort, kind, createdAt, updatedAt, linked, statsStale)
         VALUES (@key, @text, @key, '', '', '', '', '', @kind, @now, @now, 0, 1)`,
      ),
      insertOccurrences: new BatchInsert(db, 'INSERT INTO Occurrence (phraseId, sentenceId, documentId, sectionId, start, "end", quoted)', 7),
    };
  }

  /**
   * Stores one document. New phrases get their readings (pinyin, traditional
   * form) later, in one pass at the end of the run (see fillReadings): they
   * are computed once per phrase, off the busy part of the run.
   */
  store(doc: ExtractedDocument, contentHash: string, charCount: number): StoreResult {
    const created: Array<[string, number]> = [];
    const result = this.db.transaction((): StoreResult => {
      const existing = this.stmts.existing.get(doc.sourceKey);
      if (existing && existing.contentHash === contentHash) {
        return { status: 'skipped', documentId: existing.id, sections: 0, sentences: 0, occurrences: 0, newPhrases: 0 };
      }
      const now = new Date().toISOString();
      const row = {
        sourceKey: doc.sourceKey,
        title: doc.title,
        date: doc.date,
        year: doc.date ? Number(doc.date.slice(0, 4)) : null,
        source: doc.source,
        url: doc.url,
        format: doc.format,
        contentHash,
        charCount,
        ingestedAt: now,
      };
      let documentId: number;
      if (existing) {
        documentId = existing.id;
        this.stmts.markOldPhrasesStale.run(documentId);
        this.stmts.deleteOccurrences.run(documentId);
        this.stmts.deleteSentences.run(documentId);
        this.stmts.deleteSections.run(documentId);
        this.stmts.updateDocument.run({ ...row, id: documentId });
      } else {
        documentId = Number(this.stmts.insertDocument.run(row).lastInsertRowid);
      }

      const sectionIds: number[] = [];
      for (const s of doc.sections) {
        const parentId = s.parent === null ? null : sectionIds[s.parent];
        sectionIds.push(
          Number(this.stmts.insertSection.run(documentId, parentId, s.index, s.depth, s.label, s.title, JSON.stringify(s.path)).lastInsertRowid),
        );
      }
      const sentenceValues: unknown[] = [];
      doc.sentences.forEach((s, i) => {
        sentenceValues.push(documentId, s.section === null ? null : sectionIds[s.section], s.paragraph, i, s.heading ? 1 : 0, s.text);
      });
      const sentenceIds = this.stmts.insertSentences.run(sentenceValues);

      let newPhrases = 0;
      const occurrenceValues: unknown[] = [];
      for (const span of doc.spans) {
        let phraseId = this.phraseIds.get(span.key) ?? this.stmts.findPhrase.get(span.key)?.id;
        if (phraseId === undefined) {
          phraseId = Number(
            this.stmts.insertPhrase.run({ key: span.key, text: span.text, kind: span.kind, now }).lastInsertRowid,
          );
          newPhrases++;
        }
        created.push([span.key, phraseId]);
        const sentence = doc.sentences[span.sentence];
        const sectionId = sentence.section === null ? null : sectionIds[sentence.section];
        occurrenceValues.push(phraseId, sentenceIds[span.sentence], documentId, sectionId, span.start, span.end, 1);
      }
      this.stmts.insertOccurrences.run(occurrenceValues);
      for (const id of new Set(created.map(([, id]) => id))) this.stmts.markStale.run(id);
      crashPoint('store');
      return {
        status: existing ? 'updated' : 'added',
        documentId,
        sections: doc.sections.length,
        sentences: doc.sentences.length,
        occurrences: doc.spans.length,
        newPhrases,
      };
    }).immediate();
    crashPoint('stored');
    // Only now, after the commit, are these ids safe to reuse.
    for (const [key, id] of created) this.phraseIds.set(key, id);
    return result;
  }
}
