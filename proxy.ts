import { NextResponse, type NextRequest } from 'next/server';
import { isSameOrigin } from '@/lib/auth/request';

/**
 * Runs before every page and route handler (Next.js 16 "proxy", formerly
 * middleware):
 * - a path whose percent-encoding does not decode to text (%E0, %ZZ, a lone
 *   surrogate %ED%A0%80, an overlong %C0%AF, a bare %) or that encodes a NUL
 *   or another control character is a 400, not a crash deeper down;
 * - methods nothing here answers (TRACE, CONNECT, WebDAV's…) get 405;
 * - a POST to a page (a server action) from another site gets 403 here:
 *   Next.js refuses it too, but with a 500;
 * - every response carries a Content-Security-Policy with a fresh nonce (the
 *   framework puts it on its own scripts, so no other inline script runs) and
 *   the usual security headers.
 */

const PAGE_METHODS = new Set(['GET', 'HEAD', 'POST']);
const API_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Whether a raw path decodes to well-formed text without control characters. */
export function isDecodablePath(rawPath: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return false;
  }
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return false;
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(decoded);
}

function plain(status: number, text: string, headers: Record<string, string> = {}): NextResponse {
  return new NextResponse(text + '\n', { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers } });
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // React's style attributes (charts, bars) are inline styles; scripts are what XSS needs.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function proxy(req: NextRequest) {
  const rawPath = req.nextUrl.pathname;
  const api = rawPath.startsWith('/api/') || rawPath === '/api';
  const allowed = api ? API_METHODS : PAGE_METHODS;
  if (!allowed.has(req.method)) return plain(405, `${req.method} is not supported here.`, { Allow: [...allowed].join(', ') });
  // The raw request path, before anything decoded it.
  const raw = new URL(req.url).pathname;
  if (!isDecodablePath(raw) || !isDecodablePath(rawPath)) return plain(400, 'Bad request: the path is not valid percent-encoded text.');

  if (!api && req.method === 'POST' && !isSameOrigin(req.headers, req.url)) {
    return plain(403, 'Writes are accepted only from pages of this site.');
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set('Content-Security-Policy', csp);
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.headers.set(k, v);
  return res;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
