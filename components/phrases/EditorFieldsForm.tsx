'use client';

import { useActionState } from 'react';
import { saveFieldsAction } from '@/app/phrases/[id]/actions';
import { IDLE } from '@/components/notes/form-state';
import { MarkdownField } from '@/components/notes/MarkdownField';

export interface EditorFieldValues {
  translation: string;
  definition: string;
  /** "auto" or the kind an editor chose. */
  kind: string;
  pinyinOverride: string;
}

const KINDS = ['formula', 'slogan', 'quotation', 'title', 'name'];

export function EditorFieldsForm({
  phraseId,
  version,
  values,
  autoKind,
  autoPinyin,
}: {
  phraseId: number;
  version: number;
  values: EditorFieldValues;
  autoKind: string;
  autoPinyin: string;
}) {
  const [state, action, pending] = useActionState(saveFieldsAction, IDLE);
  const conflict = state.status === 'conflict' ? state : null;
  const formVersion = conflict?.current ? conflict.current.version : version;
  const shown: EditorFieldValues =
    state.status === 'conflict' || state.status === 'invalid' ? { ...values, ...(state.yours as Partial<EditorFieldValues>) } : values;
  const err = state.status === 'invalid' ? state.fields : {};
  return (
    <form action={action} key={`${version}:${state.status}:${formVersion}`} className="panel" aria-label="Editor fields">
      <input type="hidden" name="id" value={phraseId} />
      <input type="hidden" name="version" value={formVersion} />
      <div className="form-grid">
        <label className="field">
          English translation
          <input type="text" name="translation" defaultValue={shown.translation} maxLength={500} />
          {err.translation && <span className="err">{err.translation}</span>}
        </label>
        <label className="field">
          Kind
          <select name="kind" defaultValue={shown.kind}>
            <option value="auto">automatic (now: {autoKind})</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          {err.kind && <span className="err">{err.kind}</span>}
        </label>
        <label className="field full">
          Pinyin correction <span className="muted">(leave empty for the automatic reading: {autoPinyin})</span>
          <input type="text" name="pinyinOverride" defaultValue={shown.pinyinOverride} maxLength={300} placeholder={autoPinyin} />
          {err.pinyinOverride && <span className="err">{err.pinyinOverride}</span>}
        </label>
        <div className="full">
          <MarkdownField id="definition" name="definition" label="Definition (Markdown)" defaultValue={shown.definition} maxLength={10000} />
          {err.definition && <span className="err">{err.definition}</span>}
        </div>
      </div>
      <div className="form-foot">
        <button className="btn" type="submit" disabled={pending}>
          {pending ? 'Saving…' : conflict?.current ? `Save mine over version ${formVersion}` : 'Save entry'}
        </button>
        {state.status === 'ok' && (
          <span className="small status-ok" role="status">
            {state.message}
            {state.removed && (
              <span className="notice" data-testid="saved-removed">
                {state.removed}
              </span>
            )}
          </span>
        )}
      </div>
      {state.status !== 'ok' && state.status !== 'idle' && (
        <div className={`notice ${conflict ? '' : 'error'}`} role="alert" data-state={state.status}>
          <strong>{conflict ? 'Not saved: conflict. ' : 'Not saved. '}</strong>
          {state.message}
          {conflict?.current && (
            <pre className="small">
              {`Stored now (version ${conflict.current.version}):\ntranslation: ${conflict.current.translation}\nkind: ${conflict.current.kind}\npinyin: ${conflict.current.pinyinOverride}\ndefinition: ${conflict.current.definition}`}
            </pre>
          )}
        </div>
      )}
    </form>
  );
}
