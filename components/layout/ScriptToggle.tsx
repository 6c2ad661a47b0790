import type { Script } from '@/lib/text/script';

const OPTIONS: Array<{ value: Script; label: string; lang: string; title: string }> = [
  { value: 'original', label: '原文', lang: 'zh', title: 'As written in the source' },
  { value: 'simplified', label: '简体', lang: 'zh-Hans', title: 'Simplified characters' },
  { value: 'traditional', label: '繁體', lang: 'zh-Hant', title: 'Traditional characters' },
];

/**
 * 原文 / 简体 / 繁體. Plain forms posting to /script, which sets the cookie and sends
 * the reader back: works without JavaScript, remembered across visits.
 */
export function ScriptToggle({ current }: { current: Script }) {
  return (
    <div className="script-toggle" role="group" aria-label="Script">
      {OPTIONS.map((o) => (
        <form key={o.value} method="post" action="/script">
          <input type="hidden" name="script" value={o.value} />
          <button type="submit" lang={o.lang} title={o.title} aria-pressed={current === o.value} data-script={o.value}>
            {o.label}
          </button>
        </form>
      ))}
    </div>
  );
}
