import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { PrismaClient as PostgresPrismaClient } from '@/lib/generated/prisma-postgresql/client';
import { postgresAdapter } from './postgres-adapter';
import { databaseUrl, isPostgresUrl } from './url';

// One client per process (Next.js dev reloads modules; keep it on globalThis).
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createClient(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (isPostgresUrl(url)) {
    // The PostgreSQL client is generated from the same models (prisma/postgresql, see
    // lib/db/postgres-schema.ts): the same API, typed here as the SQLite one.
    return new PostgresPrismaClient({ adapter: postgresAdapter(url!.trim()) }) as unknown as PrismaClient;
  }
  return new PrismaClient({
    // No synchronous busy wait: SQLite's busy handler would sleep on the server's
    // only thread. Writes wait for the lock asynchronously (lib/db/busy.ts).
    adapter: new PrismaBetterSQLite3({ url: databaseUrl(), timeout: 0 }),
  });
}

export const prisma: PrismaClient = globalForPrisma.prisma ?? (globalForPrisma.prisma = createClient());
