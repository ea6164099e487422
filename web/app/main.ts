// The playground: a notebook of markdown and code cells whose code runs in a kernel worker inside
// a sandboxed iframe (tp.worker's runtime), autosaved to IndexedDB, shared as a link, opened from
// .ipynb files and examples. body[data-state], cell[data-status] and window.tpPlayground are what
// the end-to-end tests read.
import 'uplot/dist/uPlot.min.css';
import type { EditorView } from '@codemirror/view';
import { serveStorage } from '../src/summary/storage_channel.ts';
import { IndexedDbStorage } from '../src/summary/storage_idb.ts';
import { MemoryStorage, type LogdirStorage } from '../src/summary/storage.ts';
import { createRuntime, type Runtime } from '../src/worker/runtime.ts';
import type { CellResult } from '../src/worker/protocol.ts';
import { createEditor, markErrorLine, setCompletionNames, setText } from './editor.ts';
import { EXAMPLES, loadExample } from './examples.ts';
import { createKernelHost, type KernelHost } from './kernel_host.ts';
import { kernelPlacement, kernelUrlSetting } from './kernel_origin.ts';
import { renderMarkdown } from './markdown.ts';
import { fileName, fromIpynb, newCell, newNotebook, toIpynb, type Cell, type CellType, type Notebook } from './notebook.ts';
import { OutputArea, setDashboardSource } from './outputs.ts';
import { decodeNotebook, shareUrl, WARN_LINK_CHARS } from './share.ts';
import { openNotebookStore, type NotebookStore } from './store.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const LAST_KEY = 'tensorpad:last-notebook';

interface CellView {
  cell: Cell;
  root: HTMLElement;
  editor: EditorView;
  editorBox: HTMLElement;
  mdView: HTMLElement;
  count: HTMLElement;
  outputs: OutputArea;
  editing: boolean;
}

/** Where the open notebook came from: only 'saved' notebooks are written to storage as they change. */
type Origin = 'saved' | 'link' | 'example' | 'file';

const app = {
  nb: newNotebook(),
  origin: 'saved' as Origin,
  store: null as NotebookStore | null,
  runtime: null as Runtime | null,
  kernelHost: null as KernelHost | null,
  /** Set when the kernel's process crashed, until the runtime reports the restart. */
  crash: null as string | null,
  views: new Map<string, CellView>(),
  undo: [] as Cell[][],
  runCount: 0,
  runToCell: new Map<number, string>(),
  running: false,
  saveTimer: 0 as ReturnType<typeof setTimeout> | 0,
  logStorage: null as LogdirStorage | null,
  notebookRoot: '',
};

// ---------------------------------------------------------------------------------------------
// Messages

function banner(text: string, kind: 'info' | 'warn' | 'error' = 'info', link?: { href: string; text: string; after?: string }): void {
  const b = $('banner');
  $('banner-text').textContent = text;
  if (link) {
    const a = document.createElement('a');
    a.href = link.href;
    a.textContent = link.text;
    $('banner-text').append(' ', a, link.after ?? '');
  }
  b.className = kind;
  b.dataset.kind = kind;
  b.hidden = false;
}

function hideBanner(): void {
  $('banner').hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Storage

async function save(): Promise<void> {
  if (app.saveTimer) clearTimeout(app.saveTimer);
  app.saveTimer = 0;
  if (app.origin !== 'saved' || !app.store) return;
  app.nb.updated = Date.now();
  await app.store.put(app.nb);
  localStorage.setItem(LAST_KEY, app.nb.id);
  await refreshList();
}

/** A change by the user: a notebook from a link, an example or a file becomes one of theirs. */
function changed(): void {
  if (app.origin !== 'saved') {
    app.origin = 'saved';
    history.replaceState(null, '', `#id=${app.nb.id}`);
    hideBanner();
  }
  if (app.saveTimer) clearTimeout(app.saveTimer);
  app.saveTimer = setTimeout(() => void save(), 400);
}

async function refreshList(): Promise<void> {
  const select = $<HTMLSelectElement>('notebooks');
  const items = app.store ? await app.store.list() : [];
  const options = items.map((i) => new Option(i.title || 'Untitled', i.id));
  if (app.origin !== 'saved') options.unshift(new Option(`${app.nb.title} (not saved)`, app.nb.id));
  if (options.length === 0) options.push(new Option('(no saved notebooks)', ''));
  select.replaceChildren(...options);
  select.value = app.nb.id;
}

// ---------------------------------------------------------------------------------------------
// Cells

function snapshot(): void {
  app.undo.push(app.nb.cells.map((c) => ({ ...c })));
  if (app.undo.length > 100) app.undo.shift();
}

function renderMd(v: CellView): void {
  v.mdView.innerHTML = renderMarkdown(v.cell.source || '*Empty text cell: press Enter or double-click to edit.*');
  v.mdView.hidden = v.editing;
  v.editorBox.hidden = !v.editing;
}

function editMd(v: CellView): void {
  v.editing = true;
  renderMd(v);
  v.editor.focus();
}

/** Leaves a text cell's editor: shows it rendered, with the keyboard focus on it. */
function leaveMd(v: CellView): void {
  if (v.cell.source === '') return;
  v.editing = false;
  renderMd(v);
  v.mdView.focus();
}

// A cell's buttons (Run, and the tools) are one Tab stop, as a toolbar: the arrow keys move
// between them. With the editor (or a text cell's rendered view), a cell has two Tab stops.
function rovingButtons(buttons: HTMLButtonElement[]): void {
  buttons.forEach((b, i) => {
    b.tabIndex = i === 0 ? 0 : -1;
    b.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
      if (!step) return;
      e.preventDefault();
      const next = buttons[(i + step + buttons.length) % buttons.length]!;
      for (const o of buttons) o.tabIndex = o === next ? 0 : -1;
      next.focus();
    });
  });
}

function makeView(cell: Cell): CellView {
  const root = document.createElement('section');
  root.className = 'cell';
  root.dataset.type = cell.type;
  root.dataset.id = cell.id;
  root.dataset.status = 'idle';
  // Text cells have no Run button: Shift+Enter or Escape shows them rendered.
  const run = cell.type === 'code' ? '<button class="run" title="Run (Shift+Enter)" aria-label="Run cell">▶</button>' : '';
  root.innerHTML = `<div class="cell-side"><span class="count"></span>${run}</div>
<div class="cell-main"><div class="cell-tools" role="toolbar" aria-label="Cell">
<button data-act="up" title="Move up" aria-label="Move cell up">↑</button><button data-act="down" title="Move down" aria-label="Move cell down">↓</button>
<button data-act="code" title="Add a code cell below">+ code</button><button data-act="markdown" title="Add a text cell below">+ text</button>
<button data-act="delete" title="Delete cell" aria-label="Delete cell">delete</button></div>
<div class="editor"></div><div class="md-view"></div></div>`;
  rovingButtons([...root.querySelectorAll<HTMLButtonElement>('.run, .cell-tools button')]);
  const editorBox = root.querySelector<HTMLElement>('.editor')!;
  const mdView = root.querySelector<HTMLElement>('.md-view')!;
  const outputs = new OutputArea();
  root.querySelector('.cell-main')!.append(outputs.element);
  const view: CellView = {
    cell,
    root,
    editorBox,
    mdView,
    count: root.querySelector('.count')!,
    outputs,
    editing: cell.type === 'code' || cell.source === '',
    editor: null as unknown as EditorView,
  };
  view.editor = createEditor(editorBox, {
    doc: cell.source,
    language: cell.type === 'code' ? 'javascript' : 'markdown',
    label: cell.type === 'code' ? 'Code cell' : 'Text cell (Markdown)',
    onEscape: cell.type === 'markdown' ? () => leaveMd(view) : undefined,
    onChange(text) {
      view.cell.source = text;
      changed();
    },
    onRun(advance) {
      void runAndAdvance(view, advance);
    },
    onBlur() {
      if (view.cell.type === 'markdown' && view.cell.source !== '') {
        view.editing = false;
        renderMd(view);
      }
    },
  });
  if (cell.type === 'markdown') {
    // The rendered text is focusable: Enter edits it (as double-click does), Escape leaves.
    mdView.tabIndex = 0;
    mdView.setAttribute('role', 'group');
    mdView.setAttribute('aria-label', 'Text cell: press Enter to edit');
    mdView.addEventListener('dblclick', () => editMd(view));
    mdView.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.metaKey && e.target === mdView) {
        e.preventDefault();
        editMd(view);
      }
    });
    renderMd(view);
  } else mdView.hidden = true;
  root.querySelector('.run')?.addEventListener('click', () => void runAndAdvance(view, false));
  if (cell.saved?.length) outputs.saved(cell.saved, 'Saved in the file (not run here)');
  root.querySelector('.cell-tools')!.addEventListener('click', (e) => {
    const act = (e.target as HTMLElement).dataset.act;
    if (act === 'up' || act === 'down') moveCell(view.cell.id, act === 'up' ? -1 : 1);
    else if (act === 'delete') deleteCell(view.cell.id);
    else if (act === 'code' || act === 'markdown') addCell(act, view.cell.id);
  });
  return view;
}

/** Brings the DOM in line with app.nb.cells, reusing the views of cells that stay. */
function renderCells(): void {
  const main = $('cells');
  const keep = new Set(app.nb.cells.map((c) => c.id));
  for (const [id, v] of app.views)
    if (!keep.has(id)) {
      v.editor.destroy();
      v.outputs.clear();
      v.root.remove();
      app.views.delete(id);
    }
  app.nb.cells.forEach((cell, i) => {
    let v = app.views.get(cell.id);
    if (!v) {
      v = makeView(cell);
      app.views.set(cell.id, v);
    } else if (v.cell !== cell) {
      v.cell = cell;
      if (v.editor.state.doc.toString() !== cell.source) setText(v.editor, cell.source);
      if (cell.type === 'markdown') renderMd(v);
    }
    if (main.children[i] !== v.root) {
      main.insertBefore(v.root, main.children[i] ?? null);
      v.editor.requestMeasure(); // built detached: measure line heights now that it is in the page
    }
  });
}

function addCell(type: CellType, afterId?: string, source = ''): CellView {
  snapshot();
  const cell = newCell(type, source);
  const at = afterId ? app.nb.cells.findIndex((c) => c.id === afterId) + 1 : app.nb.cells.length;
  app.nb.cells.splice(at, 0, cell);
  renderCells();
  changed();
  const v = app.views.get(cell.id)!;
  v.editing = true;
  if (type === 'markdown') renderMd(v);
  v.editor.focus();
  return v;
}

function moveCell(id: string, by: number): void {
  const i = app.nb.cells.findIndex((c) => c.id === id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= app.nb.cells.length) return;
  snapshot();
  const [cell] = app.nb.cells.splice(i, 1);
  app.nb.cells.splice(j, 0, cell!);
  renderCells();
  changed();
}

function deleteCell(id: string): void {
  const i = app.nb.cells.findIndex((c) => c.id === id);
  if (i < 0) return;
  snapshot();
  app.nb.cells.splice(i, 1);
  renderCells();
  changed();
}

function undo(): void {
  const prev = app.undo.pop();
  if (!prev) return;
  app.nb.cells = prev;
  renderCells();
  changed();
}

// ---------------------------------------------------------------------------------------------
// Running

function setStatus(v: CellView, status: 'idle' | 'queued' | 'running' | 'done' | 'error'): void {
  v.root.dataset.status = status;
}

async function runCell(v: CellView): Promise<CellResult | null> {
  if (v.cell.type === 'markdown') {
    v.editing = false;
    renderMd(v);
    return null;
  }
  if (app.nb.foreignLanguage) {
    // Sent to the JavaScript kernel, Python fails at its first import: say what it is instead,
    // and keep the saved outputs.
    if (!v.root.querySelector('.out-foreign')) {
      const note = document.createElement('pre');
      note.className = 'out-error out-foreign';
      const link = document.createElement('a');
      link.href = './porting.html';
      link.textContent = 'the table from TF/Keras to tensorpad';
      note.append(`Not run: this cell is ${app.nb.foreignLanguage}, and tensorpad runs JavaScript. Port it with `, link, '.');
      v.outputs.element.prepend(note);
    }
    setStatus(v, 'error');
    return { ok: false, error: { name: 'NotJavaScript', message: `the notebook is ${app.nb.foreignLanguage}` }, durationMs: 0 };
  }
  const rt = app.runtime!;
  v.outputs.clear();
  markErrorLine(v.editor, null);
  setStatus(v, 'queued');
  v.count.textContent = '[*]';
  const result = await rt.run(v.cell.source, {
    onStart: (id) => app.runToCell.set(id, v.cell.id),
    onOutput: (o, key) => {
      if (v.root.dataset.status === 'queued') setStatus(v, 'running');
      v.outputs.push(o, key);
    },
  });
  v.count.textContent = `[${++app.runCount}]`;
  if (result.ok) {
    v.outputs.result(result.output);
    setStatus(v, 'done');
  } else {
    const note =
      result.error.name === 'RuntimeCrash'
        ? 'The kernel crashed while this cell ran and was restarted: every variable was cleared. The rest of the notebook is kept.'
        : result.reset
          ? 'The runtime was restarted: every variable was cleared.'
          : result.interrupted
            ? 'Stopped.'
            : undefined;
    const owner = result.error.inRun ? app.views.get(app.runToCell.get(result.error.inRun) ?? '') : v;
    v.outputs.error(result.error, note, owner?.cell.source);
    setStatus(v, 'error');
    if (result.error.line && owner) markErrorLine(owner.editor, result.error.line);
  }
  return result;
}

async function runAndAdvance(v: CellView, advance: boolean): Promise<void> {
  const p = runCell(v);
  if (advance) {
    const i = app.nb.cells.findIndex((c) => c.id === v.cell.id);
    const next = app.nb.cells[i + 1];
    if (next) {
      const nv = app.views.get(next.id)!;
      if (next.type === 'markdown' && !nv.editing) nv.root.querySelector<HTMLElement>('.md-view')!.scrollIntoView({ block: 'nearest' });
      else nv.editor.focus();
    } else addCell('code', v.cell.id);
  }
  await p;
}

async function runAll(): Promise<boolean> {
  for (const cell of [...app.nb.cells]) {
    const v = app.views.get(cell.id);
    if (!v) continue;
    const r = await runCell(v);
    if (r && !r.ok) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Kernel

function kernelState(state: string, text: string): void {
  const k = $('kernel');
  k.dataset.state = state;
  k.textContent = text;
}

function showIsolation(host: KernelHost): void {
  document.body.dataset.kernelIsolation = host.isolated ? 'process' : 'inline';
}

async function startKernel(): Promise<void> {
  const placement = kernelPlacement(location.href, kernelUrlSetting());
  if (!placement.url) console.info(`tensorpad: the kernel frame has no site of its own (${placement.why}); see README "Kernel isolation"`);
  const host = await createKernelHost(placement, {
    onCrash: (message) => {
      banner(
        'The kernel crashed, most likely because the code used up all the memory it may have (for example a loop that keeps making new arrays). ' +
          'It is being restarted, so every variable is gone: run the cells you need again. Your notebook, its text and the outputs of the other cells are kept.',
        'error',
      );
      document.body.dataset.crashes = String(Number(document.body.dataset.crashes ?? 0) + 1);
      // The runtime reports the restart within this task (see onReset).
      app.crash = message;
      queueMicrotask(() => (app.crash = null));
    },
    onFallback: () => (document.body.dataset.kernelIsolation = 'inline'),
  });
  app.kernelHost = host;
  showIsolation(host);
  app.runtime = createRuntime({
    spawn: host.spawn,
    // Each kernel reaches storage only through this port, confined to its notebook's folder.
    storagePort: () => {
      const channel = new MessageChannel();
      if (app.logStorage) serveStorage(channel.port1, app.logStorage, { root: app.notebookRoot });
      return channel.port2;
    },
    onStatus: (s) => kernelState(s, s === 'starting' ? 'starting…' : s === 'busy' ? 'running' : s === 'idle' ? 'ready' : s),
    onReset: (reason) => {
      // After a crash the page has already said what happened, in plainer words.
      if (!app.crash) banner(`The runtime was restarted (${reason}).`, 'warn');
      document.body.dataset.resets = String(Number(document.body.dataset.resets ?? 0) + 1);
    },
  });
  await app.runtime.ready();
  setCompletionNames(app.runtime.names);
}

async function restartKernel(reason: string): Promise<void> {
  if (!app.runtime) return;
  await app.runtime.restart(reason);
  setCompletionNames(app.runtime.names);
}

// ---------------------------------------------------------------------------------------------
// Opening notebooks

/** Shows `nb` (replacing the open notebook in the page, never in storage). */
async function show(nb: Notebook, origin: Origin): Promise<void> {
  if (app.saveTimer) await save();
  for (const v of app.views.values()) {
    v.editor.destroy();
    v.root.remove();
  }
  app.views.clear();
  app.undo = [];
  app.nb = nb;
  app.origin = origin;
  app.runCount = 0;
  $<HTMLInputElement>('title').value = nb.title;
  document.title = `${nb.title} · tensorpad`;
  renderCells();
  await refreshList();
  app.notebookRoot = `notebooks/${nb.id}`;
  $<HTMLAnchorElement>('tensorboard').href = `./dashboard.html?logdir=${encodeURIComponent(app.notebookRoot)}`;
  if (origin === 'saved') localStorage.setItem(LAST_KEY, nb.id);
  // A notebook's variables belong to it: a different notebook gets a fresh kernel.
  if (app.runtime && app.runtime.status !== 'starting') void restartKernel('another notebook was opened');
}

async function openDefault(): Promise<void> {
  const last = localStorage.getItem(LAST_KEY);
  const saved = last ? await app.store!.get(last) : undefined;
  if (saved) return show(saved, 'saved');
  const list = await app.store!.list();
  const first = list[0] ? await app.store!.get(list[0].id) : undefined;
  if (first) return show(first, 'saved');
  const welcome = loadExample(EXAMPLES[0]?.name ?? '') ?? newNotebook('Untitled');
  await show(welcome, 'example');
}

/** Opens what the URL fragment names: #nb=<link>, #example=<name>, #id=<saved id>. */
async function openFromHash(): Promise<void> {
  const hash = location.hash.slice(1);
  const [key, ...rest] = hash.split('=');
  const value = rest.join('=');
  if (key === 'nb') {
    try {
      const shared = decodeNotebook(value);
      await show(newNotebook(shared.title, shared.cells), 'link');
      banner('This notebook was opened from a shared link. Its code has not run: read it, then press Run (it runs sandboxed). Edit it to keep a copy in this browser.');
    } catch (e) {
      await openDefault();
      banner(`This link could not be opened: ${e instanceof Error ? e.message : String(e)}. Your saved notebooks were not changed.`, 'error');
      document.body.dataset.linkError = 'true';
    }
    return;
  }
  if (key === 'example') {
    const nb = loadExample(decodeURIComponent(value));
    if (nb) {
      await show(nb, 'example');
      banner(`Example "${nb.title}". Nothing has run yet: press Run all or Shift+Enter in a cell. Edit it to keep a copy in this browser.`);
    } else {
      await openDefault();
      banner(`There is no example named "${decodeURIComponent(value)}". See the Examples page for the list.`, 'error');
    }
    return;
  }
  if (key === 'id') {
    const nb = await app.store!.get(decodeURIComponent(value));
    if (nb) return show(nb, 'saved');
    await openDefault();
    banner('That notebook is not saved in this browser.', 'error');
    return;
  }
  await openDefault();
}

// ---------------------------------------------------------------------------------------------
// Files and sharing

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function downloadIpynb(): void {
  const outputs = new Map([...app.views].map(([id, v]) => [id, v.outputs.text]));
  download(fileName(app.nb), toIpynb(app.nb, outputs), 'application/x-ipynb+json');
}

function share(): string {
  const url = shareUrl(location.href, app.nb);
  $('share-box').hidden = false;
  $<HTMLInputElement>('share-url').value = url;
  $('share-size').textContent = `${url.length.toLocaleString('en')} characters`;
  $('share-warning').hidden = url.length <= WARN_LINK_CHARS;
  $('share-box').dataset.long = String(url.length > WARN_LINK_CHARS);
  $<HTMLInputElement>('share-url').select();
  return url;
}

// ---------------------------------------------------------------------------------------------

function wire(): void {
  setDashboardSource(() => (app.logStorage ? { storage: app.logStorage, root: app.notebookRoot } : null));
  $('run-all').addEventListener('click', () => void runAll());
  const more = $('more');
  const setMore = (open: boolean): void => {
    more.setAttribute('aria-expanded', String(open));
    $('more-tools').classList.toggle('open', open);
  };
  more.addEventListener('click', () => setMore(more.getAttribute('aria-expanded') !== 'true'));
  $('more-tools').addEventListener('click', (e) => {
    if ((e.target as HTMLElement).closest('button, a')) setMore(false);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && more.getAttribute('aria-expanded') === 'true') {
      setMore(false);
      more.focus();
    }
  });
  $('stop').addEventListener('click', () => app.runtime?.interrupt());
  $('restart').addEventListener('click', () => void restartKernel('Restart was pressed: every variable was cleared'));
  $('undo').addEventListener('click', undo);
  $('add-code').addEventListener('click', () => addCell('code'));
  $('add-markdown').addEventListener('click', () => addCell('markdown'));
  $('new').addEventListener('click', () => {
    const nb = newNotebook('Untitled');
    void show(nb, 'saved').then(save);
  });
  $('delete').addEventListener('click', async () => {
    if (app.origin === 'saved' && !confirm(`Delete "${app.nb.title}" from this browser?`)) return;
    if (app.origin === 'saved') await app.store!.remove(app.nb.id);
    localStorage.removeItem(LAST_KEY);
    history.replaceState(null, '', location.pathname);
    await openDefault();
  });
  $<HTMLSelectElement>('notebooks').addEventListener('change', async (e) => {
    const id = (e.target as HTMLSelectElement).value;
    const nb = id && id !== app.nb.id ? await app.store!.get(id) : undefined;
    if (nb) {
      history.replaceState(null, '', `#id=${nb.id}`);
      hideBanner();
      await show(nb, 'saved');
    }
  });
  $<HTMLInputElement>('title').addEventListener('input', (e) => {
    app.nb.title = (e.target as HTMLInputElement).value;
    changed();
  });
  $<HTMLInputElement>('open').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const { notebook, warnings } = fromIpynb(await file.text(), file.name.replace(/\.ipynb$/i, ''));
      await show(notebook, 'file');
      if (notebook.foreignLanguage) {
        const lang = notebook.foreignLanguage[0]!.toUpperCase() + notebook.foreignLanguage.slice(1);
        banner(
          `${file.name} is a ${lang} notebook: tensorpad runs JavaScript, so its code cells will not run here. Its saved outputs are shown. To port it, see`,
          'warn',
          { href: './porting.html', text: 'the table from TF/Keras to tensorpad', after: '.' },
        );
        document.body.dataset.foreign = notebook.foreignLanguage;
      } else {
        delete document.body.dataset.foreign;
        banner(`Opened ${file.name}. Nothing has run yet.${warnings.length ? ` Note: ${warnings.join('; ')}.` : ''} Edit it to keep it in this browser.`, warnings.length ? 'warn' : 'info');
      }
    } catch (err) {
      banner(`Could not open ${file.name}: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  });
  $('download').addEventListener('click', downloadIpynb);
  $('share').addEventListener('click', () => void share());
  $('share-copy').addEventListener('click', () => void navigator.clipboard?.writeText($<HTMLInputElement>('share-url').value).catch(() => undefined));
  $('share-download').addEventListener('click', downloadIpynb);
  $('share-close').addEventListener('click', () => ($('share-box').hidden = true));
  $('banner-close').addEventListener('click', hideBanner);
  window.addEventListener('hashchange', () => void openFromHash());
  document.addEventListener('keydown', (e) => {
    const inEditor = (e.target as HTMLElement).closest?.('.cm-editor, input, textarea');
    if (!inEditor && (e.ctrlKey || e.metaKey) && e.key === 'z') {
      e.preventDefault();
      undo();
    }
  });
}

/** What the end-to-end tests drive and read. */
const api = {
  app,
  markdown: { renderMarkdown },
  sources: () => app.nb.cells.map((c) => ({ type: c.type, source: c.source })),
  outputText: (i: number) => app.views.get(app.nb.cells[i]?.id ?? '')?.outputs.element.textContent ?? '',
  setSource(i: number, text: string) {
    const v = app.views.get(app.nb.cells[i]!.id)!;
    setText(v.editor, text);
  },
  runCell: (i: number) => runCell(app.views.get(app.nb.cells[i]!.id)!),
  runAll,
  share,
  savedNotebooks: async () => {
    const list = await app.store!.list();
    return Promise.all(list.map(async (i) => (await app.store!.get(i.id))!));
  },
  flush: () => save(),
  /** The kernel frame's address ('about:srcdoc' when it runs in the page's process). */
  kernelFrame: () => ({ url: app.kernelHost?.frame?.src || (app.kernelHost?.frame ? 'about:srcdoc' : null), isolated: app.kernelHost?.isolated ?? false }),
};
(window as unknown as { tpPlayground: typeof api }).tpPlayground = api;

// The built app caches itself for offline use (service_worker.js); the dev server has no sw.js.
function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js').then(
    (reg) => {
      const done = (): void => void (document.body.dataset.offline = 'ready');
      if (reg.active) done();
      else navigator.serviceWorker.ready.then(done, () => undefined);
    },
    (e: unknown) => console.warn('tensorpad: the offline cache could not be installed:', e),
  );
}

async function main(): Promise<void> {
  registerServiceWorker();
  wire();
  const { store, persistent } = await openNotebookStore();
  app.store = store;
  app.logStorage = persistent ? new IndexedDbStorage() : new MemoryStorage();
  if (!persistent) banner('This browser does not allow storage here: notebooks last until the page is closed. Download them to keep them.', 'warn');
  await openFromHash();
  document.body.dataset.state = 'ready';
  await startKernel();
  document.body.dataset.kernel = 'ready';
}

main().catch((e: unknown) => {
  document.body.dataset.state = 'error';
  banner(`The playground failed to start: ${e instanceof Error ? e.message : String(e)}`, 'error');
  console.error(e);
});
