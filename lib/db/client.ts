import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { databaseUrl } from './url';

// One client per process (Next.js dev reloads modules; keep it on globalThis).
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma: PrismaClient =
  globalForPrisma.prisma ??
  (globalForPrisma.prisma = new PrismaClient({
    // No synchronous busy wait: SQLite's busy handler would sleep on the server's
    // only thread. Writes wait for the lock asynchronously (lib/db/busy.ts).
    adapter: new PrismaBetterSQLite3({ url: databaseUrl(), timeout: 0 }),
  }));
