/**
 * npm run build:fold-table : regenerates lib/text/fold-table.json from OpenCC
 * (after upgrading opencc-js; the unit tests say when it is stale).
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildContextCharacters, buildFoldPairs } from '../lib/text/fold-table-build';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('Usage: npm run build:fold-table\n\nWrites lib/text/fold-table.json: the traditional → simplified character fold built from OpenCC.');
  process.exit(0);
}
const pairs = buildFoldPairs();
const context = buildContextCharacters();
const out = path.join(__dirname, '..', 'lib', 'text', 'fold-table.json');
fs.writeFileSync(out, JSON.stringify({ source: 'opencc-js tw→cn and hk→cn, per character, GB 2312 characters kept; context: GB 2312 characters t→cn converts by context', pairs, context }) + '\n');
console.log(`build:fold-table: ${pairs.length / 2} characters, ${context.length} context characters → ${path.relative(process.cwd(), out)}`);
