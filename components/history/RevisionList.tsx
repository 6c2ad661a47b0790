import type { RevisionWithDiff } from '@/lib/history';
import { fmtTime } from '@/components/layout/format';
import { DocumentRevertButton, RevertButton } from './RevertButton';

/** The author lib/editing gives the snapshot of an entry taken before its first edit. */
const BEFORE_EDITING = '(before editing)';

const ACTION: Record<string, string> = {
  create: 'created',
  edit: 'edited',
  delete: 'deleted',
  revert: 'reverted',
  restore: 'restored',
  status: 'status set',
  merge: 'merged',
};

/**
 * A history like a wiki's: newest first, each revision with its author, time
 * and what it changed (removed text struck through, added text underlined),
 * and for editors a button to bring that version back as a new revision.
 */
export function RevisionList({
  revisions,
  labels,
  revert,
  words,
}: {
  revisions: RevisionWithDiff[];
  labels: Record<string, string>;
  /** Present for editors: what the revert buttons post. */
  revert?: { kind: 'note' | 'phrase'; id: number; currentVersion: number; phraseId: number } | { kind: 'document'; id: number; currentVersion: number };
  /** What each version changed, in words a reader understands (by version), shown above its diff. */
  words?: Map<number, string[]>;
}) {
  const latest = revisions[0]?.version;
  return (
    <ol className="history" reversed>
      {revisions.map((r) => (
        <li key={r.version} data-testid={`revision-${r.version}`}>
          <div className="muted small">
            {r.author === BEFORE_EDITING ? (
              <>Before the first edit · {fmtTime(r.createdAt)}</>
            ) : (
              <>
                version {r.version} · {ACTION[r.action] ?? r.action}
                {r.revertOf ? ` to version ${r.revertOf}` : ''} · <span className="rev-author">{r.author || 'anonymous'}</span> · {fmtTime(r.createdAt)}
              </>
            )}
          </div>
          {words?.get(r.version) && (
            <ul className="changes">
              {words.get(r.version)!.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          )}
          {r.changes.length === 0 ? (
            <div className="muted small">no change to the text</div>
          ) : (
            r.changes.map((c) => (
              <div key={c.field} className="rev-change">
                {Object.keys(labels).length > 1 && <span className="rev-field">{labels[c.field] ?? c.field}: </span>}
                <span className="diff">
                  {c.parts.length === 0 ? (
                    <span className="muted">(empty)</span>
                  ) : (
                    c.parts.map((p, i) =>
                      p.op === '+' ? <ins key={i}>{p.text}</ins> : p.op === '-' ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>,
                    )
                  )}
                </span>
              </div>
            ))
          )}
          {revert &&
            r.version !== latest &&
            r.action !== 'delete' &&
            (revert.kind === 'document' ? (
              <DocumentRevertButton id={revert.id} version={revert.currentVersion} toVersion={r.version} />
            ) : (
              <RevertButton kind={revert.kind} id={revert.id} phraseId={revert.phraseId} version={revert.currentVersion} toVersion={r.version} />
            ))}
        </li>
      ))}
    </ol>
  );
}
