/**
 * Stages 1-2, read and parse records: files on disk → SourceDocuments, one at a
 * time (a generator, so a directory of any size streams through in constant
 * memory). Decoding is the pure `decode`; this module does the I/O and splits
 * CSV/JSONL files into one document per record.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { decode, DecodeError } from './decode';
import type { SourceDocument, SourceFormat } from './types';

export const EXTENSIONS: Record<string, SourceFormat> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
};

/** Record fields, tried in order (case-insensitive); the defaults fit the corpora in ../shared/corpus. */
export interface FieldOptions {
  textField?: string;
  titleField?: string;
  dateField?: string;
  sourceField?: string;
  /** The collection every document read belongs to (else derived from the folders, see place.ts). */
  collection?: string;
}

const DEFAULT_FIELDS = {
  text: ['full_text', 'text', 'content', 'body', 'article', '正文', '内容', '全文'],
  title: ['title', 'headline', 'name', '标题', '题目'],
  date: ['publish_date', 'date', 'published', 'pubdate', 'time', '日期', '发布日期', 'year', '年份'],
  source: ['source_url', 'url', 'link', 'href', 'source', '来源', '网址'],
  type: ['type', 'genre', 'category', 'doc_type', '类型', '类别', '文种'],
  region: ['province', 'region', 'prefecture', 'city', '省份', '地区', '省', '地方'],
  speaker: ['speaker', 'author', 'leader', '讲话人', '作者', '发言人'],
};

export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}

/** A file that holds no documents (a manifest, a failures list): skipped with a reason, not an error. */
export class NotADocumentFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotADocumentFile';
  }
}

const SKIPPED_NAMES = /^(?:readme|license|licence|copying|changelog|sources|notice|contributing)(?:\.[a-z]+)?$/i;

/**
 * The files to ingest: files named on the command line are taken as they are;
 * directories are walked (sorted, hidden entries and README/LICENSE-style
 * files skipped, only known extensions).
 */
export function* walk(inputs: string[], forcedFormat?: SourceFormat): Generator<string> {
  for (const input of inputs) {
    const stat = fs.statSync(input, { throwIfNoEntry: false });
    if (!stat) throw new SourceError(`${input}: no such file or directory`);
    if (stat.isFile()) {
      yield input;
      continue;
    }
    const stack = [input];
    while (stack.length) {
      const dir = stack.pop()!;
      const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? 1 : -1));
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) stack.push(p);
      }
      for (const e of [...entries].reverse()) {
        if (!e.isFile() || e.name.startsWith('.') || SKIPPED_NAMES.test(e.name)) continue;
        const ext = path.extname(e.name).toLowerCase();
        if (forcedFormat || ext in EXTENSIONS) yield path.join(dir, e.name);
      }
    }
  }
}

export function formatOf(file: string, forced?: SourceFormat): SourceFormat {
  if (forced) return forced;
  const f = EXTENSIONS[path.extname(file).toLowerCase()];
  if (!f) throw new SourceError(`unknown file type ${path.extname(file) || '(none)'}; use --format txt|md|jsonl|csv`);
  return f;
}

function pickField(record: Record<string, unknown>, explicit: string | undefined, defaults: string[]): string | undefined {
  const keys = Object.keys(record);
  if (explicit) return keys.find((k) => k === explicit) ?? keys.find((k) => k.toLowerCase() === explicit.toLowerCase());
  for (const d of defaults) {
    const k = keys.find((x) => x.trim().toLowerCase() === d);
    if (k !== undefined) return k;
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

/** Metadata without absent fields: it is part of the content hash, so absent must mean absent. */
function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function fromRecord(
  record: Record<string, unknown>,
  n: number,
  file: string,
  key: string,
  format: SourceFormat,
  fields: FieldOptions,
): SourceDocument | null {
  const textKey = pickField(record, fields.textField, DEFAULT_FIELDS.text);
  if (textKey === undefined) {
    if (fields.textField) throw new SourceError(`record ${n} has no field "${fields.textField}"`);
    return null;
  }
  const text = str(record[textKey]);
  if (!text) return null;
  const titleKey = pickField(record, fields.titleField, DEFAULT_FIELDS.title);
  const dateKey = pickField(record, fields.dateField, DEFAULT_FIELDS.date);
  const sourceKey = pickField(record, fields.sourceField, DEFAULT_FIELDS.source);
  const field = (defaults: string[]) => {
    const k = pickField(record, undefined, defaults);
    return k ? str(record[k]) : undefined;
  };
  return {
    sourceKey: `${key}#${n}`,
    source: `${file}#${n}`,
    format,
    text,
    meta: withoutUndefined({
      title: titleKey ? str(record[titleKey]) : undefined,
      date: dateKey ? str(record[dateKey]) : undefined,
      url: sourceKey ? str(record[sourceKey]) : undefined,
      type: field(DEFAULT_FIELDS.type),
      region: field(DEFAULT_FIELDS.region),
      speaker: field(DEFAULT_FIELDS.speaker),
      collection: fields.collection,
    }),
  };
}

/**
 * The documents in one file. Throws SourceError/DecodeError for a broken file
 * (nothing of it is stored) and NotADocumentFile for a table without text.
 */
export function readFile(file: string, options: FieldOptions & { format?: SourceFormat } = {}): SourceDocument[] {
  const format = formatOf(file, options.format);
  const key = path.resolve(file);
  let text: string;
  try {
    text = decode(fs.readFileSync(file)).text;
  } catch (e) {
    if (e instanceof DecodeError) throw new SourceError(e.message);
    throw e;
  }
  if (format === 'txt' || format === 'md') {
    if (text.trim() === '') throw new NotADocumentFile('empty file');
    return [{ sourceKey: key, source: file, format, text, meta: withoutUndefined({ collection: options.collection }) }];
  }
  let records: Array<Record<string, unknown>> = [];
  if (format === 'jsonl') {
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (e) {
        throw new SourceError(`line ${i + 1} is not valid JSON (${(e as Error).message})`);
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new SourceError(`line ${i + 1} is not a JSON object`);
      }
      records.push(value as Record<string, unknown>);
    });
  } else {
    try {
      // Assigned, not spread into push(): a spread passes every record as an
      // argument, and a file of ~125k rows overflows the stack.
      records = parseCsv(text.replace(/^\ufeff/, ''), {
        columns: true,
        skip_empty_lines: true,
        relax_column_count: true,
        bom: true,
      }) as Array<Record<string, unknown>>;
    } catch (e) {
      throw new SourceError(`not valid CSV (${(e as Error).message})`);
    }
  }
  if (records.length && pickField(records[0], options.textField, DEFAULT_FIELDS.text) === undefined) {
    if (options.textField) throw new SourceError(`no field "${options.textField}"`);
    throw new NotADocumentFile(`no text column (looked for ${DEFAULT_FIELDS.text.join(', ')}; use --text-field)`);
  }
  const docs: SourceDocument[] = [];
  records.forEach((r, i) => {
    const d = fromRecord(r, i + 1, file, key, format, options);
    if (d) docs.push(d);
  });
  return docs;
}
