/**
 * Pure checks on a write request (no database, no Next.js): same-origin,
 * content type, and a JSON body that is whole, well-formed text. Used by the
 * guard in lib/auth/guard.ts; kept apart so they can be unit-tested.
 */

export type Headers_ = { get(name: string): string | null };

/** The origin this request was addressed to, as the browser saw it (proxies may set X-Forwarded-*). */
export function expectedOrigin(headers: Headers_, url: string): string {
  const u = new URL(url);
  const host = headers.get('x-forwarded-host')?.split(',')[0].trim() || headers.get('host') || u.host;
  const proto = headers.get('x-forwarded-proto')?.split(',')[0].trim() || u.protocol.replace(/:$/, '');
  return `${proto}://${host}`.toLowerCase();
}

/**
 * Whether a write comes from this site. Browsers send Sec-Fetch-Site and Origin
 * on every cross-site POST; either one saying "another site" refuses the write,
 * even with an editor's cookie. A request with neither comes from a program
 * (curl, a script), not from a page another site controls.
 */
export function isSameOrigin(headers: Headers_, url: string, allowed: string[] = []): boolean {
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = headers.get('origin');
  if (origin === null) return true;
  let o: string;
  try {
    o = new URL(origin).origin.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage
  }
  if (o === 'null') return false;
  if (allowed.map((a) => a.toLowerCase().replace(/\/$/, '')).includes(o)) return true;
  const expected = expectedOrigin(headers, url);
  // Scheme aside: behind a TLS-terminating proxy that does not set X-Forwarded-Proto,
  // the browser's https origin reaches us as http; the host is what identifies the site.
  return o.replace(/^https?:\/\//, '') === expected.replace(/^https?:\/\//, '');
}

/** Whether a Content-Type header is JSON (application/json, with or without parameters). */
export function isJsonType(contentType: string | null): boolean {
  if (!contentType) return false;
  const t = contentType.split(';')[0].trim().toLowerCase();
  return t === 'application/json';
}

/** The largest request body a write accepts (a 20,000-character note escaped as \uXXXX is ~120 kB). */
export const MAX_BODY_BYTES = 256 * 1024;

export type ParsedBody = { ok: true; value: Record<string, unknown> } | { ok: false; status: 400 | 413; message: string };

/** Reads at most `limit` bytes of a body stream; null if it is longer. */
export async function readLimited(stream: ReadableStream<Uint8Array> | null, limit = MAX_BODY_BYTES): Promise<Uint8Array | null> {
  if (!stream) return new Uint8Array();
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first string (key or value) in a parsed JSON value that is not well-formed text, or has a NUL. */
export function badText(v: unknown, path = ''): string | null {
  if (typeof v === 'string') {
    if (LONE_SURROGATE.test(v)) return `${path || 'the body'} contains a lone surrogate (not valid Unicode text)`;
    if (v.includes('\u0000')) return `${path || 'the body'} contains a null character`;
    return null;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const bad = badText(v[i], `${path}[${i}]`);
      if (bad) return bad;
    }
    return null;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const bad = badText(k, `${path} key`) ?? badText(x, path ? `${path}.${k}` : k);
      if (bad) return bad;
    }
  }
  return null;
}

/** Decodes and checks a JSON object body: UTF-8, JSON, an object, well-formed strings without NUL. */
export function parseJsonObject(bytes: Uint8Array): ParsedBody {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, message: 'The request body is not valid UTF-8.' };
  }
  if (!text.trim()) return { ok: true, value: {} };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, message: 'The request body is not valid JSON.' };
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, status: 400, message: 'The request body must be a JSON object.' };
  const bad = badText(v);
  if (bad) return { ok: false, status: 400, message: `Bad text: ${bad}.` };
  return { ok: true, value: v as Record<string, unknown> };
}
