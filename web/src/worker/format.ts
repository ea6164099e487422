// Turns cell values into outputs the page can render: tensors by their toString, arrays of plain
// objects as tables, everything else as readable text (a small inspect: nested arrays and objects,
// typed arrays, Maps, Sets, errors, functions), bounded in size.
import { CELL_TABLE, type CellTable } from '../print.js';
import { Tensor } from '../tensor.js';
import type { Output } from './protocol.js';

const MAX_TEXT = 20_000;
const MAX_ITEMS = 100;
const MAX_DEPTH = 4;
const MAX_TABLE_ROWS = 500;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function quote(s: string): string {
  return JSON.stringify(s);
}

/**
 * A readable one-value rendering, like Node's util.inspect at a small depth.
 *
 * @example
 * inspect({ a: [1, 2], b: 'x' }); // "{ a: [1, 2], b: 'x' }"
 */
export function inspect(value: unknown, depth = 0, seen: Set<unknown> = new Set()): string {
  switch (typeof value) {
    case 'string':
      return depth === 0 ? value : quote(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function': {
      const name = (value as { name?: string }).name;
      return /^class\s/.test(Function.prototype.toString.call(value)) ? `[class ${name || '(anonymous)'}]` : `[Function ${name || '(anonymous)'}]`;
    }
    default:
      break;
  }
  if (value === null) return 'null';
  if (value instanceof Tensor) return value.toString();
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (seen.has(value)) return '[Circular]';
  if (depth > MAX_DEPTH) return Array.isArray(value) ? '[Array]' : '[Object]';
  seen.add(value);
  try {
    const items = (xs: string[], total: number, open: string, close: string): string => {
      const more = total > xs.length ? [`... ${total - xs.length} more`] : [];
      const all = [...xs, ...more];
      const flat = `${open}${all.join(', ')}${close}`;
      if (flat.length <= 72 && !flat.includes('\n')) return flat;
      const pad = '  '.repeat(depth + 1);
      return `${open}\n${all.map((s) => pad + s).join(',\n')}\n${'  '.repeat(depth)}${close}`;
    };
    if (Array.isArray(value)) {
      const shown = value.slice(0, MAX_ITEMS).map((v) => inspect(v, depth + 1, seen));
      return items(shown, value.length, '[', ']');
    }
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const arr = value as unknown as ArrayLike<number>;
      const shown = Array.from({ length: Math.min(arr.length, MAX_ITEMS) }, (_, i) => inspect(arr[i], depth + 1, seen));
      return `${(value as object).constructor.name}(${arr.length}) ${items(shown, arr.length, '[', ']')}`;
    }
    if (value instanceof Map) {
      const shown = [...value].slice(0, MAX_ITEMS).map(([k, v]) => `${inspect(k, depth + 1, seen)} => ${inspect(v, depth + 1, seen)}`);
      return `Map(${value.size}) ${items(shown, value.size, '{', '}')}`;
    }
    if (value instanceof Set) {
      const shown = [...value].slice(0, MAX_ITEMS).map((v) => inspect(v, depth + 1, seen));
      return `Set(${value.size}) ${items(shown, value.size, '{', '}')}`;
    }
    if (value instanceof Promise) return 'Promise { <pending> }';
    if (value instanceof Date) return value.toISOString();
    const obj = value as Record<string, unknown>;
    const own = typeof (obj as { toString?: unknown }).toString === 'function' && obj.toString !== Object.prototype.toString;
    if (own && !isPlainObject(obj)) {
      const s = String(obj);
      if (!s.startsWith('[object ')) return s;
    }
    // A library object without a text form of its own (a loss, a metric, an initializer): its class
    // and name, never its internals.
    const ctor = (obj as { constructor?: { className?: unknown } }).constructor;
    if (!isPlainObject(obj) && typeof ctor?.className === 'string') {
      const name = (obj as { name?: unknown }).name;
      return `${ctor.className}${typeof name === 'string' && name ? ` '${name}'` : ''}`;
    }
    const keys = Object.keys(obj);
    const shown = keys.slice(0, MAX_ITEMS).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k)}: ${inspect(obj[k], depth + 1, seen)}`);
    const name = isPlainObject(obj) ? '' : `${(obj as { constructor?: { name?: string } }).constructor?.name ?? 'Object'} `;
    if (keys.length === 0) return `${name}{}`;
    return name + items(shown, keys.length, '{ ', ' }');
  } finally {
    seen.delete(value);
  }
}

function bound(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n... (${text.length - MAX_TEXT} more characters)` : text;
}

/** A cell of a table: primitives as they are, tensors and objects as text. */
function tableCell(v: unknown): unknown {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v ?? '';
  if (v instanceof Tensor) return v.rank === 0 ? v.arraySync() : inspect(v.arraySync(), 1);
  return inspect(v, 1);
}

/**
 * A table output of rows (plain objects: one column per key, in first-seen order; or arrays).
 *
 * @example
 * toTable([{ epoch: 1, loss: 0.5 }, { epoch: 2, loss: 0.25 }]);
 */
export function toTable(rows: readonly unknown[], columns?: string[]): Output & { kind: 'table' } {
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  if (shown.every(Array.isArray)) {
    const width = Math.max(0, ...shown.map((r) => (r as unknown[]).length));
    const cols = columns ?? Array.from({ length: width }, (_, i) => String(i));
    return { kind: 'table', columns: cols, rows: shown.map((r) => cols.map((_, i) => tableCell((r as unknown[])[i]))), truncated: rows.length - shown.length || undefined };
  }
  const cols = columns ?? [...new Set(shown.flatMap((r) => (isPlainObject(r) ? Object.keys(r) : ['value'])))];
  return {
    kind: 'table',
    columns: cols,
    rows: shown.map((r) => (isPlainObject(r) ? cols.map((c) => tableCell(r[c])) : cols.map((c) => (c === 'value' ? tableCell(r) : '')))),
    truncated: rows.length - shown.length || undefined,
  };
}

/** @internal Marks objects that `display` returns (a live chart): as a cell's value they render nothing, they are already shown. */
export const DISPLAY_HANDLE: unique symbol = Symbol.for('tensorpad.displayHandle');

/** The output for a cell's value (undefined renders nothing). */
export function toOutput(value: unknown): Output | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'object' && value !== null && (value as { [DISPLAY_HANDLE]?: boolean })[DISPLAY_HANDLE] === true) return undefined;
  if (value instanceof Tensor) {
    // A cell's result shows TF.js's verbose form (dtype, rank, shape, then the values).
    return { kind: 'tensor', text: bound(value.toString(true)), shape: [...value.shape], dtype: value.dtype };
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) return toTable(value);
  const table = (value as { [CELL_TABLE]?: () => CellTable } | null)?.[CELL_TABLE];
  if (typeof table === 'function') {
    const { columns, rows } = table.call(value);
    return { kind: 'table', columns, rows: rows.map((r) => r.map((v) => v ?? '')) };
  }
  return { kind: 'text', text: bound(inspect(value)) };
}

/** Formats console arguments as Node and browsers do: strings bare, the rest inspected, '%s'-free. */
export function formatArgs(args: unknown[]): string {
  return bound(args.map((a) => (typeof a === 'string' ? a : inspect(a, 1))).join(' '));
}

/** The value if structured cloning keeps it as it is (plain data), else undefined. */
export function cloneable(value: unknown, depth = 0): boolean {
  if (value === null || value === undefined) return true;
  const t = typeof value;
  if (t === 'number' || t === 'string' || t === 'boolean' || t === 'bigint') return true;
  if (depth > 20 || t !== 'object') return false;
  if (ArrayBuffer.isView(value)) return true;
  if (Array.isArray(value)) return value.length <= 100_000 && value.every((v) => cloneable(v, depth + 1));
  if (isPlainObject(value)) return Object.values(value).every((v) => cloneable(v, depth + 1));
  return false;
}

/**
 * The failing line of a cell with a caret under the failing column, as compilers print it:
 * the line number, the line's text, and `^` below the spot (tabs kept, so the caret lines up).
 *
 * @example
 * sourceExcerpt('const ok = 1;\nconst = 2;', 2, 7);
 * // '2 | const = 2;\n  |       ^'
 */
export function sourceExcerpt(source: string, line: number, column: number): string {
  const text = source.split(/\r\n|\r|\n/)[line - 1];
  if (text === undefined) return '';
  const col = Math.max(1, Math.min(column, text.length + 1));
  const gutter = String(line);
  const pad = text.slice(0, col - 1).replace(/[^\t]/g, ' ');
  return `${gutter} | ${text}\n${' '.repeat(gutter.length)} | ${pad}^`;
}
