import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: true, async: false });

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'em', 'strong', 'del', 's',
  'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'span',
];
/** Headings are shifted below the page's own (an entry's h1/h2). */
const RENAMED_TAGS: Record<string, string> = { h1: 'h3', h2: 'h4' };
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  code: ['class'],
  th: ['align'],
  td: ['align'],
  span: ['lang'],
};
const ALLOWED_SCHEMES = ['http', 'https', 'mailto'];

export interface RenderedMarkdown {
  html: string;
  /**
   * What the sanitiser left out, in words an editor understands ("the <script>
   * element", "the onclick attribute", "a javascript: link"), each once.
   */
  removed: string[];
}

/** Why an href is dropped (relative links and the allowed schemes pass; //host and javascript: do not), or null. */
function hrefProblem(href: string): string | null {
  // Browsers ignore control characters and spaces inside a scheme: so does this check.
  const clean = href.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '');
  if (clean.startsWith('//') || clean.startsWith('/\\')) return 'a link to another site without https:';
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(clean)?.[1].toLowerCase();
  return !scheme || ALLOWED_SCHEMES.includes(scheme) ? null : `a ${scheme}: link`;
}

/**
 * Renders an editor's Markdown to HTML that cannot run script: marked for the
 * Markdown, then sanitize-html with an allow-list (no script/style/iframe/img, no
 * event handlers, no javascript: or data: URLs), and says what it left out so
 * the editor is not surprised by text that silently vanished. Headings are
 * shifted below the page's own. `convertText` (the reader's script) is applied
 * to text nodes only.
 */
export function renderMarkdownReport(md: string, convertText?: (text: string) => string): RenderedMarkdown {
  const removed = new Set<string>();
  const html = marked.parse(md) as string;
  const out = sanitizeHtml(html, {
    // Script conversion (简/繁) applies to the text only, never to URLs or markup.
    ...(convertText ? { textFilter: (text: string) => convertText(text) } : {}),
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ALLOWED_SCHEMES,
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    transformTags: {
      ...RENAMED_TAGS,
      a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
    },
    // Sees every tag as written, before the allow-list: the report mirrors the options above.
    onOpenTag(name: string, attribs: Record<string, string>) {
      const tag = RENAMED_TAGS[name] ?? name;
      if (!ALLOWED_TAGS.includes(tag)) {
        removed.add(`the <${name}> element`);
        return;
      }
      for (const [attr, value] of Object.entries(attribs)) {
        if (!(ALLOWED_ATTRIBUTES[tag] ?? []).includes(attr)) removed.add(`the ${attr} attribute`);
        else if (attr === 'href') {
          const problem = hrefProblem(value);
          if (problem) removed.add(problem);
        }
      }
    },
  });
  return { html: out, removed: [...removed] };
}

/** The HTML only (see renderMarkdownReport). */
export function renderMarkdown(md: string, convertText?: (text: string) => string): string {
  return renderMarkdownReport(md, convertText).html;
}

/** One sentence for an editor about what the sanitiser removed, or '' if nothing was. */
export function removedMessage(removed: string[]): string {
  if (removed.length === 0) return '';
  const list = removed.length === 1 ? removed[0] : `${removed.slice(0, -1).join(', ')} and ${removed[removed.length - 1]}`;
  return `Not shown: ${list}. Notes keep Markdown and simple HTML only; this was left out to keep readers safe.`;
}
