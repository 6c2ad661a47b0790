import type { TimelineYear } from '@/lib/data';
import type { Zh } from '@/lib/data/script';
import { fmtNum } from '@/components/layout/format';
import { el, esc } from '@/components/text/html';
import { ChartTap } from './ChartTap';

export interface TimelineSeries {
  phrase: { id: number; text: string };
  timeline: TimelineYear[];
}

/** Colours of up to five series (the first is the entry's own red). */
export const SERIES_COLOURS = ['#b33a3a', '#2f6ea8', '#3b8a4b', '#b8860b', '#7a4fa0'];

/** The concordance of a phrase filtered to one year: where a click on the chart goes. */
export function yearHref(phraseId: number, year: number): string {
  return `/phrases/${phraseId}?from=${year}&to=${year}#concordance`;
}

function tipOf(y: TimelineYear, collections: Map<string, string>): string {
  const lines = [`${y.year}: ${fmtNum(y.uses)} uses in ${fmtNum(y.documents)} documents, ${y.perMillion} per million characters (${fmtNum(y.characters)})`];
  for (const [key, c] of Object.entries(y.byCollection)) {
    if (c.uses > 0) lines.push(`  ${collections.get(key) ?? key}: ${fmtNum(c.uses)} uses, ${c.perMillion} per million`);
  }
  return lines.join('\n');
}

/**
 * Uses per million characters per year as an SVG string: bars for one phrase,
 * lines for several. Every year with uses is a link to the concordance of that year.
 */
export function timelineSvg(series: TimelineSeries[], zh: Zh, collections: Map<string, string>): string {
  const years = series[0]?.timeline.map((y) => y.year) ?? [];
  if (years.length === 0) return '';
  const first = years[0];
  const last = years[years.length - 1];
  const span = last - first + 1;
  const W = Math.max(420, Math.min(980, span * 14 + 80));
  const H = 230;
  const left = 48;
  const right = 12;
  const top = 14;
  const bottom = 34;
  const innerW = W - left - right;
  const innerH = H - top - bottom;
  const max = Math.max(0.001, ...series.flatMap((s) => s.timeline.map((y) => y.perMillion)));
  const niceMax = nice(max);
  const slot = innerW / span;
  const xOf = (year: number) => left + (year - first) * slot + slot / 2;
  const yOf = (v: number) => top + innerH - (v / niceMax) * innerH;
  const parts: string[] = [];
  for (const t of [0, niceMax / 2, niceMax]) {
    const y = yOf(t).toFixed(1);
    parts.push(
      el('line', { class: t === 0 ? 'axis' : 'grid', x1: left, x2: W - right, y1: y, y2: y }),
      el('text', { x: left - 6, y: (Number(y) + 4).toFixed(1), 'text-anchor': 'end' }, esc(t >= 10 ? fmtNum(Math.round(t)) : String(Math.round(t * 10) / 10))),
    );
  }
  const every = Math.max(1, Math.ceil(span / 14));
  for (let year = first; year <= last; year++) {
    if ((year - first) % every !== 0 && year !== last) continue;
    parts.push(el('text', { x: xOf(year).toFixed(1), y: H - bottom + 16, 'text-anchor': 'middle' }, esc(String(year))));
  }
  if (series.length === 1) {
    const s = series[0];
    const barW = Math.max(2, Math.min(40, slot * 0.75));
    for (const y of s.timeline) {
      const h = (y.perMillion / niceMax) * innerH;
      const tip = tipOf(y, collections);
      const rect = el(
        'rect',
        { class: 'bar', x: (xOf(y.year) - barW / 2).toFixed(1), y: (top + innerH - h).toFixed(1), width: barW.toFixed(1), height: Math.max(h, y.uses ? 1 : 0).toFixed(1) },
        el('title', {}, esc(tip)),
      );
      // The whole year's slot, full height, is the target of a tap: bars can be a few pixels wide.
      const hit = el('rect', { class: 'hit', x: (xOf(y.year) - slot / 2).toFixed(1), y: top, width: slot.toFixed(1), height: innerH });
      parts.push(
        y.uses > 0
          ? el('a', { href: yearHref(s.phrase.id, y.year), 'data-year': y.year, 'data-tip': tip, class: 'bucket', 'aria-label': tip.split('\n')[0] }, hit, rect)
          : rect,
      );
    }
  } else {
    series.forEach((s, i) => {
      const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      const points = s.timeline.map((y) => `${xOf(y.year).toFixed(1)},${yOf(y.perMillion).toFixed(1)}`).join(' ');
      parts.push(el('polyline', { points, fill: 'none', stroke: colour, 'stroke-width': 2 }));
      for (const y of s.timeline) {
        if (y.uses === 0) continue;
        parts.push(
          el(
            'a',
            { href: yearHref(s.phrase.id, y.year), 'data-year': y.year, 'data-tip': `${zh.t(s.phrase.text)} · ${tipOf(y, collections)}`, class: 'bucket' },
            el('circle', { class: 'hit', cx: xOf(y.year).toFixed(1), cy: yOf(y.perMillion).toFixed(1), r: 10 }),
            el('circle', { cx: xOf(y.year).toFixed(1), cy: yOf(y.perMillion).toFixed(1), r: 3.5, fill: colour }, el('title', {}, esc(`${zh.t(s.phrase.text)} · ${tipOf(y, collections)}`))),
          ),
        );
      }
    });
  }
  return el(
    'svg',
    {
      class: 'chart',
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${W} ${H}`,
      // A group, not an image: its years are links (an img may not contain interactive elements).
      role: 'group',
      'aria-label': `Uses per million characters per year, ${first}–${last}; the figures are in the table below`,
      preserveAspectRatio: 'xMidYMid meet',
      style: `max-width:${W}px;min-width:${span > 20 ? Math.min(W, 680) : 0}px`,
    },
    ...parts,
  );
}

export function TimelineChart({ series, zh, collections }: { series: TimelineSeries[]; zh: Zh; collections: Map<string, string> }) {
  if (series.length === 0 || series.every((s) => s.timeline.every((y) => y.uses === 0))) return <p className="empty">No dated uses.</p>;
  return (
    <figure style={{ margin: 0 }} data-testid="timeline-chart">
      {series.length > 1 && (
        <ul className="chart-legend">
          {series.map((s, i) => (
            <li key={s.phrase.id}>
              <span className="sw" style={{ background: SERIES_COLOURS[i % SERIES_COLOURS.length] }} />
              <a href={`/phrases/${s.phrase.id}`} lang={zh.lang(s.phrase.text)}>
                {zh.t(s.phrase.text)}
              </a>
            </li>
          ))}
        </ul>
      )}
      <ChartTap html={timelineSvg(series, zh, collections)} />
      <figcaption className="small muted">
        Uses per million characters of each year&apos;s text. Tap a year (or point at it) for its figures; click it, or tap it again, to read its
        uses. The figures are also in the table below.
      </figcaption>
    </figure>
  );
}

/** The figures behind the chart, by year and collection. */
export function TimelineTable({ timeline, collections }: { timeline: TimelineYear[]; collections: Map<string, string> }) {
  const used = timeline.filter((y) => y.uses > 0);
  const keys = [...new Set(used.flatMap((y) => Object.entries(y.byCollection).filter(([, c]) => c.uses > 0).map(([k]) => k)))];
  return (
    <details>
      <summary>Figures by year and collection</summary>
      <table className="timeline-table">
        <thead>
          <tr>
            <th scope="col">Year</th>
            <th scope="col" className="num">Uses</th>
            <th scope="col" className="num">Per million</th>
            {keys.map((k) => (
              <th scope="col" className="num" key={k}>
                {collections.get(k) ?? k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {used.map((y) => (
            <tr key={y.year}>
              <td>{y.year}</td>
              <td className="num">{fmtNum(y.uses)}</td>
              <td className="num">{y.perMillion}</td>
              {keys.map((k) => {
                const c = y.byCollection[k];
                return (
                  <td className="num" key={k}>
                    {c && c.uses > 0 ? `${fmtNum(c.uses)} (${c.perMillion})` : c ? '0' : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function nice(n: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(n)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}
