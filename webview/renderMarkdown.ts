/**
 * Model output → safe DOM. The model's text is untrusted (it echoes log lines): raw HTML in the markdown is shown as
 * text, images are reduced to their alt text, and DOMPurify keeps only a small set of tags and http(s)/mailto links.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ text }) => escapeHtml(text),
  },
});

const allowedTags = [
  'p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'hr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input',
];

const purifyConfig = {
  ALLOWED_TAGS: allowedTags,
  // `type`/`checked`/`disabled` only matter for GFM task-list checkboxes.
  ALLOWED_ATTR: ['href', 'title', 'start', 'align', 'type', 'checked', 'disabled'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  RETURN_DOM_FRAGMENT: true as const,
};

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'INPUT' && node.getAttribute('type') !== 'checkbox') node.remove();
  if (node.tagName === 'INPUT') node.setAttribute('disabled', '');
});

const citationPattern = /\[(\d{1,3})\]/g;

/**
 * Renders markdown into a fragment; `[n]` markers that point at one of `citationCount` citations become buttons
 * carrying data-citation="n-1" (outside code and links, where brackets are literal).
 */
export function renderMarkdown(markdown: string, citationCount = 0): DocumentFragment {
  const html = marked.parse(markdown, { async: false });
  const fragment = DOMPurify.sanitize(html, purifyConfig);
  if (citationCount > 0) linkCitations(fragment, citationCount);
  return fragment;
}

function linkCitations(root: DocumentFragment, citationCount: number): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.parentElement?.closest('code, pre, a') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const textNodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) textNodes.push(node as Text);
  for (const text of textNodes) {
    const value = text.data;
    citationPattern.lastIndex = 0;
    if (!citationPattern.test(value)) continue;
    citationPattern.lastIndex = 0;
    const replacement = document.createDocumentFragment();
    let last = 0;
    for (let match = citationPattern.exec(value); match; match = citationPattern.exec(value)) {
      const index = Number(match[1]) - 1;
      if (index < 0 || index >= citationCount) continue;
      replacement.append(value.slice(last, match.index));
      const button = document.createElement('button');
      button.className = 'cite-ref';
      button.dataset.citation = String(index);
      button.textContent = String(index + 1);
      button.title = 'Open the cited source';
      replacement.append(button);
      last = match.index + match[0].length;
    }
    replacement.append(value.slice(last));
    text.replaceWith(replacement);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
