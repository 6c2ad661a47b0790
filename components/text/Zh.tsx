import type { Zh } from '@/lib/data/script';

/** Chinese text in the reader's script, with its lang. */
export function Z({
  zh,
  text,
  className,
  as: Tag = 'span',
}: {
  zh: Zh;
  text: string;
  className?: string;
  as?: 'span' | 'div' | 'h1' | 'h2' | 'h3' | 'p' | 'strong';
}) {
  const shown = zh.t(text);
  return (
    <Tag lang={zh.lang(shown)} className={className}>
      {shown}
    </Tag>
  );
}
