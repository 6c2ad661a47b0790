import Link from 'next/link';
import type { SessionUser } from '@/lib/auth';

/** Shown to readers where editors see a form: who may write, and where to sign in. */
export function SignInToEdit({ user, back, what = 'add notes and edit this entry' }: { user: SessionUser | null; back: string; what?: string }) {
  if (user) {
    return (
      <p className="muted small" data-testid="no-edit-rights">
        Signed in as {user.name} ({user.role}): editing needs the editor role.
      </p>
    );
  }
  return (
    <p className="muted small" data-testid="sign-in-to-edit">
      <Link href={`/login?next=${encodeURIComponent(back)}`}>Sign in</Link> as an editor to {what}.
    </p>
  );
}
