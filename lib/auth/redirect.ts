/**
 * A redirect target that stays on this site: a path starting with one "/",
 * parsed the way a browser would (tabs and newlines removed, backslashes read
 * as slashes), or null. "/\t/evil.com" and "/\\evil.com" become "//evil.com"
 * in a browser and are refused.
 */
export function localPath(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 2000) return null;
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  const normalised = raw.replace(/\\/g, '/');
  if (!normalised.startsWith('/') || normalised.startsWith('//')) return null;
  try {
    const base = 'http://tifa.invalid';
    const u = new URL(raw, base);
    if (u.origin !== base) return null;
    return u.pathname + u.search + u.hash;
  } catch {
    return null;
  }
}
