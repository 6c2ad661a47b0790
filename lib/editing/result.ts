export type WriteResult<T, Y = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: 'invalid'; message: string; fields: Record<string, string> }
  | { ok: false; error: 'not-found'; message: string }
  | {
      ok: false;
      error: 'conflict';
      message: string;
      /** What is stored now (null if it was deleted meanwhile). */
      current: T | null;
      /** What the user tried to save, handed back so nothing they typed is lost. */
      yours: Y;
    };

/** The HTTP status of a failed write. */
export function statusOf(r: WriteResult<unknown>): number {
  if (r.ok) return 200;
  return r.error === 'invalid' ? 400 : r.error === 'not-found' ? 404 : 409;
}
