import { cookies, headers } from 'next/headers';
import { NextResponse } from 'next/server';
import { hasRole, type Role } from './roles';
import { SESSION_COOKIE, sessionUser, type SessionUser } from './sessions';
import { MAX_BODY_BYTES, isJsonType, isSameOrigin, parseJsonObject, readLimited } from './request';

/**
 * The one gate every write goes through: every route handler that changes
 * something (POST, PUT, PATCH, DELETE) calls guardWrite, every server action
 * calls guardAction, before anything else. Anonymous visitors are readers and
 * get 401, signed-in accounts without the role get 403, writes from another
 * site get 403 whoever's cookie they carry, and route handlers take only
 * JSON bodies (no forms, no text/plain: a page on another site can send those
 * without asking). The signed-in user is the author of the change.
 */

/** Origins besides the server's own that may write (TIFA_ALLOWED_ORIGINS, comma-separated). */
function allowedOrigins(): string[] {
  return (process.env.TIFA_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Who is signed in on this request (server components, route handlers, server actions), or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const jar = await cookies();
  return sessionUser(jar.get(SESSION_COOKIE)?.value);
}

function refuse(status: number, error: string, extra: Record<string, string> = {}): NextResponse {
  return NextResponse.json({ error }, { status, headers: { 'Cache-Control': 'no-store', ...extra } });
}

export const NOT_SIGNED_IN = 'Sign in as an editor to change anything (POST /api/session or /login).';
export const CROSS_SITE = 'Writes are accepted only from pages of this site.';

export interface AllowedWrite {
  user: SessionUser;
  /** The JSON object the request carried ({} for none). */
  body: Record<string, unknown>;
}

/**
 * Checks a write to a route handler: same origin (403), signed in (401) with
 * the role (403), a JSON body (415) of at most 256 kB (413) that is valid UTF-8
 * JSON with well-formed strings and no NUL (400). Returns the user and the body,
 * or the response to send.
 */
export async function guardWrite(req: Request, needed: Role = 'editor'): Promise<AllowedWrite | NextResponse> {
  if (!isSameOrigin(req.headers, req.url, allowedOrigins())) return refuse(403, CROSS_SITE);
  const user = await currentUser();
  if (!user) return refuse(401, NOT_SIGNED_IN, { 'WWW-Authenticate': 'Cookie realm="tifa"' });
  if (!hasRole(user.role, needed)) return refuse(403, `This needs the ${needed} role; ${user.name} is ${user.role === 'admin' ? 'an' : 'a'} ${user.role}.`);
  return readJsonBody(req, user);
}

async function readJsonBody(req: Request, user: SessionUser): Promise<AllowedWrite | NextResponse> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return refuse(413, `The request body is too large (at most ${MAX_BODY_BYTES / 1024} kB).`);
  const hasBody = req.body !== null && declared !== 0 ? true : req.headers.has('transfer-encoding');
  if (!hasBody) return { user, body: {} };
  if (!isJsonType(req.headers.get('content-type'))) return refuse(415, 'Send the request body as application/json.');
  const bytes = await readLimited(req.body);
  if (!bytes) return refuse(413, `The request body is too large (at most ${MAX_BODY_BYTES / 1024} kB).`);
  const parsed = parseJsonObject(bytes);
  if (!parsed.ok) return refuse(parsed.status, parsed.message);
  return { user, body: parsed.value };
}

/**
 * Checks a write that needs no session but must come from this site as JSON
 * (signing in). Returns the body or the response to send.
 */
export async function guardPublicWrite(req: Request): Promise<Record<string, unknown> | NextResponse> {
  if (!isSameOrigin(req.headers, req.url, allowedOrigins())) return refuse(403, CROSS_SITE);
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return refuse(413, 'The request body is too large.');
  if (!isJsonType(req.headers.get('content-type'))) return refuse(415, 'Send the request body as application/json.');
  const bytes = await readLimited(req.body);
  if (!bytes) return refuse(413, 'The request body is too large.');
  const parsed = parseJsonObject(bytes);
  return parsed.ok ? parsed.value : refuse(parsed.status, parsed.message);
}

export type ActionCheck = { ok: true; user: SessionUser } | { ok: false; status: 401 | 403; message: string };

/**
 * The same check for server actions (Next.js already refuses actions whose
 * Origin is not the Host; this repeats it so that no action depends on that).
 */
export async function guardAction(needed: Role = 'editor'): Promise<ActionCheck> {
  const h = await headers();
  const url = `http://${h.get('host') ?? 'localhost'}/`;
  if (!isSameOrigin(h, url, allowedOrigins())) return { ok: false, status: 403, message: CROSS_SITE };
  const user = await currentUser();
  if (!user) return { ok: false, status: 401, message: 'You are not signed in (or your session ended): sign in to save. Nothing was saved.' };
  if (!hasRole(user.role, needed)) return { ok: false, status: 403, message: `This needs the ${needed} role; your account is ${user.role}. Nothing was saved.` };
  return { ok: true, user };
}

/** Cookie attributes of the session: httpOnly, SameSite=Lax, Secure when the site is reached over https. */
export function sessionCookieOptions(req: Request, expires: Date) {
  const proto = req.headers.get('x-forwarded-proto')?.split(',')[0].trim() || new URL(req.url).protocol.replace(/:$/, '');
  return { httpOnly: true, sameSite: 'lax' as const, secure: proto === 'https', path: '/', expires };
}
