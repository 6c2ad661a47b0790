import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db/sqlite';
import { ingest } from '@/lib/ingest/run';
import { planLink, scanNewDocuments, type LinkBatch } from '@/lib/ingest/link';
import { CORPUS_FILES, HAS_CORPUS_FILES } from './support/corpus-files';

/**
 * The linker's batches (one transaction each): closed by uses or by
 * documents, never inside a document, and together the same uses as one
 * batch of everything.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-link-batches-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('link batches', () => {
  it('hold whole documents, close at their limits, and find what one batch finds', () => {
    const files: string[] = HAS_CORPUS_FILES ? [...CORPUS_FILES] : [];
    // Reports of several years that quote, then repeat, the same formulations.
    for (let year = 2018; year < 2026; year++) {
      const file = path.join(tmp, 'in', `${year}.txt`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(
        file,
        `${year}年工作报告\n\n一、总结\n\n坚持“新时代枫桥经验”，做到“两个维护”。推广新时代枫桥经验，把两个维护落到实处，${year}年两个维护更加坚定。\n\n二、部署\n\n坚持“三会一课”，三会一课制度化；${'新时代枫桥经验在基层。'.repeat(year - 2017)}\n`,
      );
      files.push(file);
    }
    const db = openDb({ file: path.join(tmp, 'link.db') });
    ingest(db, files);
    // Back to before linking: every document new, every phrase to look for.
    db.exec('DELETE FROM Occurrence WHERE quoted = 0; UPDATE Document SET linked = 0; UPDATE Phrase SET linked = 0');
    const plan = planLink(db);
    expect(plan.newDocs.length).toBe(files.length);

    const scan = (limits?: { uses: number; documents: number }) => {
      const batches: LinkBatch[] = [];
      scanNewDocuments(db, plan, (b) => batches.push({ ...b, rows: b.rows.slice() }), limits);
      return batches;
    };
    const rowsOf = (batches: LinkBatch[]) => batches.flatMap((b) => [...b.rows]);
    const whole = scan({ uses: Infinity, documents: Infinity });
    expect(whole).toHaveLength(1);
    const uses = whole[0].rows.length / 6;
    expect(uses).toBeGreaterThan(20);

    for (const limits of [{ uses: 4, documents: 1000 }, { uses: 1000, documents: 3 }, { uses: 1, documents: 1 }]) {
      const batches = scan(limits);
      expect(rowsOf(batches)).toEqual(rowsOf(whole));
      expect(batches.flatMap((b) => b.documents)).toEqual(plan.newDocs);
      for (const [i, b] of batches.entries()) {
        const docs = new Set(b.documents);
        for (let r = 0; r < b.rows.length; r += 6) expect(docs.has(b.rows[r + 2])).toBe(true);
        const last = i === batches.length - 1;
        // A batch closes as soon as it reaches a limit: without its last document it had reached neither.
        if (!last) expect(b.rows.length / 6 >= limits.uses || b.documents.length >= limits.documents).toBe(true);
        const lastDoc = b.documents[b.documents.length - 1];
        let before = 0;
        for (let r = 0; r < b.rows.length; r += 6) if (b.rows[r + 2] !== lastDoc) before++;
        expect(before < limits.uses && b.documents.length - 1 < limits.documents).toBe(true);
      }
      expect(batches.length).toBeGreaterThan(1);
    }
    // The defaults: this corpus in one batch.
    expect(scan()).toHaveLength(1);
    db.close();
  });
});
