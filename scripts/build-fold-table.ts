/**
 * npm run build:fold-table : regenerates lib/text/fold-table.json from OpenCC
 * (after upgrading opencc-js; the unit tests say when it is stale).
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildFoldPairs } from '../lib/text/fold-table-build';
import { parseCommandLine, runCommand } from './cli';

const HELP = `Usage: npm run build:fold-table

Writes lib/text/fold-table.json: the traditional → simplified character fold
built from OpenCC (run it after upgrading opencc-js; a unit test says when the
shipped table is stale). Takes no arguments.

Options:
  -h, --help   this help`;

runCommand('build:fold-table', HELP, () => {
  const { values } = parseCommandLine({});
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const pairs = buildFoldPairs();
  const out = path.join(__dirname, '..', 'lib', 'text', 'fold-table.json');
  fs.writeFileSync(out, JSON.stringify({ source: 'opencc-js tw→cn and hk→cn, per character, GB 2312 characters kept', pairs }) + '\n');
  console.error(`build:fold-table: ${pairs.length / 2} characters → ${path.relative(process.cwd(), out)}`);
  return 0;
});
