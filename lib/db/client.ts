import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { databaseUrl } from './url';

// One client per process (Next.js dev reloads modules; keep it on globalThis).
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma: PrismaClient =
  globalForPrisma.prisma ??
  (globalForPrisma.prisma = new PrismaClient({
    // Wait up to 15 s for the write lock (an ingest may hold it for a second or two).
    adapter: new PrismaBetterSQLite3({ url: databaseUrl(), timeout: 15000 }),
  }));
