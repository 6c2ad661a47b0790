import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import './globals.css';
import { getScript } from '@/lib/data/script';
import { ScriptToggle } from '@/components/layout/ScriptToggle';
import { UserMenu } from '@/components/auth/UserMenu';
import { currentUser } from '@/lib/auth';
import { HeaderSearch } from '@/components/layout/HeaderSearch';

export const metadata: Metadata = {
  title: { default: 'Tifa 提法 — a glossary of Chinese political formulations', template: '%s · Tifa 提法' },
  description: 'Look up Chinese political formulations (提法) in context: where they were used, how often, with notes.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#fbfaf6' };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [script, user] = await Promise.all([getScript(), currentUser()]);
  return (
    <html lang="en" data-script={script}>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="wrap">
            <Link href="/" className="brand">
              <span className="brand-zh" lang="zh-Hans">
                提法
              </span>
              <span className="brand-en">Tifa</span>
              <span className="brand-tag">Chinese political formulations in context</span>
            </Link>
            <nav className="site-nav" aria-label="Main">
              <Link href="/phrases">Glossary</Link>
              <Link href="/documents">Documents</Link>
              <Link href="/search">Full text</Link>
              <Link href="/compare">Compare</Link>
            </nav>
            <div className="header-tools">
              <HeaderSearch />
              <ScriptToggle current={script} />
              <UserMenu user={user} />
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <div className="wrap">{children}</div>
        </main>
        <footer className="site-footer">
          <div className="wrap">
            Tifa 提法 · phrases found in quotation marks in the ingested documents, with every use in context. Script
            conversion by OpenCC.
          </div>
        </footer>
      </body>
    </html>
  );
}
