import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { documentOptions, listPhrases, phraseListParams, PHRASE_KINDS, PHRASE_STATUSES, getDocument, type PhraseSort } from '@/lib/data';
import { getZh } from '@/lib/data/script';
import { Z } from '@/components/text/Zh';
import { Pager, PastLastPage } from '@/components/layout/Pager';
import { KindBadge } from '@/components/phrases/KindBadge';
import { glossaryRowsHtml } from '@/components/phrases/glossaryRows';
import { flat, nonEmpty } from '@/components/layout/params';
import { fmtNum } from '@/components/layout/format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Glossary' };

const SORT_LABELS: Record<PhraseSort, string> = {
  relevance: 'Best match',
  freq: 'Frequency',
  quoted: 'Quoted uses',
  pinyin: 'Pinyin',
  first: 'First appearance',
  score: 'Score',
};

export default async function PhrasesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = nonEmpty(flat(await searchParams));
  const parsed = phraseListParams.safeParse(raw);
  const error = parsed.success ? null : parsed.error.issues.map((i) => i.message).join(' ');
  const params = parsed.success ? parsed.data : phraseListParams.parse({ q: raw.q?.slice(0, 100) });
  const [zh, list, doc, docOptions] = await Promise.all([
    getZh(),
    listPhrases(params),
    params.document ? getDocument(params.document, 0) : Promise.resolve(null),
    documentOptions(200),
  ]);
  const exact =
    params.page === 1 && list.query && list.items[0]?.exact ? list.items[0] : null;
  // Enter in a search box (go=1) on an exact match opens the entry itself; the list stays one link away.
  if (raw.go === '1' && exact) redirect(`/phrases/${exact.id}?q=${encodeURIComponent(params.q)}`);
  const keep = {
    q: params.q || undefined,
    kind: params.kind,
    document: params.document,
    sort: params.sort,
    all: params.all ? '1' : undefined,
    status: params.status,
  };
  const sorts: PhraseSort[] = params.q ? ['relevance', 'freq', 'quoted', 'pinyin', 'first'] : ['freq', 'quoted', 'score', 'pinyin', 'first'];
  const hrefWith = (change: Record<string, string | undefined>) => {
    const sp = new URLSearchParams();
    const merged: Record<string, string | undefined> = {
      q: params.q || undefined,
      kind: params.kind,
      document: params.document ? String(params.document) : undefined,
      sort: params.sort,
      all: params.all ? '1' : undefined,
      status: params.status,
      ...change,
    };
    for (const [k, v] of Object.entries(merged)) if (v) sp.set(k, v);
    return `/phrases?${sp}`;
  };
  const sortHref = (s: PhraseSort) => hrefWith({ sort: s });
  return (
    <>
      <h1>Glossary</h1>
      <p className="small muted">
        <a href="/api/export/tbx" download data-testid="export-tbx">
          Download the glossary as TBX
        </a>{' '}
        (TBX-Basic, for CAT tools) · <a href="/families">families of numbered formulas</a> · <a href="/feeds/new-phrases.atom">new phrases (Atom)</a>
      </p>
      {error && <div className="notice error">Some filters were ignored: {error}</div>}
      <form className="filters" action="/phrases" role="search">
        <label className="grow">
          Phrase or pinyin
          <input type="search" name="q" defaultValue={params.q} placeholder="两个确立 · 兩個確立 · liang ge · lgql" enterKeyHint="search" />
        </label>
        <label>
          Kind
          <select name="kind" defaultValue={params.kind ?? ''}>
            <option value="">All kinds</option>
            {PHRASE_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        {docOptions ? (
          <label>
            Document
            <select name="document" defaultValue={params.document ? String(params.document) : ''} style={{ maxWidth: '22rem' }}>
              <option value="">All documents</option>
              {docOptions.map((d) => (
                <option key={d.id} value={d.id}>
                  {`${d.date ?? 'undated'} · ${zh.t(d.title).slice(0, 40)}`}
                </option>
              ))}
            </select>
          </label>
        ) : (
          params.document && <input type="hidden" name="document" value={params.document} />
        )}
        <label>
          Status
          <select name="status" defaultValue={params.status ?? ''}>
            <option value="">Formulations (default)</option>
            {PHRASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {params.sort && <input type="hidden" name="sort" value={params.sort} />}
        {params.all && <input type="hidden" name="all" value="1" />}
        <input type="hidden" name="go" value="1" />
        <button className="btn" type="submit">
          Search
        </button>
      </form>
      {!docOptions && !params.document && (
        <p className="small muted">To see the phrases of one document, open it from the document list and follow its phrase count.</p>
      )}
      {params.document && (
        <p className="small">
          In document:{' '}
          {doc ? (
            <a href={`/documents/${doc.id}`}>
              <Z zh={zh} text={doc.title} />
            </a>
          ) : (
            <span className="muted">#{params.document} (not found)</span>
          )}{' '}
          · <a href={`/phrases?${new URLSearchParams(nonEmpty({ q: params.q, kind: params.kind ?? '' }))}`}>all documents ×</a>
        </p>
      )}
      {!params.q && !params.status && (
        <p className="small muted" data-testid="list-scope">
          {params.all ? (
            <>
              Every phrase, whatever its status and score. <a href={hrefWith({ all: undefined })}>Formulations only</a>
            </>
          ) : (
            <>
              Confirmed formulations and candidates that score as formulations
              {params.kind ? '' : '; titles and names of things are listed by kind'}.{' '}
              <a href={hrefWith({ all: '1' })}>Show every phrase</a>
            </>
          )}
        </p>
      )}
      <div className="sorts">
        Sort:
        {sorts.map((s) => (
          <a key={s} href={sortHref(s)} aria-current={list.sort === s ? 'true' : undefined}>
            {SORT_LABELS[s]}
          </a>
        ))}
      </div>
      {exact && (
        <div className="exact">
          <span className="label">Entry</span>
          <a className="hw" href={`/phrases/${exact.id}`}>
            <Z zh={zh} text={exact.text} />
          </a>
          <span className="pinyin">{exact.pinyin}</span>
          <KindBadge kind={exact.kind} />
          <span className="muted small">
            {fmtNum(exact.occurrenceCount)} uses in {fmtNum(exact.documentCount)} documents
          </span>
        </div>
      )}
      <p className="result-count">
        {fmtNum(list.total)} {list.total === 1 ? 'phrase' : 'phrases'}
        {params.q ? (
          <>
            {' '}
            matching “<span lang={zh.lang(params.q)}>{params.q}</span>”
          </>
        ) : null}
        {list.pageCount > 1 ? ` · page ${list.page} of ${fmtNum(list.pageCount)}` : ''}
      </p>
      <PastLastPage page={params.page} pageCount={list.pageCount} total={list.total} noun="phrase" base="/phrases" params={keep} />
      {list.total === 0 ? (
        <div className="empty-state" data-testid="no-match">
          <p>
            {params.q ? (
              <>
                No glossary phrase matches “<span lang={zh.lang(params.q)}>{params.q}</span>”
                {params.kind || params.document ? ' with these filters' : ''}.
              </>
            ) : (
              'No phrase matches these filters.'
            )}
          </p>
          {params.q && (
            <p>
              <a className="btn" href={`/search?${new URLSearchParams({ q: params.q })}`} data-testid="search-full-text">
                Search the texts for “<span lang={zh.lang(params.q)}>{params.q}</span>”
              </a>
            </p>
          )}
          <p className="small muted">
            The glossary holds the phrases found in quotation marks. Full-text search finds any wording, quoted or not. In the
            glossary, try the other script, pinyin without tones (<i>liang ge que li</i>) or initials (<i>lgql</i>).
          </p>
        </div>
      ) : list.items.length === 0 ? null : (
        <table className="glossary">
          <thead>
            <tr>
              <th>Phrase</th>
              <th>Pinyin</th>
              <th>Kind</th>
              <th>Status</th>
              <th className="n">Uses (quoted)</th>
              <th className="n">Documents</th>
              <th className="n">First seen</th>
            </tr>
          </thead>
          <tbody dangerouslySetInnerHTML={{ __html: glossaryRowsHtml(list.items, zh) }} />
        </table>
      )}
      <Pager page={list.page} pageCount={list.pageCount} base="/phrases" params={keep} />
    </>
  );
}

