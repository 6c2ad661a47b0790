import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { currentUser, guardPublicWrite, sessionCookieOptions, SESSION_COOKIE } from '@/lib/auth';
import { isSameOrigin } from '@/lib/auth/request';
import { deleteSession } from '@/lib/auth/sessions';
import { signIn } from '@/lib/auth/sign-in';
import { json } from '../_http';

export const dynamic = 'force-dynamic';

const credentials = z.object({
  name: z.string({ message: 'name: your user name' }).trim().min(1, 'name: your user name').max(100),
  password: z.string({ message: 'password: text' }).min(1, 'password: text').max(1024),
});

/** The client's address, for the per-address sign-in limit (the proxy's header when behind one). */
function clientAddress(req: NextRequest): string | null {
  return req.headers.get('x-forwarded-for')?.split(',')[0].trim() || req.headers.get('x-real-ip') || null;
}

/** GET /api/session : who is signed in ({user: null} for a reader). */
export async function GET() {
  return json({ user: await currentUser() });
}

/** POST /api/session {name, password}: signs in (200 and a session cookie), 401 on wrong credentials, 429 when throttled. */
export async function POST(req: NextRequest) {
  const b = await guardPublicWrite(req);
  if (b instanceof Response) return b;
  const parsed = credentials.safeParse(b);
  if (!parsed.success) return json({ error: parsed.error.issues.map((i) => i.message).join(' ') }, 400);
  const r = await signIn(parsed.data.name, parsed.data.password, clientAddress(req));
  if (!r.ok) {
    if (r.error === 'throttled') {
      return NextResponse.json({ error: r.message }, { status: 429, headers: { 'Retry-After': String(r.retryAfterSeconds), 'Cache-Control': 'no-store' } });
    }
    return json({ error: r.message }, 401);
  }
  const res = json({ user: r.user });
  res.cookies.set(SESSION_COOKIE, r.token, sessionCookieOptions(req, r.expiresAt));
  return res;
}

/** DELETE /api/session : signs out (the session is deleted on the server, the cookie cleared). */
export async function DELETE(req: NextRequest) {
  if (!isSameOrigin(req.headers, req.url)) return json({ error: 'Writes are accepted only from pages of this site.' }, 403);
  await deleteSession(req.cookies.get(SESSION_COOKIE)?.value);
  const res = json({ user: null });
  res.cookies.set(SESSION_COOKIE, '', { ...sessionCookieOptions(req, new Date(0)), maxAge: 0 });
  return res;
}
