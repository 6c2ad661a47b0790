/**
 * The pure part of ingestion, composed: source document → extracted document.
 */
import { createHash } from 'node:crypto';
import { clean } from './clean';
import { segment } from './segment';
import { extract } from './extract';
import { boundDocument, type Capped } from './bounds';
import { placeDocument } from './place';
import { fingerprint } from '../dedupe/fingerprint';
import type { PlacedDocument, SourceDocument } from './types';

/**
 * Bumped whenever cleaning, segmentation or extraction changes what they
 * produce, so re-ingesting unchanged files refreshes them with the new rules.
 */
export const PIPELINE_VERSION = 14;

export interface Processed {
  doc: PlacedDocument;
  contentHash: string;
  /** Characters of cleaned text stored. */
  charCount: number;
  /** What was cut to size (bounds.ts). */
  capped: Capped;
}

export function contentHash(src: SourceDocument): string {
  return createHash('sha256')
    .update(`v${PIPELINE_VERSION}\0${src.format}\0${JSON.stringify(src.meta)}\0`)
    .update(src.text)
    .digest('hex');
}

export function processDocument(src: SourceDocument): Processed {
  const { doc: bounded, capped } = boundDocument(extract(segment(clean(src))));
  let charCount = 0;
  for (const s of bounded.sentences) charCount += s.text.length;
  const doc: PlacedDocument = {
    ...bounded,
    ...placeDocument(bounded.title, src.meta, src.source, src.format),
    fingerprint: fingerprint(bounded.sentences.map((s) => s.text)),
  };
  return { doc, contentHash: contentHash(src), charCount, capped };
}
