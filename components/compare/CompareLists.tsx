import type { CompareItem, Comparison } from '@/lib/data';
import type { Zh } from '@/lib/data/script';
import { Z } from '@/components/text/Zh';
import { KindBadge } from '@/components/phrases/KindBadge';
import { fmtNum } from '@/components/layout/format';

/** Rows shown per list before "show all". */
export const COMPARE_LIST_LIMIT = 150;

function List({ title, items, zh, testId, show, all }: { title: string; items: CompareItem[]; zh: Zh; testId: string; show: 'a' | 'b' | 'both'; all: boolean }) {
  const shown = all ? items : items.slice(0, COMPARE_LIST_LIMIT);
  return (
    <section className="section" data-testid={testId}>
      <h2>
        {title} <span className="aside">{fmtNum(items.length)}</span>
      </h2>
      {items.length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        <table className="compare-table">
          <thead>
            <tr>
              <th scope="col">Formulation</th>
              <th scope="col">Kind</th>
              {show !== 'b' && <th scope="col" className="num">Uses in A</th>}
              {show !== 'a' && <th scope="col" className="num">Uses in B</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => (
              <tr key={i.id}>
                <td>
                  <a href={`/phrases/${i.id}`}>
                    <Z zh={zh} text={i.text} />
                  </a>
                </td>
                <td>
                  <KindBadge kind={i.kind} />
                </td>
                {show !== 'b' && <td className="num">{fmtNum(i.usesA)}</td>}
                {show !== 'a' && <td className="num">{fmtNum(i.usesB)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown.length < items.length && <p className="small muted">{fmtNum(items.length - shown.length)} more: add all=1 to the address to list them all.</p>}
    </section>
  );
}

export function CompareLists({ result, zh, all }: { result: Comparison; zh: Zh; all: boolean }) {
  return (
    <>
      <List title="New in B (absent from A)" items={result.added} zh={zh} testId="added" show="b" all={all} />
      <List title="Dropped (in A, absent from B)" items={result.dropped} zh={zh} testId="dropped" show="a" all={all} />
      <List title="Kept (in both)" items={result.kept} zh={zh} testId="kept" show="both" all={all} />
    </>
  );
}
