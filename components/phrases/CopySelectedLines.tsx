'use client';

import { useState } from 'react';

/**
 * Copies the concordance lines ticked on this page (sentence with the use in
 * 【】, date, document; tab-separated) to the clipboard, or shows them to copy
 * by hand where the clipboard is not available.
 */
export function CopySelectedLines({ listId }: { listId: string }) {
  const [message, setMessage] = useState('');
  const [fallback, setFallback] = useState<string | null>(null);
  const picks = () => Array.from(document.querySelectorAll<HTMLInputElement>(`#${listId} input.pick`));
  async function copy() {
    const text = picks()
      .filter((p) => p.checked)
      .map((p) => p.dataset.copy ?? '')
      .join('\n');
    if (!text) {
      setMessage('Tick the lines to copy first.');
      return;
    }
    try {
      await navigator.clipboard.writeText(text);
      setFallback(null);
      setMessage(`Copied ${text.split('\n').length} lines.`);
    } catch {
      setFallback(text);
      setMessage('Select the text below and copy it.');
    }
  }
  function all(checked: boolean) {
    for (const p of picks()) p.checked = checked;
  }
  return (
    <div className="kwic-tools">
      <button type="button" className="btn secondary" onClick={() => all(true)}>
        Select all on this page
      </button>
      <button type="button" className="btn secondary" onClick={() => all(false)}>
        Clear selection
      </button>
      <button type="button" className="btn secondary" onClick={copy} data-testid="copy-lines">
        Copy selected lines
      </button>
      <span className="small muted" role="status">
        {message}
      </span>
      {fallback !== null && <textarea readOnly value={fallback} rows={Math.min(10, fallback.split('\n').length)} data-testid="copied-text" />}
    </div>
  );
}
