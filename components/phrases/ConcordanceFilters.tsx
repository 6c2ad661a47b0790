import type { ConcordanceQuery } from '@/lib/data';
import { GENRES } from '@/lib/data/corpus';
import { GENRE_LABELS } from '@/lib/data/documents';
import type { Zh } from '@/lib/data/script';
import { fmtNum, fmtPath } from '@/components/layout/format';

type Parsed = ConcordanceQuery;

/** The concordance's filters, sorts and collapse, as query parameters (defaults left out). */
export function concordanceQuery(cp: Parsed, extra: Record<string, string | number | undefined> = {}): Record<string, string | number | undefined> {
  return {
    document: cp.document,
    section: cp.section,
    from: cp.from,
    to: cp.to,
    collection: cp.collection,
    genre: cp.genre,
    quoted: cp.quoted,
    sort: cp.sort === 'date' ? undefined : cp.sort,
    order: cp.order === 'oldest' ? undefined : cp.order,
    collapse: cp.collapse ? 1 : undefined,
    ...extra,
  };
}

export function queryString(q: Record<string, string | number | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export function ConcordanceFilters({
  phraseId,
  cp,
  zh,
  documentCount,
  docs,
  sections,
  collections,
  years,
}: {
  phraseId: number;
  cp: Parsed;
  zh: Zh;
  documentCount: number;
  docs: Array<{ id: number; title: string; date: string | null; count: number }>;
  sections: Array<{ id: number; depth: number; path: string[]; count: number }>;
  collections: Array<{ key: string; label: string }>;
  years: number[];
}) {
  const sortValue = cp.sort === 'date' ? (cp.order === 'newest' ? 'newest' : 'oldest') : cp.sort;
  return (
    <form className="kwic-filters" action={`/phrases/${phraseId}#concordance`} data-testid="concordance-filters">
      <label>
        Document
        <select name="document" defaultValue={cp.document ? String(cp.document) : ''}>
          <option value="">All {fmtNum(documentCount)} documents</option>
          {cp.document && !docs.some((d) => d.id === cp.document) && <option value={String(cp.document)}>Document {cp.document}</option>}
          {docs.map((d) => (
            <option key={d.id} value={d.id}>
              {`${d.date ?? 'undated'} · ${zh.t(d.title).slice(0, 48)} (${d.count})`}
            </option>
          ))}
        </select>
      </label>
      {cp.document && sections.length > 0 && (
        <label>
          Section
          <select name="section" defaultValue={cp.section ? String(cp.section) : ''}>
            <option value="">Whole document</option>
            {sections.map((s) => (
              <option key={s.id} value={s.id}>
                {`${'\u3000'.repeat(Math.max(0, s.depth - 1))}${zh.t(fmtPath(s.path.slice(-1))).slice(0, 40)} (${s.count})`}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        From
        <select name="from" defaultValue={cp.from ? String(cp.from) : ''}>
          <option value="">any year</option>
          {years.map((y) => (
            <option key={y}>{y}</option>
          ))}
        </select>
      </label>
      <label>
        To
        <select name="to" defaultValue={cp.to ? String(cp.to) : ''}>
          <option value="">any year</option>
          {years.map((y) => (
            <option key={y}>{y}</option>
          ))}
        </select>
      </label>
      {collections.length > 1 && (
        <label>
          Collection
          <select name="collection" defaultValue={cp.collection ?? ''}>
            <option value="">All</option>
            {collections.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Genre
        <select name="genre" defaultValue={cp.genre ?? ''}>
          <option value="">All</option>
          {GENRES.map((g) => (
            <option key={g} value={g}>
              {GENRE_LABELS[g]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Marks
        <select name="quoted" defaultValue={cp.quoted ?? ''}>
          <option value="">Quoted or not</option>
          <option value="quoted">In quotation marks</option>
          <option value="unquoted">Without quotation marks</option>
        </select>
      </label>
      <label>
        Sort
        <select name="sort" defaultValue={sortValue}>
          <option value="oldest">Oldest first</option>
          <option value="newest">Newest first</option>
          <option value="left">Left context</option>
          <option value="right">Right context</option>
        </select>
      </label>
      <label className="check">
        <span>
          <input type="checkbox" name="collapse" value="1" defaultChecked={cp.collapse} /> Collapse identical lines
        </span>
      </label>
      <button className="btn secondary" type="submit">
        Show
      </button>
    </form>
  );
}

/** The form's single sort menu (oldest, newest, left, right) as the sort and order parameters. */
export function fromForm(raw: Record<string, string>): Record<string, string> {
  if (raw.sort === 'oldest' || raw.sort === 'newest') return { ...raw, sort: 'date', order: raw.sort };
  return raw;
}
