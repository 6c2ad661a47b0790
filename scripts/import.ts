/**
 * npm run import -- FILE --user NAME [--format tbx|csv] [--overwrite] [--dry-run] :
 * an existing glossary into the editor fields (translation, definition).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GlossaryFormatError, importGlossary, parseGlossaryCsv, parseTbx } from '../lib/glossary/import';

const HELP = `Usage: npm run import -- FILE --user NAME [--format tbx|csv] [--overwrite] [--dry-run]

Imports a glossary into the editor fields of the database named by DATABASE_URL
(default file:./data/tifa.db). TBX (any dialect: zh terms, the first term of
another language as the translation, the first definition) or CSV with a header
naming term, translation and definition columns.

Terms are matched by the phrase identity (folded to simplified, spaces ignored).
Every change is saved as an editor revision by the account named with --user
(an active account with the editor or admin role: npm run users -- list). An
editor's translation or
definition is never replaced unless --overwrite. Terms that match no phrase are
listed on standard output, one per line; the summary goes to standard error.

Options:
  --format tbx|csv   read FILE as this format (default: by extension)
  --overwrite        replace an editor's text that differs
  --user NAME        the editor account the revisions are made by (required)
  --dry-run          report what would change, write nothing
  -h, --help         this help`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        overwrite: { type: 'boolean', default: false },
        user: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    console.error(`import: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error('import: name one glossary file (see --help)');
    return 2;
  }
  const file = positionals[0];
  const format = values.format ?? (/\.(tbx|xml)$/i.test(file) ? 'tbx' : /\.csv$/i.test(file) ? 'csv' : undefined);
  if (format !== 'tbx' && format !== 'csv') {
    console.error(`import: --format must be tbx or csv${values.format ? `, not "${values.format}"` : ' (the extension does not say)'}`);
    return 2;
  }
  if (!values.user?.trim()) {
    console.error('import: name the editor account the changes are made by with --user (see --help)');
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`import: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return 1;
  }
  let entries;
  try {
    entries = format === 'tbx' ? parseTbx(text) : parseGlossaryCsv(text);
  } catch (e) {
    if (e instanceof GlossaryFormatError) {
      console.error(`import: ${path.basename(file)}: ${e.message}`);
      return 1;
    }
    throw e;
  }
  // Loaded after the arguments are checked: the client opens the database.
  const { editorFieldsTarget } = await import('../lib/glossary/import-target');
  const { findUser } = await import('../lib/auth/users');
  const { hasRole } = await import('../lib/auth/roles');
  const { prisma } = await import('../lib/db/client');
  const user = await findUser(values.user);
  if (!user || user.disabled || !hasRole(user.role, 'editor')) {
    console.error(`import: ${!user ? `there is no user "${values.user}"` : user.disabled ? `${user.name} is disabled` : `${user.name} is a ${user.role}, not an editor`}`);
    await prisma.$disconnect();
    return 1;
  }
  const report = await importGlossary(entries, editorFieldsTarget, { overwrite: values.overwrite, author: user.name, dryRun: values['dry-run'] });
  for (const t of report.unmatched) console.log(t);
  console.error(
    `import: ${report.entries} entries, ${report.matched} matched, ${report.updated.length} ${values['dry-run'] ? 'would be updated' : 'updated'}, ` +
      `${report.kept.length} editor field${report.kept.length === 1 ? '' : 's'} kept${values.overwrite ? '' : ' (use --overwrite to replace them)'}, ${report.unmatched.length} unmatched`,
  );
  await prisma.$disconnect();
  return 0;
}

main().then((code) => (process.exitCode = code));
