import type * as PinyinPro from 'pinyin-pro';

let loaded: typeof PinyinPro | null = null;

/**
 * pinyin-pro, loaded at first use. Its dictionaries take about 8 MB of heap
 * (10 MB resident) in every thread that loads them, and of the ingest's
 * threads only the document workers ask (the new phrases' readings, "(pinyin)"
 * annotations): not the writer, nor the two that finish the run.
 */
export function pinyinPro(): typeof PinyinPro {
  return (loaded ??= require('pinyin-pro') as typeof PinyinPro);
}
