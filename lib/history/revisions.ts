import { diffText, type DiffPart } from './diff';

/**
 * History like a wiki, for anything an editor changes: a note's text, an
 * entry's editor fields, and (as they come) statuses and document metadata.
 * Each kind of content keeps its own revision table; its rows are read into
 * this one shape (a version with named text fields), so that the diff between
 * consecutive revisions, the history view and revert work the same for all.
 */
export interface Revision {
  version: number;
  /** create | edit | delete | revert | restore | … */
  action: string;
  author: string;
  createdAt: Date;
  /** The content as it stood after this revision, field by field. */
  fields: Record<string, string | null>;
  /** For a revert: the version it brought back. */
  revertOf: number | null;
}

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
  parts: DiffPart[];
}

export interface RevisionWithDiff extends Revision {
  /** The fields that differ from the revision before (every non-empty field for the first). */
  changes: FieldChange[];
}

/** What changed from one revision to the next, field by field (fields in `order` first). */
export function changesBetween(previous: Revision | null, next: Revision, order: string[] = []): FieldChange[] {
  const names = [...new Set([...order, ...Object.keys(previous?.fields ?? {}), ...Object.keys(next.fields)])];
  const out: FieldChange[] = [];
  for (const field of names) {
    const before = previous ? (previous.fields[field] ?? null) : null;
    const after = next.fields[field] ?? null;
    if ((before ?? '') === (after ?? '')) continue;
    out.push({ field, before, after, parts: diffText(before, after) });
  }
  return out;
}

/** Revisions (any order) newest first, each with its diff against the one before it. */
export function withDiffs(revisions: Revision[], order: string[] = []): RevisionWithDiff[] {
  const sorted = [...revisions].sort((a, b) => a.version - b.version);
  const out = sorted.map((r, i) => ({ ...r, changes: changesBetween(i > 0 ? sorted[i - 1] : null, r, order) }));
  return out.reverse();
}

export type MergeResult<F extends Record<string, unknown>> =
  | { ok: true; merged: Partial<F>; theirs: string[] }
  | { ok: false; conflicts: string[] };

/**
 * A field-level three-way merge for a save over a stale version: `base` is
 * the version the editor loaded, `current` what is stored now, `yours` what
 * they submitted (fields left out are unchanged). Fields only you changed are
 * taken, fields only others changed stay; a field both changed differently is
 * a conflict (and nothing is merged).
 */
export function mergeFields<F extends Record<string, unknown>>(base: F, current: F, yours: Partial<F>): MergeResult<F> {
  const merged: Partial<F> = {};
  const conflicts: string[] = [];
  const theirs: string[] = [];
  const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
  for (const key of Object.keys(current) as Array<keyof F & string>) {
    const changedByThem = !same(current[key], base[key]);
    if (changedByThem) theirs.push(key);
    if (!(key in yours) || yours[key] === undefined) continue;
    const changedByYou = !same(yours[key], base[key]);
    if (!changedByYou) continue;
    if (changedByThem && !same(yours[key], current[key])) conflicts.push(key);
    else merged[key] = yours[key];
  }
  return conflicts.length ? { ok: false, conflicts } : { ok: true, merged, theirs };
}
