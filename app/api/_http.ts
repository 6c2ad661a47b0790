import { NextResponse, type NextRequest } from 'next/server';
import { concordanceParams, getPhrase, type PhraseEntry } from '@/lib/data';
import type { z } from 'zod';
import { statusOf, type WriteResult } from '@/lib/editing';
import { parseId } from '@/components/layout/params';
import { WriteLockTimeout } from '@/lib/db/busy';

/** JSON helpers for the route handlers: 400 with a message for bad input, 404 for unknown ids. */
export function json(data: unknown, status = 200): NextResponse {
  return NextResponse.json(data, { status, headers: { 'Cache-Control': 'no-store' } });
}

export function badRequest(message: string, issues?: unknown): NextResponse {
  return json({ error: message, ...(issues ? { issues } : {}) }, 400);
}

export function notFoundJson(message: string): NextResponse {
  return json({ error: message }, 404);
}

export function zodMessage(error: z.ZodError): string {
  return error.issues.map((i) => i.message).join(' ');
}

/** Query parameters as a plain object, empty values dropped. */
export function query(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (v !== '' && !(k in out)) out[k] = v;
  return out;
}

export async function routeId(params: Promise<{ id: string }>): Promise<number | null> {
  return parseId((await params).id);
}

/**
 * The phrase a /api/phrases/{id}… request names, with its concordance filters
 * validated; or the 400/404 response to send instead.
 */
export async function phraseWithConcordanceParams(
  req: NextRequest,
  params: Promise<{ id: string }>,
): Promise<{ phrase: PhraseEntry; filters: z.output<typeof concordanceParams> } | NextResponse> {
  const id = await routeId(params);
  if (!id) return badRequest('id: a positive integer');
  const parsed = concordanceParams.safeParse(query(req.nextUrl));
  if (!parsed.success) return badRequest(zodMessage(parsed.error), parsed.error.issues);
  const phrase = await getPhrase(id);
  if (!phrase) return notFoundJson(`There is no phrase ${id}.`);
  return { phrase, filters: parsed.data };
}

/**
 * The response to a write: its value (okStatus), or 400/404/409 with the
 * details; 503 with Retry-After when the database stayed locked by another
 * writer (an ingest) for longer than a write waits.
 */
export async function writeResponse<T>(pending: Promise<WriteResult<T, unknown>>, okStatus = 200): Promise<NextResponse> {
  let r: WriteResult<T, unknown>;
  try {
    r = await pending;
  } catch (e) {
    if (e instanceof WriteLockTimeout) {
      return NextResponse.json({ error: e.message }, { status: 503, headers: { 'Retry-After': '10', 'Cache-Control': 'no-store' } });
    }
    throw e;
  }
  if (r.ok) return json(r.value, okStatus);
  const { ok: _ok, ...rest } = r;
  void _ok;
  return json(rest, statusOf(r));
}
