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
import { Z } from '@/components/text/Zh';
import { EntryHead, EntryToc, KeyFigures, MarkdownBody } from '@/components/phrases/EntryParts';
import { HighlightLegend } from '@/components/text/HighlightLegend';
import { TimelineChart, TimelineTable } from '@/components/phrases/TimelineChart';
import { Concordance, concordanceSummary } from '@/components/phrases/Concordance';
import { ConcordanceFilters, concordanceQuery, fromForm, queryString } from '@/components/phrases/ConcordanceFilters';
import { CopySelectedLines } from '@/components/phrases/CopySelectedLines';
import { EditorFieldsForm } from '@/components/phrases/EditorFieldsForm';
import { CurationForm } from '@/components/phrases/CurationForm';
import { AddNoteForm, DeleteNoteForm, EditNoteForm } from '@/components/notes/NoteForms';
import { SignInToEdit } from '@/components/auth/SignInToEdit';
import { RevisionList } from '@/components/history/RevisionList';
import { fieldHistoryWords } from '@/components/phrases/history';
import { RestoreNoteButton } from '@/components/history/RevertButton';
import { HISTORY_FIELDS, activePromotion, noteHistory, phraseHistory } from '@/lib/data/history';
import { UndoPromotion } from '@/components/search/UndoPromotion';
import { currentUser, hasRole } from '@/lib/auth';
import { Pager, PastLastPage } from '@/components/layout/Pager';
import { flat, nonEmpty, parseId } from '@/components/layout/params';
import { fmtNum, fmtTime } from '@/components/layout/format';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = parseId((await params).id);
  const p = id ? await getPhrase(id) : null;
  if (!p) return { title: 'Entry not found' };
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
  const raw = nonEmpty(flat(await searchParams));
  const parsed = concordanceParams.safeParse(fromForm(raw));
  const filterError = parsed.success ? null : parsed.error.issues.map((i) => i.message).join(' ');
  const cp = parsed.success ? parsed.data : concordanceParams.parse({});
  const [zh, lines, over, collocates, family, docs, sections, notes, revisions, user, promotion] = await Promise.all([
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
    activePromotion(phrase.id),
  ]);
  const canEdit = user !== null && hasRole(user.role, 'editor');
  const isAdmin = user !== null && hasRole(user.role, 'admin');
  const filtered = Boolean(cp.document || cp.section || cp.from || cp.to || cp.collection || cp.genre || cp.quoted);
  const { timeline, facts, corpus } = over;
  const collectionLabels = new Map(corpus.collections.map((c) => [c.key, c.label]));
  const years = timeline.map((y) => y.year);
  const query = concordanceQuery(cp);
  const otherForms = phrase.forms.filter((f) => f.form !== phrase.text);

  const backTo = typeof raw.q === 'string' && raw.q.length <= 100 ? raw.q : null;
  const toc = [
    { href: '#about', label: 'Definition & notes', count: notes.live.length || undefined },
    { href: '#figures', label: 'Figures' },
    ...(family ? [{ href: '#family', label: 'Family' }] : []),
    { href: '#concordance', label: 'In context', count: lines.total },
    { href: '#cooc', label: 'Collocates' },
    { href: '#edit', label: 'Edit' },
  ];

  return (
    <article className="entry">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="/phrases">Glossary</a>
        <span className="sep" aria-hidden="true">›</span>
        <a href={`/phrases?kind=${phrase.kind}`}>{phrase.kind}</a>
        {backTo && (
          <>
            <span className="sep" aria-hidden="true">·</span>
            <a href={`/phrases?${new URLSearchParams({ q: backTo })}`}>
              all phrases matching “<span lang={zh.lang(backTo)}>{backTo}</span>”
            </a>
          </>
        )}
      </nav>
      <EntryHead phrase={phrase} zh={zh} />
      <EntryToc items={toc} />

      <section className="section" id="about" aria-labelledby="about-h">
        <h2 id="about-h">Definition and notes</h2>
        {phrase.definition ? (
          <div className="definition" data-testid="definition">
            <MarkdownBody md={phrase.definition} zh={zh} />
          </div>
        ) : (
          <p className="empty">
            No definition yet. <a href="#edit">Write one</a>.
          </p>
        )}
        {otherForms.length > 0 && (
          <p className="small written-as">
            <span className="muted">Written as: </span>
            {phrase.forms.map((f, i) => (
              <span key={f.form}>
                {i > 0 && ' · '}
                <span lang={zh.lang(f.form)}>{f.form}</span> <span className="muted num">×{fmtNum(f.count)}</span>
              </span>
            ))}
          </p>
        )}
        <div id="notes">
          {notes.live.map((n) => (
            <div className="note" key={n.id} id={`note-${n.id}`} data-testid="note">
              <MarkdownBody md={n.body} zh={zh} />
              <div className="note-meta">
                <span>
                  {n.author || 'anonymous'} · {fmtTime(n.createdAt)}
                  {n.version > 1 ? ` · edited ${fmtTime(n.updatedAt)} (version ${n.version})` : ''}
                </span>
              </div>
              <div className="note-tools">
                {canEdit && (
                  <details>
                    <summary>Edit</summary>
                    <EditNoteForm phraseId={phrase.id} noteId={n.id} version={n.version} body={n.body} />
                  </details>
                )}
                <details>
                  <summary>History ({n.revisions.length})</summary>
                  <RevisionList
                    revisions={noteHistory(n.revisions)}
                    labels={HISTORY_FIELDS.note}
                    revert={canEdit ? { kind: 'note', id: n.id, currentVersion: n.version, phraseId: phrase.id } : undefined}
                  />
                </details>
                {canEdit && <DeleteNoteForm phraseId={phrase.id} noteId={n.id} version={n.version} />}
              </div>
            </div>
          ))}
          {notes.live.length === 0 && <p className="small muted">No notes yet.</p>}
          <p className="small">
            <a href="#add-note">Add a note</a>
          </p>
        </div>
      </section>

      <section className="section" id="figures" aria-labelledby="figures-h">
        <h2 id="figures-h">Figures</h2>
        <KeyFigures phrase={phrase} zh={zh}>
          <div>
            <dt>Peak year</dt>
            <dd data-testid="peak-year">
              {facts.peakYear ?? '—'}
              {facts.peakYear != null && <span className="doc muted">{facts.peakPerMillion} uses per million characters</span>}
            </dd>
          </div>
        </KeyFigures>
        {facts.vanished.length > 0 && (
          <ul className="vanished" data-testid="not-seen-since">
            {facts.vanished.map((v) => (
              <li key={v.collection}>
                <strong>Not seen since {v.lastYear}</strong> in {v.label}, which has published {fmtNum(v.documentsSince)} documents since (up to {v.collectionLastYear}).
              </li>
            ))}
          </ul>
        )}
        <h3 className="subhead" id="usage-h">
          Use over time{' '}
          <span className="aside muted small">
            first {facts.firstYear ?? '—'} · last {facts.lastYear ?? '—'} · <a href={`/timeline?ids=${phrase.id}`}>chart with other phrases</a>
          </span>
        </h3>
        <TimelineChart series={[{ phrase: { id: phrase.id, text: phrase.text }, timeline }]} zh={zh} collections={collectionLabels} />
        <TimelineTable timeline={timeline} collections={collectionLabels} />
      </section>

      {family && (
        <section className="section" id="family" aria-labelledby="family-h" data-testid="family">
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
        <p className="small conc-tools">
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
        <HighlightLegend />
        <PastLastPage
          page={cp.page}
          pageCount={lines.pageCount}
          total={lines.total}
          noun="use"
          base={`/phrases/${phrase.id}`}
          params={query}
          anchor="#concordance"
        />
        <CopySelectedLines listId="concordance-lines" />
        {lines.items.length > 0 || lines.total === 0 ? <Concordance lines={lines} zh={zh} /> : null}
        <Pager
          page={lines.page}
          pageCount={lines.pageCount}
          base={`/phrases/${phrase.id}`}
          params={query}
          anchor="#concordance"
          label="Concordance pages"
        />
      </section>

      <section className="section" id="cooc" aria-labelledby="cooc-h">
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

      {promotion && (
        <div className="notice small" data-testid="promotion">
          {promotion.created ? 'Added to the glossary' : 'Uses added'} from a search for “{promotion.query}” by {promotion.author} ·{' '}
          {fmtTime(promotion.createdAt)} · {fmtNum(promotion.occurrences)} uses.
          {canEdit && <UndoPromotion promotionId={promotion.id} phraseId={phrase.id} />}
        </div>
      )}

      <section className="section editing" id="edit" aria-labelledby="edit-h">
        <h2 id="edit-h">
          Edit this entry <span className="aside">version {phrase.version}</span>
        </h2>
        <h3 className="subhead" id="add-note">
          Add a note
        </h3>
        {canEdit ? <AddNoteForm phraseId={phrase.id} /> : <SignInToEdit user={user} back={`/phrases/${phrase.id}`} />}
        {notes.deleted.length > 0 && (
          <details className="spaced">
            <summary>Deleted notes ({notes.deleted.length})</summary>
            {notes.deleted.map((n) => (
              <div className="note" key={n.id} data-testid="deleted-note">
                <div className="note-meta">
                  deleted {n.deletedAt ? fmtTime(n.deletedAt) : ''} by {n.revisions[0]?.author || 'anonymous'} · written by {n.author || 'anonymous'}
                </div>
                <RevisionList revisions={noteHistory(n.revisions)} labels={HISTORY_FIELDS.note} />
                {isAdmin && <RestoreNoteButton id={n.id} phraseId={phrase.id} version={n.version} />}
              </div>
            ))}
          </details>
        )}
        <h3 className="subhead" id="curation">
          Curation <span className="aside">is this a formulation?</span>
        </h3>
        {canEdit ? (
          <CurationForm
            phraseId={phrase.id}
            status={phrase.status}
            score={phrase.score}
          />
        ) : (
          <>
            <p>
              Status: <b data-testid="phrase-status">{phrase.status}</b> · score <b data-testid="phrase-score">{phrase.score.toFixed(2)}</b>
            </p>
            <SignInToEdit user={user} back={`/phrases/${phrase.id}#curation`} what="confirm, reject or merge this entry" />
          </>
        )}
        <h3 className="subhead">Entry fields</h3>
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
          <SignInToEdit user={user} back={`/phrases/${phrase.id}#edit`} />
        )}
        {revisions.length > 0 && (
          <details className="spaced">
            <summary>History of the entry fields ({revisions.length})</summary>
            <RevisionList
              revisions={phraseHistory(revisions)}
              labels={HISTORY_FIELDS.phrase}
              revert={canEdit ? { kind: 'phrase', id: phrase.id, currentVersion: phrase.version, phraseId: phrase.id } : undefined}
              words={fieldHistoryWords(revisions)}
            />
          </details>
        )}
      </section>
    </article>
  );
}
