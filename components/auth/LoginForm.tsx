'use client';

import { useState } from 'react';

/** Signs in through POST /api/session (JSON), then goes to the page the reader came from. */
export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="panel login"
      aria-label="Sign in"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setBusy(true);
        setError(null);
        try {
          const res = await fetch('/api/session', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: form.get('name'), password: form.get('password') }),
          });
          if (res.ok) {
            // A full navigation, so that every server component sees the new session.
            window.location.assign(next);
            return;
          }
          const data = (await res.json().catch(() => ({}))) as { error?: string };
          setError(data.error ?? `Sign-in failed (HTTP ${res.status}).`);
        } catch {
          setError('The server could not be reached.');
        }
        setBusy(false);
      }}
    >
      <label className="field">
        Name
        <input name="name" type="text" autoComplete="username" required autoFocus maxLength={100} />
      </label>
      <label className="field">
        Password
        <input name="password" type="password" autoComplete="current-password" required maxLength={1024} />
      </label>
      <div className="form-foot">
        <button className="btn" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
      {error && (
        <div className="notice error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}
