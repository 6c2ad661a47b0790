import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { statusOf, type WriteResult } from '@/lib/editing';
import { parseId } from '@/components/layout/params';

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

/** The request body as a JSON object (or form fields), or an error response. */
export async function body(req: Request): Promise<Record<string, unknown> | NextResponse> {
  const type = req.headers.get('content-type') ?? '';
  try {
    if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
      const form = await req.formData();
      const out: Record<string, unknown> = {};
      for (const [k, v] of form) if (typeof v === 'string') out[k] = v;
      return out;
    }
    const text = await req.text();
    if (!text.trim()) return {};
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return badRequest('The request body must be a JSON object.');
    return v as Record<string, unknown>;
  } catch {
    return badRequest('The request body is not valid JSON.');
  }
}

export function writeResponse<T>(r: WriteResult<T, unknown>, okStatus = 200): NextResponse {
  if (r.ok) return json(r.value, okStatus);
  const { ok: _ok, ...rest } = r;
  void _ok;
  return json(rest, statusOf(r));
}
