// A tiny element builder: the dashboard is plain DOM, no framework.

type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;
type Child = Node | string | null | undefined | false;

/**
 * Creates an element with attributes ("on<event>" keys add listeners, booleans toggle the
 * attribute, null/undefined skip it) and children (strings become text nodes).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** SVG element in the SVG namespace. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/**
 * Text that may wrap after a path separator ('/', '_', '-', '.') rather than inside a word: run
 * names such as "notebooks/nb3f2a/logs/fit/train" wrap between their parts.
 */
export function breakable(text: string, cls?: string): HTMLSpanElement {
  const span = h('span', cls ? { class: cls } : {});
  for (const part of text.split(/(?<=[/_.-])/)) span.append(part, document.createElement('wbr'));
  span.lastChild?.remove();
  return span;
}
