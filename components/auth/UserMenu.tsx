import Link from 'next/link';
import type { SessionUser } from '@/lib/auth';
import { SignOutButton } from './SignOutButton';

/** The header's corner: who is signed in (and a way out), or a sign-in link. */
export function UserMenu({ user }: { user: SessionUser | null }) {
  if (!user) {
    return (
      <div className="user-menu">
        <Link href="/login" data-testid="sign-in-link">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <div className="user-menu" data-testid="signed-in">
      <span title={`Signed in as ${user.name} (${user.role})`}>
        {user.name} <span className="muted">· {user.role}</span>
      </span>{' '}
      <SignOutButton />
    </div>
  );
}
