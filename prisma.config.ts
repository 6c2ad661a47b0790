import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { isPostgresUrl, databaseUrl } from './lib/db/url';

// Prisma 6.19 with the JS engine and a driver adapter: works offline (see
// ../shared/STACK.md). A postgresql:// DATABASE_URL selects the PostgreSQL
// schema (generated from prisma/schema.prisma by `npm run db:postgres`) and
// the pg adapter; anything else is SQLite, normalised to an absolute file URL.
const postgres = isPostgresUrl(process.env.DATABASE_URL);
if (!postgres) process.env.DATABASE_URL = databaseUrl();

export default defineConfig({
  schema: postgres ? path.join('prisma', 'postgresql', 'schema.prisma') : path.join('prisma', 'schema.prisma'),
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    if (postgres) {
      const { postgresAdapter } = await import('./lib/db/postgres-adapter');
      return postgresAdapter(process.env.DATABASE_URL!, { forCli: true });
    }
    const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! });
  },
});
