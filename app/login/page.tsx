import type { Metadata } from 'next';
import { LoginForm } from '@/components/auth/LoginForm';
import { currentUser } from '@/lib/auth';
import { localPath } from '@/lib/auth/redirect';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const sp = await searchParams;
  const next = localPath(typeof sp.next === 'string' ? sp.next : null) ?? '/';
  const user = await currentUser();
  return (
    <article className="narrow">
      <h1>Sign in</h1>
      {user && (
        <p className="notice" data-testid="already-signed-in">
          You are signed in as {user.name} ({user.role}). Signing in again replaces that session.
        </p>
      )}
      <p className="muted">
        Reading needs no account. Editors and admins sign in to write notes and edit entries; accounts are made by an admin with{' '}
        <code>npm run users -- add NAME --role editor</code>.
      </p>
      <LoginForm next={next} />
    </article>
  );
}
