/**
 * THE data module: every read the app does goes through here. Pages and route
 * handlers call these functions; none of them touches SQL or Prisma directly.
 */
export * from './phrases';
export * from './documents';
export * from './notes';
export * from './home';
export * from './corpus';
export * from './compare';
export * from './timeline';
export * from './families';
export * from './export-csv';
export { parsePhraseQuery, normalizePinyin, type PhraseQuery } from './query';
export type { Paged } from './db';
export * from './history';
