import { prisma } from '../db/client';
import { updatePhraseFields } from '../editing';
import type { ImportTarget } from './import';

/** The import's writes: the phrase by its key, saved through lib/editing (one revision per save, by `author`). */
export const editorFieldsTarget: ImportTarget = {
  async findByKey(key) {
    return prisma.phrase.findUnique({ where: { key }, select: { id: true, version: true, translation: true, definition: true } });
  },
  async save({ author, ...input }) {
    const r = await updatePhraseFields(input, author);
    return r.ok ? { ok: true } : { ok: false, message: r.message };
  },
};
