'use client';

import { useRef, useState } from 'react';

interface Picked {
  tip: string;
  href: string | null;
}

/**
 * Shows a chart (SVG built on the server) and, under it, the figures of the bar
 * last tapped, clicked or reached with the keyboard: hover titles alone do
 * nothing on a phone. Bars that are links (a year's uses) open on the second
 * tap; the first shows their figures, with the link beside them.
 */
export function ChartTap({ html }: { html: string }) {
  const [picked, setPicked] = useState<Picked | null>(null);
  const pointer = useRef<string>('');
  // Whether the bar under the finger was already picked when the tap began: the
  // tap focuses the bar (which picks it) before its click arrives.
  const wasPicked = useRef(false);
  function show(target: EventTarget, container: Element): Element | null {
    const bucket = (target as Element).closest?.('[data-tip]');
    if (!bucket) return null;
    container.querySelectorAll('.on').forEach((n) => n.classList.remove('on'));
    bucket.classList.add('on');
    setPicked({ tip: bucket.getAttribute('data-tip') ?? '', href: bucket.getAttribute('href') });
    return bucket;
  }
  function onClick(e: React.MouseEvent<HTMLDivElement>) {
    const bucket = (e.target as Element).closest?.('[data-tip]');
    if (!bucket) return;
    const touch = pointer.current === 'touch' || (e.nativeEvent as PointerEvent).pointerType === 'touch' || window.matchMedia('(hover: none)').matches;
    const already = pointer.current ? wasPicked.current : bucket.classList.contains('on');
    pointer.current = '';
    show(e.target, e.currentTarget);
    if (touch && !already && bucket.hasAttribute('href')) e.preventDefault();
  }
  return (
    <>
      <div className="chart-scroll" onPointerDown={(e) => {
          pointer.current = e.pointerType;
          wasPicked.current = (e.target as Element).closest?.('[data-tip]')?.classList.contains('on') ?? false;
        }} onClick={onClick} onFocus={(e) => show(e.target, e.currentTarget)} dangerouslySetInnerHTML={{ __html: html }} />
      <p className="chart-readout" aria-live="polite" data-testid="chart-readout">
        {picked ? (
          <>
            <span style={{ whiteSpace: 'pre-line' }}>{picked.tip}</span>
            {picked.href && (
              <>
                {' '}
                <a href={picked.href}>Read these uses →</a>
              </>
            )}
          </>
        ) : (
          '\u00a0'
        )}
      </p>
    </>
  );
}
