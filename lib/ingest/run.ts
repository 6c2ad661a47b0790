/**
 * The ingest command's engine: walks the inputs, streams each file's documents
 * through the pipeline and the store (one transaction per document), reports
 * a broken file by name and goes on, then links unquoted uses, refreshes the
 * phrase figures and rebuilds the search index.
 */
import fs from 'node:fs';
import type { Db } from '../db/sqlite';
import { processDocument } from './pipeline';
import { NotADocumentFile, readFile, walk, type FieldOptions } from './read';
import { DocumentStore } from './store';
import { linkUnquoted } from './link';
import { refreshPhraseStats } from './stats';
import { loadCorpus, rebuildSearchIndex } from '../search/build';
import type { SourceFormat } from './types';

export interface IngestOptions extends FieldOptions {
  format?: SourceFormat;
}

export interface IngestEvents {
  /** Called once the files are known (total bytes, for a progress bar). */
  start?(files: number, bytes: number): void;
  /** After each file. */
  file?(file: string, bytes: number): void;
  /** A file or record that failed; nothing of it was stored. */
  failure?(where: string, message: string): void;
  /** A file skipped because it holds no documents. */
  notice?(where: string, message: string): void;
  /** Progress of the phases after the documents: link, stats, index. */
  phase?(name: string, done: number, total: number): void;
}

export interface IngestSummary {
  files: number;
  bytes: number;
  added: number;
  updated: number;
  skipped: number;
  failed: number;
  sections: number;
  sentences: number;
  newPhrases: number;
  occurrences: number;
  unquoted: number;
  seconds: number;
  failures: Array<{ where: string; message: string }>;
}

export function ingest(db: Db, inputs: string[], options: IngestOptions = {}, events: IngestEvents = {}): IngestSummary {
  const t0 = performance.now();
  const files = [...walk(inputs, options.format)];
  const sizes = files.map((f) => fs.statSync(f).size);
  const bytes = sizes.reduce((a, b) => a + b, 0);
  events.start?.(files.length, bytes);

  const store = new DocumentStore(db);
  const summary: IngestSummary = {
    files: files.length,
    bytes,
    added: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    sections: 0,
    sentences: 0,
    newPhrases: 0,
    occurrences: 0,
    unquoted: 0,
    seconds: 0,
    failures: [],
  };
  const fail = (where: string, e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    summary.failed++;
    summary.failures.push({ where, message });
    events.failure?.(where, message);
  };

  files.forEach((file, i) => {
    let sources;
    try {
      sources = readFile(file, options);
    } catch (e) {
      if (e instanceof NotADocumentFile) events.notice?.(file, e.message);
      else fail(file, e);
      events.file?.(file, sizes[i]);
      return;
    }
    for (const src of sources) {
      try {
        const { doc, contentHash, charCount } = processDocument(src);
        if (doc.sentences.length === 0) throw new Error('no text left after cleaning');
        const r = store.store(doc, contentHash, charCount);
        summary[r.status]++;
        summary.sections += r.sections;
        summary.sentences += r.sentences;
        summary.occurrences += r.occurrences;
        summary.newPhrases += r.newPhrases;
      } catch (e) {
        fail(src.source, e);
      }
    }
    events.file?.(file, sizes[i]);
  });

  const changed = summary.added + summary.updated > 0;
  const pendingLinks = (db.prepare('SELECT (SELECT count(*) FROM Document WHERE linked = 0) + (SELECT count(*) FROM Phrase WHERE linked = 0) AS n').get() as { n: number }).n;
  const hasIndex = db.prepare("SELECT 1 FROM SearchMeta WHERE key = 'generation'").get() !== undefined;
  if (changed || pendingLinks > 0 || !hasIndex) {
    const corpus = loadCorpus(db, (d, t) => events.phase?.('read', d, t));
    const link = linkUnquoted(db, corpus, (d, t) => events.phase?.('link', d, t));
    summary.unquoted = link.occurrences;
    events.phase?.('stats', 0, 1);
    refreshPhraseStats(db);
    events.phase?.('stats', 1, 1);
    rebuildSearchIndex(db, corpus, (d, t) => events.phase?.('index', d, t));
  }
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}
