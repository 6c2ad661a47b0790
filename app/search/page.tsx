import type { Metadata } from 'next';
import Link from 'next/link';
import { getDocument } from '@/lib/data';
import { searchParams, searchText, WILDCARD_MAX, type SearchPage } from '@/lib/data/search';
import { getZh } from '@/lib/data/script';
import { Pager, PastLastPage } from '@/components/layout/Pager';
import { flat, nonEmpty } from '@/components/layout/params';
import { fmtNum } from '@/components/layout/format';
import { Z } from '@/components/text/Zh';
import { SearchResults } from '@/components/search/SearchResults';
import { PromoteButton } from '@/components/search/PromoteButton';
import { SignInToEdit } from '@/components/auth/SignInToEdit';
import { currentUser, hasRole } from '@/lib/auth';

export const dynamic = 'force-dynamic';

/** The current search narrowed to a document or a section (from the first page). */
function narrowHref(keep: Record<string, string | number | undefined>, narrow: { document?: number; section?: number }): string {
  const sp = new URLSearchParams();
  const all: Record<string, string | number | undefined> = { ...keep, ...narrow };
  for (const [k, v] of Object.entries(all)) if (v !== undefined && String(v) !== '') sp.set(k, String(v));
  return `/search?${sp}`;
}

export const metadata: Metadata = { title: 'Search the texts' };

export default async function SearchTextPage({ searchParams: sp }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = nonEmpty(flat(await sp));
  const parsed = raw.q ? searchParams.safeParse(raw) : null;
  const error = parsed && !parsed.success ? parsed.error.issues.map((i) => i.message).join(' ') : null;
  const params = parsed?.success ? parsed.data : null;
  const [zh, result, doc, user] = await Promise.all([
    getZh(),
    params ? searchText(params) : Promise.resolve<SearchPage | null>(null),
    params?.document ? getDocument(params.document, 0) : Promise.resolve(null),
    currentUser(),
  ]);
  const keep = params
    ? { q: params.q, document: params.document, section: params.section, from: params.from, to: params.to, order: params.order === 'desc' ? 'desc' : undefined }
    : {};
  return (
    <>
      <h1>Search the texts</h1>
      <p className="lede">
        Any wording, one character or more, in simplified or traditional script: every sentence that contains it, in every
        document, quoted or not.
      </p>
      <p className="small muted" data-testid="search-syntax">
        <code>*</code> stands for up to {WILDCARD_MAX} characters (letters or numerals, never punctuation), <code>?</code> for
        exactly one, <code>|</code> separates alternatives (<span lang="zh-Hans">两个* · 两个确立|两个维护 · 四个?</span>);
        quotation marks around the query are ignored.
      </p>
      {error && <div className="notice error">{error}</div>}
      <form className="filters" action="/search" role="search" aria-label="Texts">
        <label className="grow">
          Text
          <input type="search" name="q" defaultValue={params?.q ?? raw.q ?? ''} placeholder="全过程人民民主 · 新质生产力 · 改革" autoFocus={!params} />
        </label>
        <label className="half">
          From
          <input type="text" name="from" defaultValue={params?.from ?? raw.from ?? ''} placeholder="2021" size={10} inputMode="numeric" />
        </label>
        <label className="half">
          To
          <input type="text" name="to" defaultValue={params?.to ?? raw.to ?? ''} placeholder="2026-08" size={10} inputMode="numeric" />
        </label>
        <label className="half">
          Order
          <select name="order" defaultValue={params?.order ?? 'asc'}>
            <option value="asc">Oldest first</option>
            <option value="desc">Newest first</option>
          </select>
        </label>
        {params?.document && <input type="hidden" name="document" value={params.document} />}
        {params?.section && <input type="hidden" name="section" value={params.section} />}
        <button className="btn" type="submit">
          Search
        </button>
      </form>
      {params?.document && (
        <p className="small">
          In document:{' '}
          {doc ? (
            <Link href={`/documents/${doc.id}`}>
              <Z zh={zh} text={doc.title} />
            </Link>
          ) : (
            <span className="muted">#{params.document} (not found)</span>
          )}
          {params.section ? ' (one section)' : ''} ·{' '}
          <Link href={`/search?${new URLSearchParams(nonEmpty({ q: params.q, from: params.from ?? '', to: params.to ?? '' }))}`}>all documents ×</Link>
        </p>
      )}
      {result && !result.indexed && (
        <div className="notice">
          <p>
            Nothing has been ingested yet: run <code>npm run ingest -- data/samples</code>.
          </p>
        </div>
      )}
      {result && result.indexed && (
        <section className="section" aria-live="polite">
          <p className="result-summary" data-testid="search-total">
            <b className="num">{fmtNum(result.total)}</b> {result.total === 1 ? 'sentence contains' : 'sentences contain'}{' '}
            <span lang="zh-Hans">“{result.folded}”</span>
            {result.total > 0 && (
              <span className="muted">
                {' '}
                · {fmtNum(result.occurrences)} {result.occurrences === 1 ? 'use' : 'uses'} in {fmtNum(result.documents)}{' '}
                {result.documents === 1 ? 'document' : 'documents'}
              </span>
            )}
          </p>
          {result.total > 0 && (
            <p className="small">
              <a href={`/api/search.csv?${new URLSearchParams(nonEmpty(Object.fromEntries(Object.entries(keep).map(([k, v]) => [k, v === undefined ? undefined : String(v)]))))}`} download data-testid="search-csv">
                Export all {fmtNum(result.total)} sentences as CSV
              </a>
            </p>
          )}
          {result.entries && (
            <div className="small" data-testid="pattern-entries">
              {result.entries.length === 0 ? (
                <p className="muted">No glossary entry matches the whole pattern.</p>
              ) : (
                <p>
                  Glossary entries matching the pattern:{' '}
                  {result.entries.map((e, i) => (
                    <span key={e.id}>
                      {i > 0 && ' · '}
                      <Link href={`/phrases/${e.id}`}>
                        <Z zh={zh} text={e.text} />
                      </Link>{' '}
                      <span className="muted num">{fmtNum(e.occurrenceCount)}</span>
                    </span>
                  ))}
                </p>
              )}
            </div>
          )}
          {result.total > 0 && !result.entries && (
            <div className="small search-entry">
              {result.phraseId ? (
                <Link href={`/phrases/${result.phraseId}`}>
                  Open the glossary entry for “<span lang={zh.lang(zh.t(result.folded))}>{zh.t(result.folded)}</span>” →
                </Link>
              ) : (
                user && hasRole(user.role, 'editor') ? (
                  <PromoteButton q={result.folded} total={result.total} />
                ) : (
                  <SignInToEdit user={user} back={`/search?q=${encodeURIComponent(result.folded)}`} what="add this string to the glossary" />
                )
              )}
            </div>
          )}
          {params && (
            <PastLastPage page={params.page} pageCount={result.pages} total={result.total} noun="sentence" base="/search" params={keep} />
          )}
          {result.lines.length > 0 && (
            <SearchResults
              lines={result.lines}
              zh={zh}
              start={(result.page - 1) * result.pageSize + 1}
              narrow={{
                document: params!.document ? undefined : (id) => narrowHref(keep, { document: id }),
                section: params!.section ? undefined : (id) => narrowHref(keep, { section: id }),
              }}
            />
          )}
          <Pager page={result.page} pageCount={result.pages} base="/search" params={keep} label="Result pages" />
        </section>
      )}
    </>
  );
}
