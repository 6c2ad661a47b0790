import { prisma } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';

/** The read helpers lib/data builds on: one Prisma client, raw SQL for aggregates. */
export { prisma, Prisma };

export const sql = Prisma.sql;
export const join = Prisma.join;
export const empty = Prisma.empty;

/** SQLite returns count(*) as BigInt through the adapter; JSON and arithmetic want numbers. */
export function num(v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}

/** DateTime columns read through raw SQL come back as ISO text or epoch numbers. */
export function toDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'bigint') return new Date(Number(v));
  if (typeof v === 'number') return new Date(v);
  if (typeof v === 'string') return new Date(/^\d+$/.test(v) ? Number(v) : v);
  return new Date(NaN);
}

export function bool(v: unknown): boolean {
  return v === true || v === 1 || v === 1n || v === '1';
}

export async function rows<T>(query: Prisma.Sql): Promise<T[]> {
  return prisma.$queryRaw<T[]>(query);
}

/** Parses a Section.path JSON array defensively. */
export function parsePath(path: string | null | undefined): string[] {
  if (!path) return [];
  try {
    const v: unknown = JSON.parse(path);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

export const PAGE_SIZE = 50;

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export function paged<T>(items: T[], total: number, page: number, pageSize: number): Paged<T> {
  return { items, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
