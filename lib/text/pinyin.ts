import type * as PinyinPro from 'pinyin-pro';

let loaded: typeof PinyinPro | null = null;

/**
 * pinyin-pro, loaded at first use. Its dictionaries take about 8 MB of heap
 * (10 MB resident) in every thread that loads them, and most threads never
 * ask: of the ingest's, only the one that computes the new phrases' readings,
 * and a document worker that meets a "(pinyin)" annotation.
 */
export function pinyinPro(): typeof PinyinPro {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose, see above
  return (loaded ??= require('pinyin-pro') as typeof PinyinPro);
}
