'use client';

import { usePathname } from 'next/navigation';

/** Pages that have a search box of their own: the header does not repeat it there. */
export const PAGES_WITH_SEARCH = new Set(['/', '/phrases', '/search']);

/** The header's glossary search, left out where the page has its own search box. */
export function HeaderSearch() {
  const path = usePathname();
  if (PAGES_WITH_SEARCH.has(path)) return null;
  return (
    <form className="header-search" action="/phrases" role="search" aria-label="Glossary">
      <label className="sr-only" htmlFor="header-q">
        Look up a phrase
      </label>
      <input id="header-q" type="search" name="q" placeholder="两个确立 · 兩個確立 · lgql" autoComplete="off" enterKeyHint="search" />
      <input type="hidden" name="go" value="1" />
    </form>
  );
}
