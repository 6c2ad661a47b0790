/**
 * TBX export and glossary import on the bundled sample.
 *
 * Validation: the export is validated with xmllint (xmllint-wasm, RELAX NG)
 * against tests/fixtures/tbx-basic-dca-subset.rng, Tifa's own grammar for the
 * part of TBX-Basic DCA it writes (element order, required attributes, the data
 * category values TBX-Basic allows); when TBX_CORE_RNG names a copy of
 * LTAC-Global's TBXcoreStructV03.rng, against that too. The DCA Schematron's
 * rules on the elements used are checked structurally below.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { openDb, type Db } from '@/lib/db/sqlite';
import { freshDatabase, urlOf } from './support/provider';
import { ingest } from '@/lib/ingest/run';
import { DEFAULT_LIST_WHERE } from '@/lib/glossary/default-list';
import { importGlossary, parseGlossaryCsv, parseTbx } from '@/lib/glossary/import';
import { exportTbx } from '@/lib/glossary/tbx';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-tbx-'));
// Either provider (tests/support/provider.ts); set before the Prisma client is loaded.
const file = await freshDatabase(tmp, 'tbx');
process.env.DATABASE_URL = urlOf(file);
const SAMPLE = path.resolve(__dirname, '../data/samples');
const SUBSET_RNG = path.resolve(__dirname, 'fixtures/tbx-basic-dca-subset.rng');

let db: Db;
let tbx: string;
let editing: typeof import('@/lib/editing');
let target: typeof import('@/lib/glossary/import-target').editorFieldsTarget;

function phraseBy(key: string) {
  return db.prepare('SELECT id, version, simplified, traditional, translation, definition FROM Phrase WHERE key = ?').get(key) as {
    id: number; version: number; simplified: string; traditional: string; translation: string | null; definition: string | null;
  };
}

async function relaxng(xml: string, schema: string) {
  return validateXML({
    xml: [{ fileName: 'export.tbx', contents: xml }],
    schema: [{ fileName: 'schema.rng', contents: schema }],
    extension: 'relaxng',
    initialMemoryPages: 4096,
    maxMemoryPages: 65536,
  });
}

beforeAll(async () => {
  db = openDb({ file });
  ingest(db, [SAMPLE]);
  editing = await import('@/lib/editing');
  target = (await import('@/lib/glossary/import-target')).editorFieldsTarget;
  const p = phraseBy('两个确立');
  const saved = await editing.updatePhraseFields({ id: p.id, version: p.version, translation: 'Two Establishments', definition: 'Xi Jinping as the core & his Thought as guide <2021>.' }, 'test');
  expect(saved.ok).toBe(true);
  tbx = [...exportTbx(db, { baseUrl: 'https://tifa.example' })].join('');
});

afterAll(async () => {
  const { prisma } = await import('@/lib/db/client');
  await prisma.$disconnect();
  db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

type Node = Record<string, unknown>;
const arr = <T,>(v: T | T[] | undefined): T[] => (v == null ? [] : Array.isArray(v) ? v : [v]);

describe('TBX export', () => {
  it('validates (RELAX NG) against the TBX-Basic DCA grammar of what it writes, and fails on a wrong order', async () => {
    const schema = fs.readFileSync(SUBSET_RNG, 'utf8');
    const ok = await relaxng(tbx, schema);
    expect(ok.errors.map((e) => e.message)).toEqual([]);
    expect(ok.valid).toBe(true);
    // A termNote after the note breaks the core structure: the validator sees it.
    const broken = tbx.replace(/(<termNote type="termType">phrase<\/termNote>)\s*(<note[^>]*>[^<]*<\/note>)/, '$2$1');
    expect(broken).not.toBe(tbx);
    expect((await relaxng(broken, schema)).valid).toBe(false);
    expect((await relaxng(tbx.replace('style="dca"', 'style="dct"'), schema)).valid).toBe(false);
  });

  it.runIf(Boolean(process.env.TBX_CORE_RNG))('validates against the official TBX core grammar (TBX_CORE_RNG)', async () => {
    const r = await relaxng(tbx, fs.readFileSync(process.env.TBX_CORE_RNG!, 'utf8'));
    expect(r.errors.map((e) => e.message)).toEqual([]);
  });

  it('one conceptEntry per phrase of the default list, zh-Hans and zh-Hant terms with pinyin and contexts, en where translated', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', parseTagValue: false }).parse(tbx) as Node;
    const root = doc.tbx as Node;
    expect(root['@type']).toBe('TBX-Basic');
    expect(root['@style']).toBe('dca');
    expect(root['@xmlns']).toBe('urn:iso:std:iso:30042:ed-2');
    const concepts = arr((root.text as Node).body as Node | Node[]).flatMap((b) => arr(b.conceptEntry as Node | Node[]));
    const expected = db.prepare(`SELECT p.id, p.simplified, p.traditional, p.translation FROM Phrase p WHERE ${DEFAULT_LIST_WHERE} ORDER BY p.id`).all() as Array<{ id: number; simplified: string; traditional: string; translation: string | null }>;
    // The sample: the formulas quoted twice, and the entry an editor translated.
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.some((p) => p.simplified === '两个确立')).toBe(true);
    expect(concepts.map((c) => c['@id'])).toEqual(expected.map((p) => `tifa-${p.id}`));
    const allowedDescrip = new Set(['subjectField', 'context', 'definition']);
    concepts.forEach((c, i) => {
      const p = expected[i];
      const langs = arr(c.langSec as Node | Node[]);
      expect(langs.map((l) => l['@xml:lang'])).toEqual(p.translation ? ['zh-Hans', 'zh-Hant', 'en'] : ['zh-Hans', 'zh-Hant']);
      for (const l of langs) {
        const ts = l.termSec as Node;
        const term = String(ts.term);
        if (l['@xml:lang'] === 'en') {
          expect(term).toBe(p.translation);
          continue;
        }
        expect(term).toBe(l['@xml:lang'] === 'zh-Hans' ? p.simplified : p.traditional);
        expect((ts.note as Node)['@xml:lang']).toBe('zh-Latn-pinyin');
        expect(String((ts.note as Node)['#text'])).toMatch(/^[a-zü\u00c0-\u024f\s'’·+、，-]+$/i);
        const ctx = arr(ts.descripGrp as Node | Node[]);
        expect(ctx.length).toBeGreaterThan(0);
        expect(ctx.length).toBeLessThanOrEqual(3);
        for (const g of ctx) {
          const d = g.descrip as Node;
          expect(d['@type']).toBe('context');
          expect(allowedDescrip.has(String(d['@type']))).toBe(true);
          // The context holds the term (in the langSec's script).
          expect(String(d['#text'])).toContain(term);
          expect((g.admin as Node)['@type']).toBe('source');
          expect(String((g.admin as Node)['#text'])).toMatch(/講話|讲话/);
        }
      }
    });
    const withDef = concepts.find((c) => arr(c.langSec as Node[]).some((l) => (l.descrip as Node | undefined)?.['@type'] === 'definition'))!;
    const def = arr(withDef.langSec as Node[])[0].descrip as Node;
    expect(def['#text']).toBe('Xi Jinping as the core & his Thought as guide <2021>.');
    expect(def['@xml:lang']).toBe('en');
    expect(tbx).toContain('&amp; his Thought as guide &lt;2021&gt;');
  });
});

describe('glossary import', () => {
  it('reads the exported TBX back: terms, translation, definition', () => {
    const entries = parseTbx(tbx);
    const two = entries.find((e) => e.terms.includes('两个确立'))!;
    expect(two.terms).toEqual(['两个确立', '兩個確立']);
    expect(two.translation).toBe('Two Establishments');
    expect(two.definition).toMatch(/^Xi Jinping/);
  });

  it('fills empty editor fields by folded key, keeps an editor\'s text without --overwrite, reports what did not match', async () => {
    const csv = '\uFEFFterm,translation,definition\n兩個維護,Two Upholds,\n两个确立,The Two Establishments,\n不存在的提法,Nothing,\n"三会一课","three meetings, one lesson","Party branch routine"\n';
    const entries = parseGlossaryCsv(csv);
    expect(entries).toHaveLength(4);
    const before = phraseBy('两个维护');
    const revisionsBefore = (db.prepare('SELECT count(*) AS n FROM PhraseRevision WHERE phraseId = ?').get(before.id) as { n: number }).n;
    const report = await importGlossary(entries, target, { author: 'importer' });
    expect(report.matched).toBe(3);
    expect(report.unmatched).toEqual(['不存在的提法']);
    expect(report.kept).toEqual([{ id: phraseBy('两个确立').id, term: '两个确立', field: 'translation' }]);
    expect(report.updated.map((u) => u.term).sort()).toEqual(['三会一课', '兩個維護'].sort());
    expect(phraseBy('两个维护').translation).toBe('Two Upholds');
    expect(phraseBy('两个确立').translation).toBe('Two Establishments');
    expect(phraseBy('三会一课').definition).toBe('Party branch routine');
    const revisions = db.prepare('SELECT author, data FROM PhraseRevision WHERE phraseId = ? ORDER BY version').all(before.id) as Array<{ author: string; data: string }>;
    expect(revisions.length).toBeGreaterThan(revisionsBefore);
    expect(revisions[revisions.length - 1].author).toBe('importer');
    // With overwrite the editor's translation is replaced, as a new revision.
    const again = await importGlossary(entries, target, { overwrite: true, author: 'importer' });
    expect(again.updated.map((u) => u.term)).toEqual(['两个确立']);
    expect(phraseBy('两个确立').translation).toBe('The Two Establishments');
    // Importing the same again changes nothing.
    expect((await importGlossary(entries, target, { overwrite: true, author: 'importer' })).updated).toEqual([]);
  });

  it('refuses what is not a glossary with a clear message', () => {
    expect(() => parseTbx('<html><body/></html>')).toThrow(/Not a TBX file/);
    expect(() => parseTbx('<tbx><text>')).toThrow(/well-formed|TBX/);
    expect(() => parseGlossaryCsv('name,value\na,b\n')).toThrow(/"term" column/);
  });

  it('the import command: usage errors exit 2 without a stack trace', async () => {
    const run = promisify(execFile);
    const cli = path.resolve(__dirname, '../scripts/import.ts');
    const tsx = path.resolve(__dirname, '../node_modules/.bin/tsx');
    const err = await run(tsx, [cli], { env: { ...process.env } }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toMatch(/name one glossary file/);
    expect((err as { stderr: string }).stderr).not.toMatch(/at .*\.ts:\d+/);
    const bad = await run(tsx, [cli, 'x.txt', '--user', 'someone'], { env: { ...process.env } }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(2);
    const noUser = await run(tsx, [cli, 'x.csv'], { env: { ...process.env } }).catch((e: { code: number; stderr: string }) => e);
    expect((noUser as { code: number }).code).toBe(2);
    expect((noUser as { stderr: string }).stderr).toMatch(/--user/);
  });
});
