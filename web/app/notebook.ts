// The notebook model of the playground and its .ipynb form (nbformat 4, language javascript), the
// format of examples/ and of downloads, so notebooks live in git and render on GitHub.

export type CellType = 'code' | 'markdown';

export interface Cell {
  id: string;
  type: CellType;
  source: string;
  /** Outputs saved in the .ipynb it was opened from (shown until the cell runs here). */
  saved?: SavedCellOutput[];
}

/** An output read from a .ipynb: text (streams, text/plain results, errors) or a PNG image. */
export type SavedCellOutput = { kind: 'text'; text: string; stream?: 'stdout' | 'stderr' } | { kind: 'image'; png: string };

const MAX_SAVED_CHARS = 200_000;
const MAX_SAVED_PNG = 4_000_000;

export interface Notebook {
  id: string;
  title: string;
  cells: Cell[];
  /** Milliseconds since the epoch of the last change. */
  updated: number;
  /** One-line description (examples). */
  description?: string;
  /** The language of a notebook opened from a file, when it is not JavaScript ('python'). */
  foreignLanguage?: string;
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

const joined = (t: unknown): string => (typeof t === 'string' ? t : Array.isArray(t) ? t.filter((l) => typeof l === 'string').join('') : '');

/** The outputs a code cell of an .ipynb was saved with, as far as they can be shown safely. */
export function savedOutputs(outputs: unknown): SavedCellOutput[] {
  if (!Array.isArray(outputs)) return [];
  const out: SavedCellOutput[] = [];
  let chars = 0;
  const text = (t: string, stream?: 'stdout' | 'stderr') => {
    if (chars > MAX_SAVED_CHARS || t === '') return;
    chars += t.length;
    // Tracebacks carry ANSI colours.
    out.push({ kind: 'text', text: t.replace(/\u001b\[[0-9;]*m/g, ''), ...(stream ? { stream } : {}) });
  };
  for (const o of outputs as Record<string, any>[]) {
    if (!o || typeof o !== 'object') continue;
    if (o.output_type === 'stream') text(joined(o.text), o.name === 'stderr' ? 'stderr' : 'stdout');
    else if (o.output_type === 'error') text(Array.isArray(o.traceback) && o.traceback.length ? o.traceback.join('\n') : `${o.ename}: ${o.evalue}`, 'stderr');
    else if (o.output_type === 'execute_result' || o.output_type === 'display_data') {
      const png = joined(o.data?.['image/png']).replace(/\s+/g, '');
      // Only an image or the plain text: HTML outputs are never put in the page.
      if (png && png.length <= MAX_SAVED_PNG && /^[A-Za-z0-9+/]+=*$/.test(png)) out.push({ kind: 'image', png });
      else text(joined(o.data?.['text/plain']));
    }
  }
  return out;
}

/**
 * Reads .ipynb text (nbformat 4). Raw cells become markdown; other languages are accepted with a
 * warning, since their code will not run here: such a notebook keeps its saved outputs to read.
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
  const foreign = typeof lang === 'string' && !/^(javascript|js|typescript)$/i.test(lang) ? lang : undefined;
  if (foreign) warnings.push(`this notebook is written in ${foreign}; tensorpad runs JavaScript`);
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
  if (foreign) notebook.foreignLanguage = foreign;
  (nb.cells as Record<string, unknown>[]).forEach((c, i) => {
    const saved = c?.cell_type === 'code' ? savedOutputs(c.outputs) : [];
    if (saved.length) cells[i]!.saved = saved;
  });
  return { notebook, warnings };
}

/** A file name for downloading the notebook. */
export function fileName(nb: Notebook): string {
  return `${nb.title.trim().replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'notebook'}.ipynb`;
}
