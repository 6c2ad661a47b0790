/**
 * The extraction goals of issue 7, on real documents from ../shared/corpus that
 * no one picked: a deterministic sample spread evenly over each of the five
 * collections (read at run time, never copied into the repository). Skipped on
 * a clone without the corpus.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountQuotes, findLeftovers } from '@/lib/ingest/audit';
import { processDocument } from '@/lib/ingest/pipeline';
import { readFile, walk } from '@/lib/ingest/read';
import type { ExtractedDocument, SourceDocument } from '@/lib/ingest/types';
import { foldToSimplified } from '@/lib/text/script';
import { damagedCopy } from './support/damaged-copy';

const CORPUS = path.resolve(__dirname, '../../shared/corpus');
const COLLECTIONS = ['chinese-political-corpora', 'china-provincial-gov-reports-2026', 'cctv_news', 'textworkshop17', 'plsc_xi_speeches'];

/** `k` items spread evenly over a list: the first, then every len/k-th. */
function spread<T>(items: T[], k: number): T[] {
  if (items.length <= k) return items;
  return Array.from({ length: k }, (_, i) => items[Math.floor((i * items.length) / k)]);
}

/**
 * The sample: in each collection, files in walk order (sorted) and the records
 * of each, then 8 documents spread evenly over that list. Large record files
 * are read whole; folders of many files only where a sampled file lies.
 */
function sample(collection: string, k = 8): SourceDocument[] {
  const files = [...walk([path.join(CORPUS, collection)])];
  const docsPerFile = files.map((f) => (/\.(csv|jsonl)$/.test(f) ? null : 1));
  // Files holding records are expanded; one-document files stand for themselves.
  const entries: Array<{ file: string; index: number }> = [];
  const records = new Map<string, SourceDocument[]>();
  files.forEach((file, i) => {
    if (docsPerFile[i] === 1) entries.push({ file, index: 0 });
    else {
      let docs: SourceDocument[] = [];
      try {
        docs = readFile(file);
      } catch {
        docs = []; // a manifest without text
      }
      records.set(file, docs);
      docs.forEach((_, index) => entries.push({ file, index }));
    }
  });
  return spread(entries, k).map(({ file, index }) => (records.get(file) ?? readFile(file))[index]);
}

const present = COLLECTIONS.every((c) => fs.existsSync(path.join(CORPUS, c)));

describe.runIf(present)('quoted phrases found on a sample of every collection', () => {
  // What is counted: every pair of “…”, 「…」 or 『…』 that a plain regular expression
  // (/“[^“”\n]*”|「[^「」\n]*」|『[^『』\n]*』/) finds in the stored sentences. Each is
  // found (a phrase starts right after that opening mark), or excluded by a stated
  // rule: empty, longer than MAX_PHRASE_LENGTH (120) characters, or without a Chinese
  // character and not a numeric code (“5G”, “OK”). What is neither is missed.
  it('finds at least 99% of quoted spans as phrases or excludes them by a stated rule', () => {
    const perCollection: Record<string, { pairs: number; missed: number; examples: string[] }> = {};
    let pairs = 0;
    let missed = 0;
    let found = 0;
    for (const c of COLLECTIONS) {
      const docs = sample(c);
      expect(docs.length, c).toBe(8);
      const acc = { pairs: 0, missed: 0, examples: [] as string[] };
      for (const src of docs) {
        const a = accountQuotes(processDocument(src).doc);
        acc.pairs += a.regexPairs;
        acc.missed += a.missed;
        acc.examples.push(...a.missedExamples);
        found += a.found;
      }
      perCollection[c] = acc;
      pairs += acc.pairs;
      missed += acc.missed;
    }
    expect(pairs).toBeGreaterThan(500);
    expect(found / pairs).toBeGreaterThan(0.9);
    expect((pairs - missed) / pairs, JSON.stringify(perCollection)).toBeGreaterThanOrEqual(0.99);
  });
});

function outline(doc: ExtractedDocument): string[] {
  return doc.sections.map((s) => foldToSimplified(s.path.join(' › ')));
}

function glossary(doc: ExtractedDocument): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of doc.spans) m.set(s.key, (m.get(s.key) ?? 0) + 1);
  return m;
}

const RESIDUE = /[\u3400-\u9fff][(（]\s?[a-zü\u00e0-\u01dc:]{1,8}[1-5]?\s?[)）]/;

describe.runIf(present)('a damaged traditional web copy gives the same glossary as its clean original', () => {
  // Clean originals: the national reports that have a 二、 heading (the run-in heading needs
  // one), spread evenly, and provincial reports spread evenly.
  // Vitest runs a skipped suite's body to collect its tests: read the corpus only when it is there.
  const reports = present
    ? readFile(path.join(CORPUS, 'chinese-political-corpora/government_work_reports.jsonl')).filter((d) => /\n\s*二、/.test(d.text))
    : [];
  const provinces = present ? sample('china-provincial-gov-reports-2026', 2) : [];
  const originals = [...spread(reports, 3), ...provinces];

  it.each(originals.map((d) => [d.meta.title ?? d.source, d] as const))('%s', (_title, src) => {
    const clean = processDocument(src).doc;
    const text = damagedCopy(src.text, { title: src.meta.title ?? clean.title });
    // The copy really is damaged: traditional, annotated (with ü), ASCII commas, a run-in heading, chrome.
    expect(text).toMatch(/[(（][a-z\u00e0-\u01dc]*[üǖǘǚǜ][a-z\u00e0-\u01dc]*[)）]/);
    expect(text).toMatch(/[。！？]二、/);
    expect(text).toContain('下載');
    expect(text).toContain(',');
    const damaged = processDocument({ sourceKey: 'copy', source: 'copy.txt', format: 'txt', text, meta: {} }).doc;

    const a = glossary(clean);
    const b = glossary(damaged);
    const keys = new Set([...a.keys(), ...b.keys()]);
    const differing = [...keys].filter((k) => a.get(k) !== b.get(k));
    expect(keys.size).toBeGreaterThan(10);
    expect(differing.length / keys.size, differing.join(' ')).toBeLessThanOrEqual(0.02);
    expect(Math.abs(damaged.spans.length - clean.spans.length) / clean.spans.length).toBeLessThanOrEqual(0.02);

    expect(damaged.sentences.filter((s) => RESIDUE.test(s.text)).map((s) => s.text.slice(0, 40))).toEqual([]);
    expect(findLeftovers(damaged).annotations).toEqual([]);
    expect(outline(damaged)).toEqual(outline(clean));
    expect(foldToSimplified(damaged.title)).toBe(foldToSimplified(src.meta.title ?? clean.title));
  });
});
