import type { Usage } from '@/lib/data';
import type { Zh } from '@/lib/data/script';
import { fmtNum } from '@/components/layout/format';

/** Uses over time (or per document when nothing is dated) as a bar chart in SVG. */
export function UsageChart({ usage, zh }: { usage: Usage; zh: Zh }) {
  const { buckets } = usage;
  if (buckets.length === 0) return <p className="empty">No uses recorded.</p>;
  const W = 960;
  const H = 220;
  const left = 44;
  const right = 12;
  const top = 14;
  const bottom = usage.granularity === 'document' ? 30 : 34;
  const innerW = W - left - right;
  const innerH = H - top - bottom;
  const max = Math.max(1, ...buckets.map((b) => b.occurrences));
  const niceMax = nice(max);
  const slot = innerW / buckets.length;
  const barW = Math.max(1, Math.min(48, slot * 0.72));
  const every = Math.max(1, Math.ceil(buckets.length / 16));
  const ticks = [0, niceMax / 2, niceMax];
  const unit = usage.granularity === 'year' ? 'year' : usage.granularity === 'month' ? 'month' : 'document';
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Uses per ${unit}, highest ${fmtNum(max)}`}
        preserveAspectRatio="xMidYMid meet"
      >
        {ticks.map((t) => {
          const y = top + innerH - (t / niceMax) * innerH;
          return (
            <g key={t}>
              <line className={t === 0 ? 'axis' : 'grid'} x1={left} x2={W - right} y1={y} y2={y} />
              <text x={left - 6} y={y + 4} textAnchor="end">
                {fmtNum(Math.round(t))}
              </text>
            </g>
          );
        })}
        {buckets.map((b, i) => {
          const h = (b.occurrences / niceMax) * innerH;
          const x = left + i * slot + (slot - barW) / 2;
          const label = usage.granularity === 'document' ? zh.t(b.label) : b.label;
          return (
            <g key={`${b.label}-${i}`}>
              <rect className="bar" x={x} y={top + innerH - h} width={barW} height={Math.max(h, b.occurrences ? 1 : 0)}>
                <title>{`${label}: ${fmtNum(b.occurrences)} uses in ${fmtNum(b.documents)} document${b.documents === 1 ? '' : 's'}`}</title>
              </rect>
              {usage.granularity !== 'document' && i % every === 0 && (
                <text x={left + i * slot + slot / 2} y={H - bottom + 16} textAnchor="middle">
                  {usage.granularity === 'month' ? b.label.slice(2) : b.label}
                </text>
              )}
            </g>
          );
        })}
        {usage.granularity === 'document' && (
          <text x={left + innerW / 2} y={H - 10} textAnchor="middle">
            documents (undated)
          </text>
        )}
      </svg>
      <figcaption className="small muted" style={{ marginTop: '0.3rem' }}>
        Uses per {unit} of the documents&apos; dates
        {usage.undated.occurrences > 0 && usage.granularity !== 'document'
          ? `; ${fmtNum(usage.undated.occurrences)} more in ${fmtNum(usage.undated.documents)} undated document${usage.undated.documents === 1 ? '' : 's'}`
          : ''}
        . Hover a bar for its figures.
      </figcaption>
    </figure>
  );
}

function nice(n: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(n)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}
