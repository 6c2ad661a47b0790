/**
 * One source of truth for the schema: prisma/schema.prisma (SQLite) is the
 * schema; the PostgreSQL schema (prisma/postgresql/schema.prisma) and its
 * migrations (prisma/postgresql/migrations) are generated from it by
 * `npm run db:postgres`, because Prisma's migration lock pins one provider per
 * migration folder. Only the datasource provider, the client's output and a
 * header differ; tests/schema-drift.test.ts fails when the two drift.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SQLITE_SCHEMA = path.join('prisma', 'schema.prisma');
export const SQLITE_MIGRATIONS = path.join('prisma', 'migrations');
export const POSTGRES_SCHEMA = path.join('prisma', 'postgresql', 'schema.prisma');
export const POSTGRES_MIGRATIONS = path.join('prisma', 'postgresql', 'migrations');

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run db:postgres\`: do not edit.
// The same models for PostgreSQL: only the provider and the client's output differ.
`;

/** The PostgreSQL schema for a SQLite schema's text. */
export function postgresSchemaFrom(sqliteSchema: string): string {
  let out = sqliteSchema;
  const provider = /(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"sqlite"/;
  if (!provider.test(out)) throw new Error('prisma/schema.prisma: no datasource with provider "sqlite"');
  out = out.replace(provider, '$1"postgresql"');
  const output = /(generator\s+client\s*\{[^}]*?output\s*=\s*)"\.\.\/lib\/generated\/prisma"/;
  if (!output.test(out)) throw new Error('prisma/schema.prisma: the client generator\'s output is not "../lib/generated/prisma"');
  out = out.replace(output, '$1"../../lib/generated/prisma-postgresql"');
  return HEADER + out;
}

/** Names of the migration folders (those holding a migration.sql) under `dir`, sorted. */
export function migrationNames(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();
}

/** The SQL that takes a PostgreSQL database from one schema to the other (`prisma migrate diff`, no database needed). */
export function postgresDiff(cliRoot: string, fromSchema: string | null, toSchema: string): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-schema-'));
  try {
    const to = path.join(tmp, 'to.prisma');
    fs.writeFileSync(to, toSchema);
    const from = fromSchema === null ? ['--from-empty'] : ['--from-schema-datamodel', path.join(tmp, 'from.prisma')];
    if (fromSchema !== null) fs.writeFileSync(path.join(tmp, 'from.prisma'), fromSchema);
    return execFileSync(path.join(cliRoot, 'node_modules', '.bin', 'prisma'), ['migrate', 'diff', ...from, '--to-schema-datamodel', to, '--script'], {
      // From the project root: prisma.config.ts selects the JS engine (no engine download).
      cwd: cliRoot,
      encoding: 'utf8',
      env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The SQLite schema as it stood in the commit that added a migration (for the first generation, one per migration). */
function schemaAtMigration(root: string, name: string): string | null {
  try {
    const commit = execFileSync('git', ['log', '--diff-filter=A', '--format=%H', '--', `${SQLITE_MIGRATIONS}/${name}/migration.sql`], { cwd: root, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop();
    if (!commit) return null;
    return execFileSync('git', ['show', `${commit}:${SQLITE_SCHEMA}`], { cwd: root, encoding: 'utf8' });
  } catch {
    return null;
  }
}

export interface Generated {
  schemaChanged: boolean;
  /** PostgreSQL migrations written, by name. */
  migrations: string[];
}

/**
 * Writes the PostgreSQL schema and a PostgreSQL migration for every SQLite
 * migration that has none yet, under the same name (so both providers record
 * the same migration names). The new migration is the difference between the
 * PostgreSQL schema committed so far and the one generated now; if several
 * SQLite migrations are new at once, the last one carries the difference and
 * the others are empty. On the very first run (no PostgreSQL schema yet) each
 * migration is the difference between the schemas of the commits that added
 * them, read from git.
 */
/** `root` holds prisma/; `cliRoot` the Prisma CLI and prisma.config.ts (the same project, except in tests). */
export function generatePostgres(root: string, cliRoot = root): Generated {
  const sqliteText = fs.readFileSync(path.join(root, SQLITE_SCHEMA), 'utf8');
  const target = postgresSchemaFrom(sqliteText);
  const schemaFile = path.join(root, POSTGRES_SCHEMA);
  const previous = fs.existsSync(schemaFile) ? fs.readFileSync(schemaFile, 'utf8') : null;
  const migrationsDir = path.join(root, POSTGRES_MIGRATIONS);
  const have = new Set(migrationNames(migrationsDir));
  const all = migrationNames(path.join(root, SQLITE_MIGRATIONS));
  const missing = all.filter((m) => !have.has(m));
  const written: string[] = [];
  const write = (name: string, sql: string) => {
    fs.mkdirSync(path.join(migrationsDir, name), { recursive: true });
    fs.writeFileSync(path.join(migrationsDir, name, 'migration.sql'), sql);
    written.push(name);
  };
  fs.mkdirSync(migrationsDir, { recursive: true });
  fs.writeFileSync(
    path.join(migrationsDir, 'migration_lock.toml'),
    '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
  );
  if (previous === null && have.size === 0) {
    let from: string | null = null;
    for (const name of missing) {
      const at = schemaAtMigration(root, name);
      const to = at === null || name === all[all.length - 1] ? target : postgresSchemaFrom(at);
      write(name, postgresDiff(cliRoot, from, to));
      from = to;
    }
  } else if (missing.length > 0) {
    const sql = postgresDiff(cliRoot, previous, target);
    for (const name of missing.slice(0, -1)) write(name, `-- Empty: ${missing[missing.length - 1]} carries the changes of these migrations.\n`);
    write(missing[missing.length - 1], sql);
  }
  const schemaChanged = previous !== target;
  if (schemaChanged) {
    fs.mkdirSync(path.dirname(schemaFile), { recursive: true });
    fs.writeFileSync(schemaFile, target);
  }
  return { schemaChanged, migrations: written };
}
