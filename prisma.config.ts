import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { databaseUrl } from './lib/db/url';

// Prisma 6.19 with the JS engine and the better-sqlite3 adapter: works offline
// (see ../shared/STACK.md). DATABASE_URL is normalised to an absolute file URL.
process.env.DATABASE_URL = databaseUrl();

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! });
  },
});
