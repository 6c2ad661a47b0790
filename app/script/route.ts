import { NextResponse, type NextRequest } from 'next/server';
import { SCRIPT_COOKIE, parseScript } from '@/lib/data/script';
import { localPath } from '@/lib/auth/redirect';
import { isSameOrigin } from '@/lib/auth/request';

/** Only same-site paths: never redirect elsewhere. */
function safeBack(raw: string | null, req: NextRequest): string {
  let back = raw;
  if (!back) {
    const ref = req.headers.get('referer');
    if (ref) {
      try {
        const u = new URL(ref);
        if (u.host === req.headers.get('host')) back = u.pathname + u.search + u.hash;
      } catch {
        back = null;
      }
    }
  }
  return localPath(back) ?? '/';
}

/** Sets the reader's script (原文/简体/繁體) for a year and goes back to the page. */
export async function POST(req: NextRequest) {
  // A reader's own preference, not the database: no role needed, but only this site's pages may set it.
  if (!isSameOrigin(req.headers, req.url)) return NextResponse.json({ error: 'Only pages of this site can change the script.' }, { status: 403 });
  let script: string | null = null;
  let back: string | null = null;
  try {
    const form = await req.formData();
    script = String(form.get('script') ?? '');
    back = form.get('back') ? String(form.get('back')) : null;
  } catch {
    script = req.nextUrl.searchParams.get('script');
  }
  const value = parseScript(script);
  const res = new NextResponse(null, { status: 303, headers: { Location: safeBack(back, req) } });
  res.cookies.set(SCRIPT_COOKIE, value, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax' });
  return res;
}
