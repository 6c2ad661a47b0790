
type Params = Record<string, string | number | undefined | null>;

/** The address of page `p` of a paged list, keeping the other query parameters. */
export function pageHref(base: string, params: Params, p: number, anchor = ''): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
  if (p > 1) sp.set('page', String(p));
  else sp.delete('page');
  const qs = sp.toString();
  return `${base}${qs ? '?' + qs : ''}${anchor}`;
}

/**
 * Said instead of "nothing matches" when the list has items but the page asked
 * for is past its last page.
 */
export function PastLastPage({
  page,
  pageCount,
  total,
  noun,
  base,
  params,
  anchor = '',
}: {
  page: number;
  pageCount: number;
  total: number;
  noun: string;
  base: string;
  params: Params;
  anchor?: string;
}) {
  if (total === 0 || page <= pageCount) return null;
  return (
    <div className="notice" role="status" data-testid="past-last-page">
      Page {page.toLocaleString('en-US')} is past the last page: there {total === 1 ? 'is' : 'are'} {total.toLocaleString('en-US')} {noun}
      {total === 1 ? '' : 's'} on {pageCount.toLocaleString('en-US')} page{pageCount === 1 ? '' : 's'}.{' '}
      <a href={pageHref(base, params, pageCount, anchor)}>Go to the last page</a>
      {pageCount > 1 && (
        <>
          {' '}
          or <a href={pageHref(base, params, 1, anchor)}>the first</a>
        </>
      )}
      .
    </div>
  );
}

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
  params: Params;
  anchor?: string;
  label?: string;
}) {
  if (pageCount <= 1) return null;
  const href = (p: number) => pageHref(base, params, p, anchor);
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
          <span key={p} aria-current="page" aria-label={`Page ${p}`}>
            {p}
          </span>
        ) : (
          <a key={p} href={href(p)} aria-label={`Page ${p}`}>
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
