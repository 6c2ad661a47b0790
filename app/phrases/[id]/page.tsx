import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import {
  collocateMinimum,
  concordanceParams,
  familyOf,
  getCollocates,
  getConcordance,
  getPhrase,
  getTimelineWithFacts,
  phraseTopDocuments,
  phraseNotes,
  phraseRevisions,
  phraseSections,
} from '@/lib/data';
import { getZh } from '@/lib/data/script';
import { renderMarkdown } from '@/lib/markdown';
import { Z } from '@/components/text/Zh';
import { KindBadge } from '@/components/phrases/KindBadge';
import { TimelineChart, TimelineTable } from '@/components/phrases/TimelineChart';
import { Concordance, concordanceSummary } from '@/components/phrases/Concordance';
import { ConcordanceFilters, concordanceQuery, fromForm, queryString } from '@/components/phrases/ConcordanceFilters';
import { CopySelectedLines } from '@/components/phrases/CopySelectedLines';
import { EditorFieldsForm } from '@/components/phrases/EditorFieldsForm';
import { CurationForm } from '@/components/phrases/CurationForm';
import { AddNoteForm, DeleteNoteForm, EditNoteForm } from '@/components/notes/NoteForms';
import { SignInToEdit } from '@/components/auth/SignInToEdit';
import { currentUser, hasRole } from '@/lib/auth';
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
  return {
    title: `${zh.t(p.text)} ${p.pinyin}`,
    alternates: { types: { 'application/atom+xml': [{ url: `/feeds/phrases/${p.id}`, title: `New uses of ${p.text}` }] } },
  };
}

export default async function PhrasePage({ params, searchParams }: Props) {
  const id = parseId((await params).id);
  if (!id) notFound();
  const phrase = await getPhrase(id);
  if (!phrase) notFound();
  // A merged entry lives on as an alias: its page is the entry it was merged into.
  if (phrase.mergedIntoId != null) redirect(`/phrases/${phrase.mergedIntoId}`);
  if (phrase.status === 'deleted') notFound();
  const raw = nonEmpty(flat(await searchParams));
  const parsed = concordanceParams.safeParse(fromForm(raw));
  const filterError = parsed.success ? null : parsed.error.issues.map((i) => i.message).join(' ');
  const cp = parsed.success ? parsed.data : concordanceParams.parse({});
  const [zh, lines, over, collocates, family, docs, sections, notes, revisions, user] = await Promise.all([
    getZh(),
    getConcordance(phrase, cp),
    getTimelineWithFacts(phrase),
    getCollocates(phrase),
    familyOf(phrase.key),
    phraseTopDocuments(phrase, 40),
    cp.document ? phraseSections(phrase.id, cp.document) : Promise.resolve([]),
    phraseNotes(phrase.id),
    phraseRevisions(phrase.id),
    currentUser(),
  ]);
  const canEdit = user !== null && hasRole(user.role, 'editor');
  const shown = zh.t(phrase.text);
  const simplified = phrase.simplified;
  const traditional = phrase.traditional;
  const unquoted = phrase.occurrenceCount - phrase.quotedCount;
  const filtered = Boolean(cp.document || cp.section || cp.from || cp.to || cp.collection || cp.genre || cp.quoted);
  const { timeline, facts, corpus } = over;
  const collectionLabels = new Map(corpus.collections.map((c) => [c.key, c.label]));
  const years = timeline.map((y) => y.year);
  const query = concordanceQuery(cp);
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
        <div>
          <dt>Peak year</dt>
          <dd data-testid="peak-year">
            {facts.peakYear ?? '—'}
            {facts.peakYear != null && <span className="doc muted">{facts.peakPerMillion} uses per million characters</span>}
          </dd>
        </div>
      </dl>
      {facts.vanished.length > 0 && (
        <ul className="vanished" data-testid="not-seen-since">
          {facts.vanished.map((v) => (
            <li key={v.collection}>
              <strong>Not seen since {v.lastYear}</strong> in {v.label}, which has published {fmtNum(v.documentsSince)} documents since (up to {v.collectionLastYear}).
            </li>
          ))}
        </ul>
      )}

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
        <h2 id="usage-h">
          Use over time
          <span className="aside">
            first {facts.firstYear ?? '—'} · last {facts.lastYear ?? '—'} · <a href={`/timeline?ids=${phrase.id}`}>chart with other phrases</a>
          </span>
        </h2>
        <TimelineChart series={[{ phrase: { id: phrase.id, text: phrase.text }, timeline }]} zh={zh} collections={collectionLabels} />
        <TimelineTable timeline={timeline} collections={collectionLabels} />
      </section>

      {family && (
        <section className="section" aria-labelledby="family-h" data-testid="family">
          <h2 id="family-h">
            Family <a href={`/families/${encodeURIComponent(family.pattern)}`}>{family.pattern}</a>
            <span className="aside">{fmtNum(family.members.length)} formulas</span>
          </h2>
          <ul className="cooc">
            {family.members.slice(0, 24).map((m) => (
              <li key={m.id}>
                {m.id === phrase.id ? (
                  <strong>
                    <Z zh={zh} text={m.text} />
                  </strong>
                ) : (
                  <a href={`/phrases/${m.id}`}>
                    <Z zh={zh} text={m.text} />
                  </a>
                )}
                <span className="count">{fmtNum(m.occurrenceCount)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="section" id="concordance" aria-labelledby="conc-h">
        <h2 id="conc-h">
          In context
          <span className="aside">{concordanceSummary(lines.total, filtered)}</span>
        </h2>
        {filterError && <div className="notice error">Filters ignored: {filterError}</div>}
        <ConcordanceFilters
          phraseId={phrase.id}
          cp={cp}
          zh={zh}
          documentCount={phrase.documentCount}
          docs={docs}
          sections={sections}
          collections={corpus.collections}
          years={years}
        />
        <p className="small">
          {filtered && (
            <>
              <a href={`/phrases/${phrase.id}#concordance`}>Clear filters</a> ·{' '}
            </>
          )}
          <a href={`/api/phrases/${phrase.id}/concordance.csv${queryString({ ...query, sort: undefined, order: undefined, collapse: undefined, document: query.document, section: query.section })}`} download data-testid="export-csv">
            Export these uses as CSV
          </a>
          <span className="muted"> (UTF-8, opens in a spreadsheet; in date order)</span> ·{' '}
          <a href={`/feeds/phrases/${phrase.id}`} data-testid="phrase-feed">
            Atom feed of new uses
          </a>
        </p>
        <CopySelectedLines listId="concordance-lines" />
        <Concordance lines={lines} zh={zh} />
        <Pager
          page={lines.page}
          pageCount={lines.pageCount}
          base={`/phrases/${phrase.id}`}
          params={query}
          anchor="#concordance"
          label="Concordance pages"
        />
      </section>

      <section className="section" aria-labelledby="cooc-h">
        <h2 id="cooc-h">
          Collocates
          <span className="aside">
            phrases sharing at least {collocateMinimum(phrase.occurrenceCount)} sentences, ranked by logDice (sentences together)
          </span>
        </h2>
        {collocates.length === 0 ? (
          <p className="empty">No other phrase shares enough sentences with this one.</p>
        ) : (
          <ul className="cooc" data-testid="collocates">
            {collocates.map((c) => (
              <li key={c.phrase.id}>
                <a href={`/phrases/${c.phrase.id}`}>
                  <Z zh={zh} text={c.phrase.text} />
                </a>
                <span className="count" title={`logDice ${c.logDice}; ${c.sentences} sentences with both`}>
                  {c.logDice} ({fmtNum(c.sentences)})
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
            {canEdit && (
              <details>
                <summary>Edit</summary>
                <EditNoteForm phraseId={phrase.id} noteId={n.id} version={n.version} body={n.body} />
              </details>
            )}
            <details>
              <summary>History ({n.revisions.length})</summary>
              <NoteHistory revisions={n.revisions} />
            </details>
            {canEdit && (
              <div className="note-actions" style={{ marginTop: '0.4rem' }}>
                <DeleteNoteForm phraseId={phrase.id} noteId={n.id} version={n.version} />
              </div>
            )}
          </div>
        ))}
        {canEdit ? <AddNoteForm phraseId={phrase.id} /> : <SignInToEdit user={user} back={`/phrases/${phrase.id}`} />}
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

      <section className="section" id="curation" aria-labelledby="curation-h">
        <h2 id="curation-h">
          Curation <span className="aside">is this a formulation?</span>
        </h2>
        {canEdit ? (
          <CurationForm
            phraseId={phrase.id}
            status={phrase.status}
            score={phrase.score}
            promoted={phrase.origin === 'search' && phrase.quotedCount === 0}
          />
        ) : (
          <>
            <p>
              Status: <b data-testid="phrase-status">{phrase.status}</b> · score <b data-testid="phrase-score">{phrase.score.toFixed(2)}</b>
            </p>
            <SignInToEdit user={user} back={`/phrases/${phrase.id}#curation`} what="confirm, reject or merge this entry" />
          </>
        )}
      </section>

      <section className="section" id="editor" aria-labelledby="editor-h">
        <h2 id="editor-h">
          Entry fields <span className="aside">version {phrase.version}</span>
        </h2>
        {canEdit ? (
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
        />
        ) : (
          <SignInToEdit user={user} back={`/phrases/${phrase.id}#editor`} />
        )}
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
