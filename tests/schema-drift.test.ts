/**
 * One source of truth: the PostgreSQL schema and migrations are generated from
 * prisma/schema.prisma (`npm run db:postgres`). These tests fail when someone
 * changes the SQLite schema or adds a migration without regenerating, and
 * check that the generator turns a new SQLite migration into its PostgreSQL
 * counterpart in one command.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  generatePostgres,
  migrationNames,
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA,
  postgresSchemaFrom,
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA,
} from '@/lib/db/postgres-schema';

const ROOT = path.resolve(__dirname, '..');
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');

/** Models and their fields (name and type), as written in a schema file. */
function models(schema: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    out[m[1]] = m[2]
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('//'))
      .map((l) => l.replace(/\s+/g, ' '));
  }
  return out;
}

describe('the PostgreSQL schema', () => {
  it('is the one generated from prisma/schema.prisma (run `npm run db:postgres` after changing it)', () => {
    expect(read(POSTGRES_SCHEMA)).toBe(postgresSchemaFrom(read(SQLITE_SCHEMA)));
  });

  it('describes the same models, fields and attributes', () => {
    const sqlite = models(read(SQLITE_SCHEMA));
    expect(Object.keys(sqlite).length).toBeGreaterThan(10);
    expect(models(read(POSTGRES_SCHEMA))).toEqual(sqlite);
    expect(read(POSTGRES_SCHEMA)).toMatch(/provider = "postgresql"/);
    expect(read(path.join(POSTGRES_MIGRATIONS, 'migration_lock.toml'))).toMatch(/provider = "postgresql"/);
  });

  it('has one migration for every SQLite migration, under the same name', () => {
    expect(migrationNames(path.join(ROOT, POSTGRES_MIGRATIONS))).toEqual(migrationNames(path.join(ROOT, SQLITE_MIGRATIONS)));
  });
});

describe('npm run db:postgres', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-drift-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes the PostgreSQL counterpart of a new SQLite migration, then nothing more', () => {
    fs.cpSync(path.join(ROOT, 'prisma'), path.join(tmp, 'prisma'), { recursive: true });
    const schemaFile = path.join(tmp, SQLITE_SCHEMA);
    const schema = fs.readFileSync(schemaFile, 'utf8');
    fs.writeFileSync(schemaFile, schema.replace(/^model Phrase \{\n/m, 'model Phrase {\n  driftProbe String?\n'));
    const name = '29990101000000_drift_probe';
    fs.mkdirSync(path.join(tmp, SQLITE_MIGRATIONS, name));
    fs.writeFileSync(path.join(tmp, SQLITE_MIGRATIONS, name, 'migration.sql'), 'ALTER TABLE "Phrase" ADD COLUMN "driftProbe" TEXT;\n');

    const first = generatePostgres(tmp, ROOT);
    expect(first.migrations).toEqual([name]);
    expect(first.schemaChanged).toBe(true);
    expect(fs.readFileSync(path.join(tmp, POSTGRES_MIGRATIONS, name, 'migration.sql'), 'utf8')).toMatch(
      /ALTER TABLE "Phrase" ADD COLUMN\s+"driftProbe" TEXT;/,
    );
    expect(fs.readFileSync(path.join(tmp, POSTGRES_SCHEMA), 'utf8')).toContain('driftProbe String?');

    const again = generatePostgres(tmp, ROOT);
    expect(again).toEqual({ schemaChanged: false, migrations: [] });
  });
});
