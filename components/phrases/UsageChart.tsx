import type { Usage } from '@/lib/data';
import type { Zh } from '@/lib/data/script';
import { fmtNum } from '@/components/layout/format';
import { el, esc } from '@/components/text/html';
import { ChartTap } from './ChartTap';

/** Uses over time (or per document when nothing is dated) as an SVG bar chart string. */
export function usageSvg(usage: Usage, zh: Zh): string {
  const { buckets } = usage;
  // Narrow charts for few bars (so they do not blow up on wide screens); wide ones scroll on phones.
  const W = Math.max(420, Math.min(960, buckets.length * 36 + 80));
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
  const ticks = Number.isInteger(niceMax / 2) ? [0, niceMax / 2, niceMax] : [0, niceMax];
  const unit = unitOf(usage);
  const parts: string[] = [];
  for (const t of ticks) {
    const y = (top + innerH - (t / niceMax) * innerH).toFixed(1);
    parts.push(
      el('line', { class: t === 0 ? 'axis' : 'grid', x1: left, x2: W - right, y1: y, y2: y }),
      el('text', { x: left - 6, y: (Number(y) + 4).toFixed(1), 'text-anchor': 'end' }, esc(fmtNum(Math.round(t)))),
    );
  }
  buckets.forEach((b, i) => {
    const h = (b.occurrences / niceMax) * innerH;
    const x = left + i * slot + (slot - barW) / 2;
    const label = usage.granularity === 'document' ? zh.t(b.label) : b.label;
    const tip = bucketText(b, label);
    // The whole slot, full height, is the target for a tap or a click: bars can be thin.
    parts.push(
      el(
        'g',
        { class: 'bucket', 'data-tip': tip },
        el('rect', { class: 'hit', x: (left + i * slot).toFixed(1), y: top, width: slot.toFixed(1), height: innerH }),
        el(
          'rect',
          {
            class: 'bar',
            x: x.toFixed(1),
            y: (top + innerH - h).toFixed(1),
            width: barW.toFixed(1),
            height: Math.max(h, b.occurrences ? 1 : 0).toFixed(1),
          },
          el('title', {}, esc(tip)),
        ),
      ),
    );
    if (usage.granularity !== 'document' && i % every === 0) {
      parts.push(
        el(
          'text',
          { x: (left + i * slot + slot / 2).toFixed(1), y: H - bottom + 16, 'text-anchor': 'middle' },
          esc(usage.granularity === 'month' ? b.label.slice(2) : b.label),
        ),
      );
    }
  });
  if (usage.granularity === 'document') {
    parts.push(el('text', { x: left + innerW / 2, y: H - 10, 'text-anchor': 'middle' }, 'documents (undated)'));
  }
  return el(
    'svg',
    {
      class: 'chart',
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-label': `Uses per ${unit}, highest ${fmtNum(max)}`,
      preserveAspectRatio: 'xMidYMid meet',
      style: `max-width:${W}px;min-width:${buckets.length > 12 ? Math.min(W, 680) : 0}px`,
    },
    ...parts,
  );
}

/** One bucket's figures in words: the chart's tooltip, tap read-out and table say the same. */
export function bucketText(b: Usage['buckets'][number], label: string): string {
  return `${label}: ${fmtNum(b.occurrences)} use${b.occurrences === 1 ? '' : 's'} in ${fmtNum(b.documents)} document${b.documents === 1 ? '' : 's'}`;
}

function unitOf(usage: Usage): string {
  return usage.granularity === 'year' ? 'year' : usage.granularity === 'month' ? 'month' : 'document';
}

/**
 * The chart, with its figures as a table (the text alternative, and what a
 * keyboard or screen-reader user reads) and a read-out of the bar last tapped.
 */
export function UsageChart({ usage, zh }: { usage: Usage; zh: Zh }) {
  if (usage.buckets.length === 0) return <p className="empty">No uses recorded.</p>;
  const unit = unitOf(usage);
  const periodHead = unit === 'document' ? 'Document' : unit === 'year' ? 'Year' : 'Month';
  return (
    <figure className="usage">
      <ChartTap html={usageSvg(usage, zh)} />
      <figcaption className="small muted">
        Uses per {unit} of the documents&apos; dates
        {usage.undated.occurrences > 0 && usage.granularity !== 'document'
          ? `; ${fmtNum(usage.undated.occurrences)} more in ${fmtNum(usage.undated.documents)} undated document${usage.undated.documents === 1 ? '' : 's'}`
          : ''}
        . Tap or point at a bar for its figures.
      </figcaption>
      <details className="chart-table">
        <summary>The figures as a table</summary>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{periodHead}</th>
              <th scope="col" className="n">
                Uses
              </th>
              <th scope="col" className="n">
                Documents
              </th>
            </tr>
          </thead>
          <tbody>
            {usage.buckets.map((b, i) => {
              const label = usage.granularity === 'document' ? zh.t(b.label) : b.label;
              return (
                <tr key={i}>
                  <th scope="row" lang={usage.granularity === 'document' ? zh.lang(label) : undefined}>
                    {label}
                  </th>
                  <td className="n">{fmtNum(b.occurrences)}</td>
                  <td className="n">{fmtNum(b.documents)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function nice(n: number): number {
  if (n <= 2) return 2;
  const p = Math.pow(10, Math.floor(Math.log10(n)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}
