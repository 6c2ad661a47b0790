import type { Metadata } from 'next';
import { getCorpus, getPhrase, getTimeline, listPhrases, type PhraseEntry } from '@/lib/data';
import { getZh } from '@/lib/data/script';
import { TimelineChart, type TimelineSeries } from '@/components/phrases/TimelineChart';
import { flat } from '@/components/layout/params';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Phrases over time' };

/** At most this many phrases share one chart. */
const MAX_SERIES = 5;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TimelinePage({ searchParams }: Props) {
  const raw = flat(await searchParams);
  const ids = [...new Set((raw.ids ?? '').split(',').map((x) => Number(x.trim())).filter((n) => Number.isSafeInteger(n) && n > 0))];
  const notices: string[] = [];
  const add = (raw.add ?? '').trim().slice(0, 100);
  if (add) {
    const hit = (await listPhrases({ q: add, pageSize: 5 })).items.find((p) => p.exact);
    if (hit) ids.push(hit.id);
    else notices.push(`No glossary entry is exactly “${add}”.`);
  }
  const unique = [...new Set(ids)];
  if (unique.length > MAX_SERIES) notices.push(`At most ${MAX_SERIES} phrases share a chart: the first ${MAX_SERIES} are shown.`);
  const phrases = (await Promise.all(unique.slice(0, MAX_SERIES).map((id) => getPhrase(id)))).filter((p): p is PhraseEntry => p != null);
  const [zh, corpus, timelines] = await Promise.all([getZh(), getCorpus(), Promise.all(phrases.map((p) => getTimeline(p)))]);
  const series: TimelineSeries[] = phrases.map((p, i) => ({ phrase: { id: p.id, text: p.text }, timeline: timelines[i] }));
  const collections = new Map(corpus.collections.map((c) => [c.key, c.label]));
  const idList = phrases.map((p) => p.id).join(',');
  return (
    <article>
      <h1>Phrases over time</h1>
      <p className="muted">Uses per million characters of each year&apos;s text, for up to {MAX_SERIES} phrases. Click a point to read that year&apos;s uses.</p>
      <form className="kwic-filters" action="/timeline">
        <input type="hidden" name="ids" value={idList} />
        <label>
          Add a phrase
          <input name="add" placeholder="两个维护" autoComplete="off" />
        </label>
        <button className="btn secondary" type="submit" disabled={phrases.length >= MAX_SERIES}>
          Add
        </button>
      </form>
      {notices.map((n) => (
        <div className="notice" key={n}>
          {n}
        </div>
      ))}
      {series.length === 0 ? (
        <p className="empty">Add a phrase to chart it.</p>
      ) : (
        <>
          <TimelineChart series={series} zh={zh} collections={collections} />
          <p className="small">
            {phrases.map((p, i) => (
              <span key={p.id}>
                {i > 0 && ' · '}
                <a href={`/timeline?ids=${phrases.filter((x) => x.id !== p.id).map((x) => x.id).join(',')}`}>remove {zh.t(p.text)}</a>
              </span>
            ))}
          </p>
        </>
      )}
    </article>
  );
}
