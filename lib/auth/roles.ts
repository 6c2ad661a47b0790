/**
 * Roles. Anyone who is not signed in is a reader and reads everything; a
 * "reader" account is someone signed in who may not write. Editors write notes
 * and fields, curate entries, edit document metadata and promote search
 * strings; admins also manage users and restore deleted content.
 */
export const ROLES = ['reader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { reader: 0, editor: 1, admin: 2 };

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

/** Whether someone with `role` may do what needs `needed`. */
export function hasRole(role: string, needed: Role): boolean {
  return isRole(role) && RANK[role] >= RANK[needed];
}

/** A user name: 1-40 characters, letters, digits, and . _ - (no spaces), compared case-insensitively. */
export function nameProblem(name: string): string | null {
  if (!/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,39}$/u.test(name)) {
    return 'A user name is 1-40 letters, digits, dots, dashes or underscores, starting with a letter or digit.';
  }
  return null;
}

export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}
