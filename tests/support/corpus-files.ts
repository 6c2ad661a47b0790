/**
 * A small, varied sample of ../shared/corpus for tests that run whole
 * pipelines on real text: two 新闻联播 transcripts (Markdown), a provincial
 * report (CSV row) and a national work report (plain text). Tests using it
 * check HAS_CORPUS_FILES and skip the corpus part on a clone without ../shared.
 */
import fs from 'node:fs';
import path from 'node:path';

export const CORPUS = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

export const CORPUS_FILES = [
  'cctv_news/news/20240305.md',
  'cctv_news/news/20240306.md',
  'china-provincial-gov-reports-2026/output/2026_raw_text/2026_甘肃省_政府工作报告.csv',
  'textworkshop17/demos/chineseDemo/govReports/2017政府工作报告_李克强.txt',
].map((f) => path.join(CORPUS, f));

export const HAS_CORPUS_FILES = CORPUS_FILES.every((f) => fs.existsSync(f));
