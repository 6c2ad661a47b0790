'use client';

import { useTransition } from 'react';
import { usePathname, useRouter } from 'next/navigation';
import type { Script } from '@/lib/text/script';

const OPTIONS: Array<{ value: Script; label: string; lang: string; title: string }> = [
  { value: 'original', label: '原文', lang: 'zh', title: 'As written in the source' },
  { value: 'simplified', label: '简体', lang: 'zh-Hans', title: 'Simplified characters' },
  { value: 'traditional', label: '繁體', lang: 'zh-Hant', title: 'Traditional characters' },
];

/**
 * 原文 / 简体 / 繁體. Each is a form posting to /script, which sets the cookie.
 * With JavaScript the post is sent in the background and the page re-rendered in
 * place, so the scroll position and the #anchor stay; without it, the form says
 * where to come back to (`back`), so no Referer header is needed.
 */
export function ScriptToggle({ current }: { current: Script }) {
  const router = useRouter();
  const path = usePathname();
  const [pending, startTransition] = useTransition();
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    startTransition(async () => {
      const res = await fetch('/script', { method: 'POST', body: data, redirect: 'manual' }).catch(() => null);
      // An opaque redirect (303) is the success answer; anything else falls back to a plain post.
      if (!res || (res.type !== 'opaqueredirect' && !res.ok)) {
        form.submit();
        return;
      }
      router.refresh();
    });
  }
  return (
    <div className="script-toggle" role="group" aria-label="Script" aria-busy={pending || undefined}>
      {OPTIONS.map((o) => (
        <form key={o.value} method="post" action="/script" onSubmit={onSubmit}>
          <input type="hidden" name="script" value={o.value} />
          <input type="hidden" name="back" value={path} />
          <button type="submit" lang={o.lang} title={o.title} aria-pressed={current === o.value} data-script={o.value}>
            {o.label}
          </button>
        </form>
      ))}
    </div>
  );
}
