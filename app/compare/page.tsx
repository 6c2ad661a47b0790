import type { Metadata } from 'next';
import { collectionDocuments, compare, compareChoices, compareParams, CompareInputError, type Comparison } from '@/lib/data';
import { getZh } from '@/lib/data/script';
import { CompareLists } from '@/components/compare/CompareLists';
import { flat, nonEmpty } from '@/components/layout/params';
import { fmtNum } from '@/components/layout/format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare documents' };

/** Documents listed in each picker at most. */
const PICKER_MAX = 120;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ComparePage({ searchParams }: Props) {
  const raw = nonEmpty(flat(await searchParams));
  const wants = raw.a || raw.b || raw.yearA || raw.yearB;
  const parsed = wants ? compareParams.safeParse(raw) : null;
  let error = parsed && !parsed.success ? parsed.error.issues.map((i) => i.message).join(' ') : null;
  let result: Comparison | null = null;
  if (parsed?.success) {
    try {
      result = await compare(parsed.data);
    } catch (e) {
      if (!(e instanceof CompareInputError)) throw e;
      error = e.message;
    }
  }
  const [zh, choices] = await Promise.all([getZh(), compareChoices()]);
  const collection =
    raw.collection && choices.collections.some((c) => c.key === raw.collection)
      ? raw.collection
      : result?.b.document?.collection ?? choices.collections[0]?.key ?? '';
  const docs = collection ? await collectionDocuments(collection) : [];
  const years = choices.collections.find((c) => c.key === collection)?.years ?? choices.years;
  const docLabel = (d: { title: string; date: string | null }) => `${d.date ?? 'undated'} · ${zh.t(d.title).slice(0, 60)}`;
  const aDoc = result?.a.document?.id ?? (raw.a ? Number(raw.a) : docs[1]?.id);
  const bDoc = result?.b.document?.id ?? (raw.b ? Number(raw.b) : docs[0]?.id);
  // A daily collection has thousands of documents: the pickers list those around B (and A).
  const at = Math.max(0, docs.findIndex((d) => d.id === bDoc));
  const around = docs.length > PICKER_MAX ? docs.slice(Math.max(0, at - PICKER_MAX / 2), at + PICKER_MAX / 2) : docs;
  const picker = aDoc && !around.some((d) => d.id === aDoc) ? [...around, ...docs.filter((d) => d.id === aDoc)] : around;
  return (
    <article>
      <h1>Compare</h1>
      <p className="muted">
        Which formulations B uses that A does not (absent means the text appears nowhere in A, in either script, quoted or
        not), which A used that B dropped, and which both keep, by uses.
      </p>
      <form className="kwic-filters" action="/compare" data-testid="compare-documents">
        <label>
          Collection
          <select name="collection" defaultValue={collection}>
            {choices.collections.map((c) => (
              <option key={c.key} value={c.key}>
                {`${c.label} (${fmtNum(c.documents)})`}
              </option>
            ))}
          </select>
        </label>
        <button className="btn secondary" type="submit" formAction="/compare">
          List its documents
        </button>
      </form>
      <form className="kwic-filters" action="/compare">
        <input type="hidden" name="collection" value={collection} />
        <label>
          A
          <select name="a" defaultValue={aDoc ? String(aDoc) : ''}>
            {picker.map((d) => (
              <option key={d.id} value={d.id}>
                {docLabel(d)}
              </option>
            ))}
          </select>
        </label>
        <label>
          B
          <select name="b" defaultValue={bDoc ? String(bDoc) : ''}>
            {picker.map((d) => (
              <option key={d.id} value={d.id}>
                {docLabel(d)}
              </option>
            ))}
          </select>
        </label>
        <button className="btn" type="submit">
          Compare documents
        </button>
      </form>
      <form className="kwic-filters" action="/compare" data-testid="compare-years">
        <input type="hidden" name="collection" value={collection} />
        <label>
          Year A
          <select name="yearA" defaultValue={String(result?.a.year ?? years[years.length - 2] ?? '')}>
            {years.map((y) => (
              <option key={y}>{y}</option>
            ))}
          </select>
        </label>
        <label>
          Year B
          <select name="yearB" defaultValue={String(result?.b.year ?? years[years.length - 1] ?? '')}>
            {years.map((y) => (
              <option key={y}>{y}</option>
            ))}
          </select>
        </label>
        <button className="btn secondary" type="submit">
          Compare years of this collection
        </button>
      </form>
      {error && <div className="notice error">{error}</div>}
      {result && (
        <>
          <dl className="facts" data-testid="compare-sides">
            <div>
              <dt>A</dt>
              <dd>
                {result.a.document ? <a href={`/documents/${result.a.document.id}`}>{zh.t(result.a.label)}</a> : zh.t(result.a.label)}
                <span className="doc muted">
                  {result.a.document ? result.a.document.date ?? 'undated' : `${fmtNum(result.a.documentIds.length)} documents`}
                </span>
              </dd>
            </div>
            <div>
              <dt>B</dt>
              <dd>
                {result.b.document ? <a href={`/documents/${result.b.document.id}`}>{zh.t(result.b.label)}</a> : zh.t(result.b.label)}
                <span className="doc muted">
                  {result.b.document ? result.b.document.date ?? 'undated' : `${fmtNum(result.b.documentIds.length)} documents`}
                </span>
              </dd>
            </div>
          </dl>
          <CompareLists result={result} zh={zh} all={raw.all === '1'} />
        </>
      )}
    </article>
  );
}
