import type { Metadata } from 'next';
import { documentFacets, documentListParams, GENRE_LABELS, listDocuments } from '@/lib/data';
import { getZh } from '@/lib/data/script';
import { Pager, PastLastPage } from '@/components/layout/Pager';
import { flat, nonEmpty } from '@/components/layout/params';
import { fmtDate, fmtNum } from '@/components/layout/format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Documents' };

export default async function DocumentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = nonEmpty(flat(await searchParams));
  const parsed = documentListParams.safeParse(raw);
  const params = parsed.success ? parsed.data : documentListParams.parse({});
  const [zh, list, facets] = await Promise.all([getZh(), listDocuments(params), documentFacets()]);
  const filters = {
    q: params.q,
    collection: params.collection ?? '',
    genre: params.genre ?? '',
    region: params.region ?? '',
    year: params.year ? String(params.year) : '',
  };
  const sortHref = (s: string) => `/documents?${new URLSearchParams(nonEmpty({ ...filters, sort: s }))}`;
  const genreLabel = (g: string) => GENRE_LABELS[g as keyof typeof GENRE_LABELS] ?? g;
  return (
    <>
      <h1>Documents</h1>
      {!parsed.success && <div className="notice error">{parsed.error.issues.map((i) => i.message).join(' ')}</div>}
      <form className="filters" action="/documents" role="search" aria-label="Documents">
        <label className="grow">
          Title contains
          <input type="search" name="q" defaultValue={params.q} placeholder="政府工作报告 · 新闻联播" />
        </label>
        <label>
          Collection
          <select name="collection" defaultValue={filters.collection}>
            <option value="">All collections</option>
            {facets.collections.map((f) => (
              <option key={f.value} value={f.value}>{`${f.value} (${f.count})`}</option>
            ))}
          </select>
        </label>
        <label>
          Genre
          <select name="genre" defaultValue={filters.genre}>
            <option value="">All genres</option>
            {facets.genres.map((f) => (
              <option key={f.value} value={f.value}>{`${genreLabel(f.value)} (${f.count})`}</option>
            ))}
          </select>
        </label>
        {facets.regions.length > 0 && (
          <label>
            Region
            <select name="region" defaultValue={filters.region}>
              <option value="">All regions</option>
              {facets.regions.map((f) => (
                <option key={f.value} value={f.value}>{`${f.value} (${f.count})`}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          Year
          <select name="year" defaultValue={filters.year}>
            <option value="">All years</option>
            {facets.years.map((f) => (
              <option key={f.value} value={String(f.value)}>{`${f.value} (${f.count})`}</option>
            ))}
          </select>
        </label>
        <input type="hidden" name="sort" value={params.sort} />
        <button className="btn" type="submit">
          Filter
        </button>
      </form>
      <div className="sorts">
        Sort:
        {(['date', 'ingested', 'title'] as const).map((s) => (
          <a key={s} href={sortHref(s)} aria-current={params.sort === s ? 'true' : undefined}>
            {s === 'date' ? 'Date' : s === 'ingested' ? 'Recently ingested' : 'Title'}
          </a>
        ))}
      </div>
      <p className="result-count">
        {fmtNum(list.total)} documents{list.pageCount > 1 ? ` · page ${list.page} of ${fmtNum(list.pageCount)}` : ''}
      </p>
      <PastLastPage page={params.page} pageCount={list.pageCount} total={list.total} noun="document" base="/documents" params={{ q: params.q, sort: params.sort === 'date' ? undefined : params.sort }} />
      {list.total === 0 ? (
        <p className="empty">
          No documents{params.q ? ' match' : ' yet: ingest some with '}
          {!params.q && <code>npm run ingest -- data/samples</code>}.
        </p>
      ) : list.items.length === 0 ? null : (
        <table className="glossary documents">
          <thead>
            <tr>
              <th className="n" style={{ textAlign: 'left', width: '8.5rem' }}>Date</th>
              <th>Title</th>
              <th>Collection · genre</th>
              <th className="n">Phrase uses</th>
              <th className="n">Characters</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((d) => (
              <tr key={d.id}>
                <td className="n" style={{ textAlign: 'left' }}>{fmtDate(d.date)}</td>
                <td className="headword-cell">
                  <a href={`/documents/${d.id}`} lang={zh.lang(d.title)} style={{ fontSize: '1rem' }}>
                    {zh.t(d.title)}
                  </a>
                </td>
                <td className="small" data-label="place">
                  {[d.collection, genreLabel(d.genre), d.region, d.speaker].filter(Boolean).join(' · ')}
                </td>
                <td className="n" data-label="uses">{fmtNum(d.occurrenceCount)}</td>
                <td className="n" data-label="chars">{fmtNum(d.charCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        page={list.page}
        pageCount={list.pageCount}
        base="/documents"
        params={{ ...nonEmpty(filters), sort: params.sort === 'date' ? undefined : params.sort }}
      />
    </>
  );
}
