/**
 * npm run db:postgres : regenerates the PostgreSQL schema and migrations from
 * prisma/schema.prisma (the one source of truth), then the PostgreSQL client.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { generatePostgres } from '../lib/db/postgres-schema';
import { parseCommandLine, runCommand, UsageError } from './cli';

const HELP = `Usage: npm run db:postgres [-- --no-client]

Regenerates prisma/postgresql/schema.prisma from prisma/schema.prisma and writes
a PostgreSQL migration (prisma/postgresql/migrations/<same name>) for every
SQLite migration that has none yet. Run it after adding a migration under
prisma/migrations, and commit what it writes; a unit test fails until then.
Then it generates the PostgreSQL client (lib/generated/prisma-postgresql).

Options:
  --no-client  do not run prisma generate
  -h, --help   this help`;

runCommand('db:postgres', HELP, () => {
  const { values, positionals } = parseCommandLine({ 'no-client': { type: 'boolean', default: false } }, { allowPositionals: true });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const root = process.cwd();
  const done = generatePostgres(root);
  console.error(`db:postgres: schema ${done.schemaChanged ? 'rewritten' : 'unchanged'}; migrations written: ${done.migrations.join(', ') || 'none'}`);
  if (!values['no-client']) {
    execFileSync(path.join(root, 'node_modules', '.bin', 'prisma'), ['generate'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DATABASE_URL: 'postgresql://localhost/tifa' },
    });
  }
  return 0;
});
