import type { Metadata } from 'next';
import { listFamilies } from '@/lib/data';
import { getZh } from '@/lib/data/script';
import { Z } from '@/components/text/Zh';
import { fmtNum } from '@/components/layout/format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Families of numbered formulas' };

export default async function FamiliesPage() {
  const [families, zh] = await Promise.all([listFamilies(), getZh()]);
  return (
    <article>
      <h1>Families of numbered formulas</h1>
      <p className="muted">Formulas grouped by their pattern: 两个X (两个确立, 两个维护), 四个X, 三X一Y (三会一课).</p>
      {families.length === 0 ? (
        <p className="empty">No two numbered formulas share a pattern yet.</p>
      ) : (
        <ul className="list-plain" data-testid="families">
          {families.map((f) => (
            <li key={f.pattern}>
              <a href={`/families/${encodeURIComponent(f.pattern)}`}>{f.pattern}</a>{' '}
              <span className="muted small">
                {fmtNum(f.members.length)} formulas, {fmtNum(f.occurrenceCount)} uses:
              </span>{' '}
              {f.members.slice(0, 6).map((m, i) => (
                <span key={m.id}>
                  {i > 0 && ' · '}
                  <Z zh={zh} text={m.text} />
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
