/**
 * One file through the pure stages: read, decode, parse records, clean,
 * segment, extract. Runs in a worker thread (see worker.ts) or in the main
 * thread; the result is plain data either way.
 */
import { processDocument, type Processed } from './pipeline';
import { NotADocumentFile, readFile, type FieldOptions } from './read';
import type { SourceFormat } from './types';
import type { PrefetchedHolders } from '../dedupe/store';

export type ProcessedItem =
  | {
      kind: 'document';
      where: string;
      processed: Processed;
      /** Its clauses' holders, when a worker looked them up (lib/ingest/worker.ts). */
      holders?: PrefetchedHolders;
    }
  | { kind: 'error'; where: string; message: string };

export type FileResult =
  | { kind: 'documents'; documents: ProcessedItem[] }
  | { kind: 'notice'; message: string }
  | { kind: 'error'; message: string };

export function processFile(file: string, options: FieldOptions & { format?: SourceFormat }): FileResult {
  let sources;
  try {
    sources = readFile(file, options);
  } catch (e) {
    if (e instanceof NotADocumentFile) return { kind: 'notice', message: e.message };
    return { kind: 'error', message: (e as Error).message };
  }
  const documents: ProcessedItem[] = [];
  for (const src of sources) {
    try {
      const processed = processDocument(src);
      if (processed.doc.sentences.length === 0) throw new Error('no text left after cleaning');
      documents.push({ kind: 'document', where: src.source, processed });
    } catch (e) {
      documents.push({ kind: 'error', where: src.source, message: (e as Error).message });
    }
  }
  return { kind: 'documents', documents };
}
