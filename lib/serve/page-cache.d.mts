import type { IncomingMessage, ServerResponse } from 'node:http';

export const SESSION_COOKIE: string;
export const SCRIPT_COOKIE: string;
export const MAX_PAGE_BYTES: number;
export function pageKey(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): string | null;
export function wantsFresh(req: Pick<IncomingMessage, 'headers'>): boolean;
export function nonceOf(csp: unknown): string | null;
export function freshNonce(): string;
export function splitAt(body: Buffer, nonce: string | null): Buffer[];
export function joinWith(parts: Buffer[], nonce: string | null): Buffer;
export function deflateParts(parts: Buffer[]): Promise<Buffer[]>;
export function gzipJoin(parts: Buffer[], deflated: Buffer[], nonce: string | null): Buffer;

export interface PageEntry {
  version: string;
  at: number;
  status: number;
  headers: Record<string, string | string[]>;
  parts: Buffer[];
  deflated: Buffer[];
  bytes: number;
}

export class PageCache {
  constructor(options?: { maxBytes?: number; ttlMs?: number });
  readonly maxBytes: number;
  readonly ttlMs: number;
  readonly bytes: number;
  readonly enabled: boolean;
  readonly entries: Map<string, PageEntry>;
  readonly stats: { hits: number; misses: number; stored: number; evicted: number };
  get(key: string, version: string, now?: number): PageEntry | undefined;
  set(key: string, entry: Omit<PageEntry, 'at'>, now?: number): void;
  delete(key: string): void;
  answer(req: IncomingMessage, res: ServerResponse, currentVersion: () => Promise<string | null>): Promise<boolean>;
  pending(key: string, version: string): Promise<PageEntry | null> | undefined;
  send(req: IncomingMessage, res: ServerResponse, entry: PageEntry): void;
  record(res: ServerResponse, key: string, version: string, currentVersion: () => Promise<string | null>): void;
}
