// The notebook model of the playground and its .ipynb form (nbformat 4, language javascript), the
// format of examples/ and of downloads, so notebooks live in git and render on GitHub.

export type CellType = 'code' | 'markdown';

export interface Cell {
  id: string;
  type: CellType;
  source: string;
}

export interface Notebook {
  id: string;
  title: string;
  cells: Cell[];
  /** Milliseconds since the epoch of the last change. */
  updated: number;
  /** One-line description (examples). */
  description?: string;
}

/** Text outputs of a code cell, as saved into an .ipynb download. */
export interface SavedOutput {
  name: 'stdout' | 'stderr';
  text: string;
}

export const MAX_CELLS = 2000;
export const MAX_CELL_CHARS = 500_000;

export function newId(prefix = 'c'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function newCell(type: CellType, source = ''): Cell {
  return { id: newId(), type, source };
}

export function newNotebook(title = 'Untitled', cells: Cell[] = [newCell('code')]): Notebook {
  return { id: newId('nb'), title, cells, updated: Date.now() };
}

/** Splits text into ipynb source lines (each keeps its '\n', the last has none). */
function toLines(text: string): string[] {
  const lines = text.split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l, i, all) => !(i === all.length - 1 && l === ''));
}

/**
 * The notebook as nbformat 4 JSON (two-space indented, as Jupyter writes it).
 *
 * @param outputs text outputs per cell id, saved as stream outputs
 */
export function toIpynb(nb: Notebook, outputs: Map<string, SavedOutput[]> = new Map()): string {
  const json = {
    cells: nb.cells.map((c) =>
      c.type === 'markdown'
        ? { cell_type: 'markdown', id: c.id, metadata: {}, source: toLines(c.source) }
        : {
            cell_type: 'code',
            execution_count: null,
            id: c.id,
            metadata: {},
            outputs: (outputs.get(c.id) ?? []).map((o) => ({ name: o.name, output_type: 'stream', text: toLines(o.text) })),
            source: toLines(c.source),
          },
    ),
    metadata: {
      kernelspec: { display_name: 'JavaScript (tensorpad)', language: 'javascript', name: 'tensorpad' },
      language_info: { file_extension: '.js', mimetype: 'text/javascript', name: 'javascript' },
      tensorpad: { title: nb.title, ...(nb.description ? { description: nb.description } : {}) },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(json, null, 1)}\n`;
}

export class NotebookFormatError extends Error {
  override name = 'NotebookFormatError';
}

function sourceText(s: unknown, where: string): string {
  if (typeof s === 'string') return s;
  if (Array.isArray(s) && s.every((l) => typeof l === 'string')) return s.join('');
  throw new NotebookFormatError(`${where}: "source" must be a string or a list of strings`);
}

/** Validated cells from untrusted input (a link, a file): types, sizes and count checked. */
export function checkCells(cells: { type: unknown; source: unknown }[]): Cell[] {
  if (cells.length > MAX_CELLS) throw new NotebookFormatError(`too many cells (${cells.length}; at most ${MAX_CELLS})`);
  return cells.map((c, i) => {
    if (c.type !== 'code' && c.type !== 'markdown') throw new NotebookFormatError(`cell ${i + 1}: unknown cell type ${JSON.stringify(c.type)}`);
    if (typeof c.source !== 'string') throw new NotebookFormatError(`cell ${i + 1}: the source is not text`);
    if (c.source.length > MAX_CELL_CHARS) throw new NotebookFormatError(`cell ${i + 1} is too long (${c.source.length} characters)`);
    return newCell(c.type, c.source);
  });
}

/**
 * Reads .ipynb text (nbformat 4). Raw cells become markdown; other languages are accepted with a
 * warning, since their code will not run here.
 */
export function fromIpynb(text: string, fallbackTitle = 'Untitled'): { notebook: Notebook; warnings: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new NotebookFormatError(`not a notebook: the file is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const nb = json as { nbformat?: unknown; cells?: unknown; metadata?: Record<string, any> };
  if (typeof nb !== 'object' || nb === null || !Array.isArray(nb.cells)) throw new NotebookFormatError('not a notebook: no "cells" list');
  if (nb.nbformat !== 4) throw new NotebookFormatError(`unsupported notebook format ${JSON.stringify(nb.nbformat)} (this reads nbformat 4)`);
  const warnings: string[] = [];
  const lang = nb.metadata?.kernelspec?.language ?? nb.metadata?.language_info?.name;
  if (typeof lang === 'string' && !/^(javascript|js|typescript)$/i.test(lang))
    warnings.push(`this notebook is written in ${lang}; tensorpad runs JavaScript`);
  const cells = checkCells(
    (nb.cells as Record<string, unknown>[]).map((c, i) => ({
      type: c?.cell_type === 'raw' ? 'markdown' : c?.cell_type,
      source: sourceText(c?.source, `cell ${i + 1}`),
    })),
  );
  const meta = nb.metadata?.tensorpad ?? {};
  const title = typeof meta.title === 'string' && meta.title ? meta.title : fallbackTitle;
  const notebook = newNotebook(title, cells);
  if (typeof meta.description === 'string') notebook.description = meta.description;
  return { notebook, warnings };
}

/** A file name for downloading the notebook. */
export function fileName(nb: Notebook): string {
  return `${nb.title.trim().replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'notebook'}.ipynb`;
}
