// Markdown cells: marked renders, DOMPurify removes anything active (scripts, event handlers,
// javascript: links), so a shared notebook's text cannot run code in the page. TeX math in
// `$...$` (inline) and `$$...$$` (display) is typeset by KaTeX as MathML, which the browser draws
// natively (no fonts or stylesheet to ship); code spans and blocks are left alone.
import DOMPurify from 'dompurify';
import katex from 'katex';
import { marked } from 'marked';

marked.setOptions({ gfm: true, breaks: false });

// Links open in a new tab, without access to this page.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.getAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

const PLACEHOLDER = (i: number): string => `TPMATH${i}TPMATH`;
const PLACEHOLDER_RE = /(<p>)?TPMATH(\d+)TPMATH(<\/p>)?/g;

// Code (fenced blocks, indented blocks are rare in notebooks, and inline spans) is copied as it
// is; math is looked for only in the text between.
const CODE_RE = /(^|\n)(```|~~~)[^\n]*\n[\s\S]*?(\n\2[^\n]*(?=\n|$)|$)|(`+)[\s\S]*?\4/g;
// $$...$$ (may span lines), then $...$ on one line: no space just inside the dollars and no digit
// right after the closing one, so "$5 and $6" stays text; \$ is a literal dollar.
const MATH_RE = /\$\$([\s\S]+?)\$\$|(?<![\\$])\$(?![\s$])((?:\\\$|[^$\n])+?)(?<![\s\\])\$(?!\d)/g;

function typeset(tex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(tex, { displayMode, output: 'mathml', throwOnError: true, strict: 'ignore', trust: false, maxExpand: 1000, maxSize: 50 });
  } catch {
    // Not valid TeX: show the source, as code, rather than an error in the text.
    const code = document.createElement('code');
    code.className = 'math-error';
    code.textContent = displayMode ? `$$${tex}$$` : `$${tex}$`;
    return code.outerHTML;
  }
}

/** Markdown with its math replaced by placeholders, and the typeset math for each. */
function extractMath(source: string): { text: string; math: string[] } {
  const math: string[] = [];
  let text = '';
  let pos = 0;
  const takeMath = (chunk: string): string =>
    chunk.replace(MATH_RE, (_, display: string | undefined, inline: string | undefined) => {
      math.push(display !== undefined ? typeset(display.trim(), true) : typeset(inline!, false));
      const p = PLACEHOLDER(math.length - 1);
      // Display math stands in a paragraph of its own.
      return display !== undefined ? `\n\n${p}\n\n` : p;
    });
  for (const m of source.matchAll(CODE_RE)) {
    text += takeMath(source.slice(pos, m.index)) + m[0];
    pos = m.index! + m[0].length;
  }
  text += takeMath(source.slice(pos));
  return { text, math };
}

/** Sanitized HTML for markdown text, with `$...$` and `$$...$$` math typeset. */
export function renderMarkdown(source: string): string {
  const { text, math } = extractMath(source);
  const html = (marked.parse(text, { async: false }) as string).replace(PLACEHOLDER_RE, (whole, open: string | undefined, i: string, close: string | undefined) => {
    const m = math[Number(i)];
    if (m === undefined) return whole;
    const block = m.includes('display="block"');
    if (block && open && close) return `<div class="math-display">${m}</div>`;
    return (open ?? '') + m + (close ?? '');
  });
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true, mathMl: true },
    // KaTeX keeps the TeX source in <annotation>, which MathML does not draw.
    ADD_TAGS: ['annotation'],
    ADD_ATTR: ['encoding'],
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'maction'],
  });
}
