/**
 * A tiny HTML builder for the largest read-only fragments of the hottest pages (the
 * concordance, the usage chart). Rendering them as one escaped string instead of
 * hundreds of React elements keeps the entry page fast under load: React would
 * build, render and serialize every element twice (HTML and flight payload).
 * Everything that goes in is escaped here; nothing unescaped is accepted.
 */
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ESC[c]);
}

/** Elements without content or end tag. */
const VOID = new Set(['input', 'br', 'img']);

export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** An element: attributes escaped, children are already-built HTML (from `el` or `esc`). */
export function el(tag: string, attrs: Attrs, ...children: string[]): string {
  if (!/^[a-z][a-z0-9]*$/.test(tag)) throw new Error(`bad tag ${tag}`);
  let a = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (!/^[a-zA-Z][a-zA-Z0-9-]*$/.test(k)) throw new Error(`bad attribute ${k}`);
    a += v === true ? ` ${k}` : ` ${k}="${esc(v)}"`;
  }
  if (VOID.has(tag)) return `<${tag}${a}>`;
  return `<${tag}${a}>${children.join('')}</${tag}>`;
}
