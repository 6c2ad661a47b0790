import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import {
  concordanceParams,
  getConcordance,
  getCooccurring,
  getPhrase,
  getUsage,
  phraseTopDocuments,
  phraseNotes,
  phraseRevisions,
  phraseSections,
  COOCCURRENCE_SAMPLE,
} from '@/lib/data';
import { getZh } from '@/lib/data/script';
import { renderMarkdown } from '@/lib/markdown';
import { Z } from '@/components/text/Zh';
import { KindBadge } from '@/components/phrases/KindBadge';
import { UsageChart } from '@/components/phrases/UsageChart';
import { Concordance, concordanceSummary } from '@/components/phrases/Concordance';
import { EditorFieldsForm } from '@/components/phrases/EditorFieldsForm';
import { AddNoteForm, DeleteNoteForm, EditNoteForm } from '@/components/notes/NoteForms';
import { Pager } from '@/components/layout/Pager';
import { flat, nonEmpty, parseId } from '@/components/layout/params';
import { fmtDate, fmtNum, fmtPath, fmtTime } from '@/components/layout/format';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = parseId((await params).id);
  const p = id ? await getPhrase(id) : null;
  if (!p) return { title: 'Not found' };
  const zh = await getZh();
  return { title: `${zh.t(p.text)} ${p.pinyin}` };
}

export default async function PhrasePage({ params, searchParams }: Props) {
  const id = parseId((await params).id);
  if (!id) notFound();
  const phrase = await getPhrase(id);
  if (!phrase) notFound();
  const raw = nonEmpty(flat(await searchParams));
  const parsed = concordanceParams.safeParse(raw);
  const filterError = parsed.success ? null : parsed.error.issues.map((i) => i.message).join(' ');
  const cp = parsed.success ? parsed.data : concordanceParams.parse({});
  const [zh, lines, usage, cooc, docs, sections, notes, revisions, jar] = await Promise.all([
    getZh(),
    getConcordance(phrase, cp),
    getUsage(phrase),
    getCooccurring(phrase),
    phraseTopDocuments(phrase, 40),
    cp.document ? phraseSections(phrase.id, cp.document) : Promise.resolve([]),
    phraseNotes(phrase.id),
    phraseRevisions(phrase.id),
    cookies(),
  ]);
  const author = jar.get('tifa-author')?.value ?? '';
  const shown = zh.t(phrase.text);
  const simplified = phrase.simplified;
  const traditional = phrase.traditional;
  const unquoted = phrase.occurrenceCount - phrase.quotedCount;
  const filtered = Boolean(cp.document || cp.section);
  const otherForms = phrase.forms.filter((f) => f.form !== phrase.text);

  return (
    <article>
      <div className="crumbs">
        <a href="/phrases">Glossary</a>
        <span className="sep">›</span>
        <a href={`/phrases?kind=${phrase.kind}`}>{phrase.kind}</a>
      </div>
      <header className="entry-head">
        <div>
          <h1 className="headword zh-serif" lang={zh.lang(shown)} data-testid="headword">
            {shown}
          </h1>
          <div className="entry-sub">
            <span className="pinyin">{phrase.pinyin}</span>
            <span className="forms">
              <span className="muted small">简</span> <span lang="zh-Hans">{simplified}</span>
              {'  '}
              <span className="muted small">繁</span> <span lang="zh-Hant">{traditional}</span>
            </span>
            <KindBadge kind={phrase.kind} />
            {phrase.kindSource === 'editor' && <span className="muted small">kind set by an editor</span>}
          </div>
          {phrase.translation && <div className="translation">“{phrase.translation}”</div>}
        </div>
      </header>

      <dl className="facts">
        <div>
          <dt>Uses</dt>
          <dd>
            <span className="big">{fmtNum(phrase.occurrenceCount)}</span>
            <span className="doc muted">
              {fmtNum(phrase.quotedCount)} quoted · {fmtNum(unquoted)} unquoted
            </span>
          </dd>
        </div>
        <div>
          <dt>Documents</dt>
          <dd>
            <span className="big">{fmtNum(phrase.documentCount)}</span>
            <span className="doc muted">{phrase.origin === 'search' ? 'added from search' : 'first seen in quotation marks'}</span>
          </dd>
        </div>
        <div>
          <dt>First appearance</dt>
          <dd>
            {fmtDate(phrase.firstDate)}
            {phrase.firstDocument && (
              <a className="doc" href={`/documents/${phrase.firstDocument.id}`} lang={zh.lang(phrase.firstDocument.title)}>
                {zh.t(phrase.firstDocument.title)}
              </a>
            )}
          </dd>
        </div>
        <div>
          <dt>Latest appearance</dt>
          <dd>
            {fmtDate(phrase.lastDate)}
            {phrase.lastDocument && (
              <a className="doc" href={`/documents/${phrase.lastDocument.id}`} lang={zh.lang(phrase.lastDocument.title)}>
                {zh.t(phrase.lastDocument.title)}
              </a>
            )}
          </dd>
        </div>
      </dl>

      {phrase.definition && (
        <div
          className="definition note-body"
          lang={zh.lang(phrase.definition)}
          dangerouslySetInnerHTML={{ __html: renderMarkdown(phrase.definition, zh.t) }}
        />
      )}
      {otherForms.length > 0 && (
        <p className="small" style={{ marginTop: '0.8rem' }}>
          <span className="muted">Written as: </span>
          {phrase.forms.map((f, i) => (
            <span key={f.form}>
              {i > 0 && ' · '}
              <span lang={zh.lang(f.form)}>{f.form}</span> <span className="muted num">×{fmtNum(f.count)}</span>
            </span>
          ))}
        </p>
      )}

      <section className="section" aria-labelledby="usage-h">
        <h2 id="usage-h">Use over time</h2>
        <UsageChart usage={usage} zh={zh} />
      </section>

      <section className="section" id="concordance" aria-labelledby="conc-h">
        <h2 id="conc-h">
          In context
          <span className="aside">{concordanceSummary(lines.total, filtered)}</span>
        </h2>
        {filterError && <div className="notice error">Filters ignored: {filterError}</div>}
        <form className="kwic-filters" action={`/phrases/${phrase.id}#concordance`}>
          <label>
            Document
            <select name="document" defaultValue={cp.document ? String(cp.document) : ''}>
              <option value="">All {fmtNum(phrase.documentCount)} documents</option>
              {cp.document && !docs.some((d) => d.id === cp.document) && <option value={cp.document}>Document {cp.document}</option>}
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
          {!cp.document && !cp.section && (
            <label>
              Order
              <select name="order" defaultValue={cp.order}>
                <option value="oldest">Oldest first</option>
                <option value="newest">Newest first</option>
              </select>
            </label>
          )}
          <button className="btn secondary" type="submit">
            Show
          </button>
          {filtered && <a href={`/phrases/${phrase.id}#concordance`}>Clear filters</a>}
        </form>
        <Concordance lines={lines} zh={zh} />
        <Pager
          page={lines.page}
          pageCount={lines.pageCount}
          base={`/phrases/${phrase.id}`}
          params={{ document: cp.document, section: cp.section, order: cp.order === 'oldest' ? undefined : cp.order }}
          anchor="#concordance"
          label="Concordance pages"
        />
      </section>

      <section className="section" aria-labelledby="cooc-h">
        <h2 id="cooc-h">
          Found together with
          <span className="aside">
            shared paragraphs (of which same sentence)
            {phrase.occurrenceCount > COOCCURRENCE_SAMPLE ? ` · in the first ${fmtNum(COOCCURRENCE_SAMPLE)} sentences` : ''}
          </span>
        </h2>
        {cooc.length === 0 ? (
          <p className="empty">No other phrase shares a paragraph with this one.</p>
        ) : (
          <ul className="cooc">
            {cooc.map((c) => (
              <li key={c.phrase.id}>
                <a href={`/phrases/${c.phrase.id}`}>
                  <Z zh={zh} text={c.phrase.text} />
                </a>
                <span className="count" title={`${c.paragraphs} shared paragraphs, ${c.sentences} shared sentences`}>
                  {fmtNum(c.paragraphs)} ({fmtNum(c.sentences)})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" id="notes" aria-labelledby="notes-h">
        <h2 id="notes-h">
          Notes <span className="aside">{notes.live.length === 0 ? 'none yet' : `${notes.live.length}`}</span>
        </h2>
        {notes.live.map((n) => (
          <div className="note" key={n.id} id={`note-${n.id}`} data-testid="note">
            <div
              className="note-body"
              lang={zh.lang(n.body)}
              dangerouslySetInnerHTML={{ __html: renderMarkdown(n.body, zh.t) }}
            />
            <div className="note-meta">
              <span>
                {n.author} · {fmtTime(n.createdAt)}
                {n.version > 1 ? ` · edited ${fmtTime(n.updatedAt)} (version ${n.version})` : ''}
              </span>
            </div>
            <details>
              <summary>Edit</summary>
              <EditNoteForm phraseId={phrase.id} noteId={n.id} version={n.version} body={n.body} author={author} />
            </details>
            <details>
              <summary>History ({n.revisions.length})</summary>
              <NoteHistory revisions={n.revisions} />
            </details>
            <div className="note-actions" style={{ marginTop: '0.4rem' }}>
              <DeleteNoteForm phraseId={phrase.id} noteId={n.id} version={n.version} />
            </div>
          </div>
        ))}
        <AddNoteForm phraseId={phrase.id} author={author} />
        {notes.deleted.length > 0 && (
          <details style={{ marginTop: '0.8rem' }}>
            <summary>Deleted notes ({notes.deleted.length})</summary>
            {notes.deleted.map((n) => (
              <div className="note" key={n.id}>
                <div className="note-meta">
                  deleted {n.deletedAt ? fmtTime(n.deletedAt) : ''} · written by {n.author}
                </div>
                <NoteHistory revisions={n.revisions} />
              </div>
            ))}
          </details>
        )}
      </section>

      <section className="section" id="editor" aria-labelledby="editor-h">
        <h2 id="editor-h">
          Entry fields <span className="aside">version {phrase.version}</span>
        </h2>
        <EditorFieldsForm
          phraseId={phrase.id}
          version={phrase.version}
          values={{
            translation: phrase.translation ?? '',
            definition: phrase.definition ?? '',
            kind: phrase.kindSource === 'editor' ? phrase.kind : 'auto',
            pinyinOverride: phrase.pinyinOverride ?? '',
          }}
          autoKind={phrase.kind}
          autoPinyin={phrase.pinyinAuto}
          author={author}
        />
        {revisions.length > 0 && (
          <details style={{ marginTop: '0.8rem' }}>
            <summary>History of the entry fields ({revisions.length})</summary>
            <ul className="history">
              {revisions.map((r) => (
                <li key={r.version}>
                  <span className="muted">
                    version {r.version} · {r.author} · {fmtTime(r.createdAt)}
                  </span>
                  <pre>
                    {Object.entries(r.data)
                      .map(([k, v]) => `${k}: ${v ?? '—'}`)
                      .join('\n')}
                  </pre>
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
    </article>
  );
}

function NoteHistory({ revisions }: { revisions: Array<{ version: number; action: string; author: string; createdAt: Date; body: string }> }) {
  return (
    <ul className="history">
      {revisions.map((r) => (
        <li key={r.version}>
          <span className="muted">
            version {r.version} · {r.action} · {r.author} · {fmtTime(r.createdAt)}
          </span>
          <pre>{r.body}</pre>
        </li>
      ))}
    </ul>
  );
}
