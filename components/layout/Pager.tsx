
/** Page links that keep the other query parameters. */
export function Pager({
  page,
  pageCount,
  base,
  params,
  anchor = '',
  label = 'Pages',
}: {
  page: number;
  pageCount: number;
  base: string;
  params: Record<string, string | number | undefined | null>;
  anchor?: string;
  label?: string;
}) {
  if (pageCount <= 1) return null;
  const href = (p: number) => {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
    if (p > 1) sp.set('page', String(p));
    else sp.delete('page');
    const qs = sp.toString();
    return `${base}${qs ? '?' + qs : ''}${anchor}`;
  };
  const pages = new Set<number>([1, pageCount, page - 2, page - 1, page, page + 1, page + 2]);
  const list = [...pages].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  const items: Array<number | 'gap'> = [];
  for (let i = 0; i < list.length; i++) {
    if (i > 0 && list[i] - list[i - 1] > 1) items.push('gap');
    items.push(list[i]);
  }
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          ← Previous
        </a>
      ) : (
        <span className="disabled">← Previous</span>
      )}
      {items.map((p, i) =>
        p === 'gap' ? (
          <span key={`g${i}`} className="gap">
            …
          </span>
        ) : p === page ? (
          <span key={p} aria-current="page">
            {p}
          </span>
        ) : (
          <a key={p} href={href(p)}>
            {p}
          </a>
        ),
      )}
      {page < pageCount ? (
        <a href={href(page + 1)} rel="next">
          Next →
        </a>
      ) : (
        <span className="disabled">Next →</span>
      )}
    </nav>
  );
}
