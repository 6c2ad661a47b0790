import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: true, async: false });

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'em', 'strong', 'del', 's',
  'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'span',
];

/**
 * Renders an editor's Markdown to HTML that cannot run script: marked for the
 * Markdown, then sanitize-html with an allow-list (no script/style/iframe/img, no
 * event handlers, no javascript: or data: URLs). Headings are shifted below the
 * page's own. `convertText` (the reader's script) is applied to text nodes only.
 */
export function renderMarkdown(md: string, convertText?: (text: string) => string): string {
  const html = marked.parse(md) as string;
  return sanitizeHtml(html, {
    // Script conversion (简/繁) applies to the text only, never to URLs or markup.
    ...(convertText ? { textFilter: (text: string) => convertText(text) } : {}),
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ['href', 'title', 'rel'], code: ['class'], th: ['align'], td: ['align'], span: ['lang'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    transformTags: {
      h1: 'h3',
      h2: 'h4',
      a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
    },
  });
}
