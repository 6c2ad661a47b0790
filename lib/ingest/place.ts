/**
 * Where a document belongs: its collection, genre, region and speaker, derived
 * by general rules from what the source gives (record fields, the file's name,
 * the title). Pure: a cleaned document and its metadata in, the placement out.
 */
import path from 'node:path';
import type { DocumentMeta } from './types';
import { foldToSimplified } from '../text/script';

export const GENRES = ['work-report', 'congress-report', 'resolution', 'speech', 'news', 'other'] as const;
export type Genre = (typeof GENRES)[number];

/** How each genre is named in the interface. */
export const GENRE_LABELS: Record<Genre, string> = {
  'work-report': 'work report',
  'congress-report': 'congress report',
  resolution: 'resolution',
  speech: 'speech',
  news: 'news',
  other: 'other',
};

/** Genres whose wording is authoritative: a formulation used there counts more than one in the news. */
export const AUTHORITATIVE_GENRES: readonly Genre[] = ['work-report', 'congress-report', 'resolution', 'speech'];

export interface DocumentPlace {
  collection: string;
  genre: Genre;
  region: string | null;
  speaker: string | null;
}

/**
 * The genre from the source's own type field, then the title, then the
 * collection's name. Resolutions first: "关于政府工作报告的决议" is a resolution
 * about a work report, not the report.
 */
export function genreOf(rawTitle: string, meta: Pick<DocumentMeta, 'type'> = {}, collection = '', format = ''): Genre {
  // Traditional titles (講話, 決議) read like simplified ones.
  const title = foldToSimplified(rawTitle);
  const type = foldToSimplified(meta.type ?? '').toLowerCase();
  if (/congress/.test(type)) return 'congress-report';
  if (/resolution|决议/.test(type)) return 'resolution';
  if (/speech|讲话/.test(type)) return 'speech';
  if (/news|新闻/.test(type)) return 'news';
  if (/决议|决定$/.test(title)) return 'resolution';
  if (/全国代表大会|[一二三四五六七八九十]+大[)）]|党代会/.test(title)) return 'congress-report';
  if (/工作报告/.test(title)) return 'work-report';
  if (/新闻联播|新闻$|快讯|消息/.test(title)) return 'news';
  if (/讲话|致辞|演讲|发言|贺信|贺词|谈话|答记者问|报告会/.test(title)) return 'speech';
  const where = collection.toLowerCase();
  if (/speech|讲话/.test(where)) return 'speech';
  if (/news|新闻/.test(where) || (format === 'md' && /新闻/.test(title))) return 'news';
  return 'other';
}

const HAN_NAME = /^[\u4e00-\u9fff]{2,4}$/;
/** Words a file name carries beside a speaker's name: not names. */
const NOT_A_NAME = /摘要|全文|节选|草案|报告|讲话|决议|政府|工作|全国|会议|新闻|附件|修订/;
/** A place (海南省, 北京市), which a file name carries as often as a name. */
const PLACE_ENDING = /[省市县区州盟旗]$/;

/**
 * The speaker a file name gives after the title: "1998政府工作报告_李鹏.txt" → 李鹏.
 * Only a short all-Chinese token after the first that is not a document word.
 */
export function speakerFromFileName(source: string): string | null {
  const stem = path.basename(source).replace(/#\d+$/, '').replace(/\.[^.]+$/, '');
  const tokens = stem.split(/[_\-－—\s]+/).filter(Boolean);
  for (const t of tokens.slice(1)) if (HAN_NAME.test(t) && !NOT_A_NAME.test(t) && !PLACE_ENDING.test(t)) return t;
  return null;
}

export function placeDocument(title: string, meta: DocumentMeta, source: string, format = ''): DocumentPlace {
  const collection = meta.collection ?? '';
  return {
    collection,
    genre: genreOf(title, meta, collection, format),
    region: meta.region?.trim() || null,
    speaker: meta.speaker?.trim() || speakerFromFileName(source),
  };
}

/**
 * The collection of each file: `explicit` when given (--collection); else, for
 * a file inside a directory named on the command line that holds several
 * folders, the first folder below it (ingesting a corpus of collections); else
 * the name of the directory named, or of the file's own folder.
 */
export function collectionOf(file: string, inputs: string[], subfolders: (dir: string) => number, explicit?: string): string {
  if (explicit) return explicit;
  const abs = path.resolve(file);
  for (const input of inputs) {
    const dir = path.resolve(input);
    if (abs === dir || !abs.startsWith(dir + path.sep)) continue;
    const rel = path.relative(dir, abs).split(path.sep);
    if (rel.length > 1 && subfolders(dir) > 1) return rel[0];
    return path.basename(dir);
  }
  return path.basename(path.dirname(abs));
}
