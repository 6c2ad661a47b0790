'use client';

import { useRef, useState, useTransition } from 'react';
import { previewMarkdown, type MarkdownPreview } from '@/app/phrases/[id]/preview';

/**
 * A Markdown textarea with a preview rendered by the server exactly as readers
 * will see it, including a plain statement of anything the sanitiser will leave out.
 */
export function MarkdownField({
  id,
  name,
  label,
  defaultValue,
  placeholder,
  required,
  maxLength,
}: {
  id: string;
  name: string;
  label: React.ReactNode;
  defaultValue: string;
  placeholder?: string;
  required?: boolean;
  maxLength?: number;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [preview, setPreview] = useState<MarkdownPreview | null>(null);
  const [pending, startTransition] = useTransition();
  const show = () =>
    startTransition(async () => {
      setPreview(await previewMarkdown(area.current?.value ?? ''));
    });
  return (
    <div className="md-field">
      <label className="field" htmlFor={id}>
        {label}
        <textarea
          id={id}
          ref={area}
          name={name}
          defaultValue={defaultValue}
          placeholder={placeholder}
          required={required}
          maxLength={maxLength}
          aria-describedby={`${id}-help`}
        />
      </label>
      <div className="md-tools">
        <button className="btn secondary" type="button" onClick={show} aria-controls={`${id}-preview`} disabled={pending}>
          {pending ? 'Rendering…' : preview ? 'Update preview' : 'Preview'}
        </button>
        {preview && (
          <button className="btn secondary" type="button" onClick={() => setPreview(null)}>
            Hide preview
          </button>
        )}
        <span id={`${id}-help`} className="small muted">
          Markdown: **bold**, *italic*, [link](https://…), &gt; quotation, tables with | pipes |
        </span>
      </div>
      <div id={`${id}-preview`} aria-live="polite">
        {preview && (
          <div className="md-preview" data-testid="md-preview">
            <div className="md-preview-label">Preview, as readers will see it</div>
            {preview.error && <p className="notice error">{preview.error}</p>}
            {preview.removed && (
              <p className="notice" data-testid="md-removed">
                {preview.removed}
              </p>
            )}
            {preview.html ? (
              <div className="note-body" dangerouslySetInnerHTML={{ __html: preview.html }} />
            ) : (
              !preview.error && <p className="empty">Nothing to show yet.</p>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
