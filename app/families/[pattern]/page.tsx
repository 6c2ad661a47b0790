import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getCorpus, getFamilies, getTimeline } from '@/lib/data';
import { getZh } from '@/lib/data/script';
import { Z } from '@/components/text/Zh';
import { TimelineChart } from '@/components/phrases/TimelineChart';
import { fmtDate, fmtNum } from '@/components/layout/format';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ pattern: string }> };

function decode(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Family ${decode((await params).pattern) ?? ''}` };
}

export default async function FamilyPage({ params }: Props) {
  const pattern = decode((await params).pattern);
  if (!pattern) notFound();
  const family = (await getFamilies()).get(pattern);
  if (!family) notFound();
  const [zh, corpus] = await Promise.all([getZh(), getCorpus()]);
  // The chart holds the five most used members.
  const top = family.members.slice(0, 5);
  const timelines = await Promise.all(
    top.map((m) => getTimeline({ id: m.id, occurrenceCount: m.occurrenceCount, documentCount: 0, lastDate: m.lastDate, updatedAt: new Date(0) })),
  );
  const collections = new Map(corpus.collections.map((c) => [c.key, c.label]));
  return (
    <article>
      <div className="crumbs">
        <a href="/families">Families</a>
      </div>
      <h1>
        {pattern} <span className="muted small">{fmtNum(family.members.length)} formulas</span>
      </h1>
      <TimelineChart series={top.map((m, i) => ({ phrase: { id: m.id, text: m.text }, timeline: timelines[i] }))} zh={zh} collections={collections} />
      <table className="compare-table" data-testid="family-members">
        <thead>
          <tr>
            <th scope="col">Formula</th>
            <th scope="col" className="num">Uses</th>
            <th scope="col" className="num">Quoted</th>
            <th scope="col">First</th>
            <th scope="col">Latest</th>
          </tr>
        </thead>
        <tbody>
          {family.members.map((m) => (
            <tr key={m.id}>
              <td>
                <a href={`/phrases/${m.id}`}>
                  <Z zh={zh} text={m.text} />
                </a>
              </td>
              <td className="num">{fmtNum(m.occurrenceCount)}</td>
              <td className="num">{fmtNum(m.quotedCount)}</td>
              <td>{fmtDate(m.firstDate)}</td>
              <td>{fmtDate(m.lastDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
