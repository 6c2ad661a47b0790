/**
 * The typed tree that flows through ingestion, stage by stage:
 *
 *   read (I/O) → decode → parse records → clean → segment → extract → store
 *
 * Every stage but read and store is a pure function of its input.
 */

export type SourceFormat = 'txt' | 'md' | 'jsonl' | 'csv';

export interface DocumentMeta {
  title?: string;
  /** ISO date (YYYY, YYYY-MM or YYYY-MM-DD) given by the source's metadata. */
  date?: string;
  url?: string;
  /** The collection the document belongs to (source folder or --collection). */
  collection?: string;
  /** The source's own type field (e.g. "cpc_congress_report"), a hint for the genre. */
  type?: string;
  /** Province or region, where the source gives it. */
  region?: string;
  /** Speaker or author, where the source gives one. */
  speaker?: string;
}

/** One document as read from a file or from one record of a CSV/JSONL file. */
export interface SourceDocument {
  /** Stable identity for re-ingest: the file's path, plus "#n" for the n-th record. */
  sourceKey: string;
  /** Human-readable origin (file path, with the record number if any). */
  source: string;
  format: SourceFormat;
  text: string;
  meta: DocumentMeta;
}

export type Block =
  | { type: 'heading'; text: string; /** Markdown depth (1 for #) */ level: number }
  | { type: 'paragraph'; text: string };

/** After cleaning: title and date known, text split into cleaned blocks. */
export interface CleanDocument {
  sourceKey: string;
  source: string;
  format: SourceFormat;
  url: string | null;
  title: string;
  date: string | null;
  blocks: Block[];
}

export interface SectionNode {
  /** Index in `sections` (pre-order). */
  index: number;
  parent: number | null;
  depth: number;
  /** Numbering as written ("一、", "（二）", "1.") or "" for unnumbered headings. */
  label: string;
  title: string;
  /** "label+title" of every ancestor and this section, top-down. */
  path: string[];
}

export interface SentenceNode {
  text: string;
  paragraph: number;
  section: number | null;
  heading: boolean;
}

/** After segmentation: an outline and the sentences, each in its section and paragraph. */
export interface SegmentedDocument extends Omit<CleanDocument, 'blocks'> {
  sections: SectionNode[];
  sentences: SentenceNode[];
}

export type PhraseKind = 'formula' | 'slogan' | 'quotation' | 'title';

/** A span that stood in quotation marks (or 《》) in a sentence. */
export interface QuotedSpan {
  sentence: number;
  /** Offsets of the phrase (without its marks) in the sentence text. */
  start: number;
  end: number;
  text: string;
  /** The simplified fold of `text`: the phrase's identity. */
  key: string;
  kind: PhraseKind;
}

/** After extraction: the segmented document with its quoted spans. */
export interface ExtractedDocument extends SegmentedDocument {
  spans: QuotedSpan[];
}

/** What the store needs beside the extracted document: where it belongs and its fingerprint. */
export interface PlacedDocument extends ExtractedDocument {
  collection: string;
  genre: string;
  region: string | null;
  speaker: string | null;
  /** Distinct normalised clause hashes, for near-duplicate detection (lib/dedupe). */
  fingerprint: number[];
}
