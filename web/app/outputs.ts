// Renders a cell's outputs as they stream in: console lines, tensors, tables, line charts (uPlot,
// colors of the TensorBoard dashboard), scatter plots and heatmaps (canvas), progress lines, and
// training metrics as a live TensorBoard (tp.vis.dashboard on a live feed). Work is batched per
// animation frame with a time budget, so a flood of output never blocks the page.
import uPlot from 'uplot';
import { createLiveFeed, type LiveFeed } from '../src/summary/live.ts';
import { allIntegers, axisWidth, INTEGER_INCRS, labelWidth } from '../src/vis/axes.ts';
import { PALETTE } from '../src/vis/colors.ts';
import { dashboard, type Dashboard } from '../src/vis/dashboard.ts';
import { sourceExcerpt } from '../src/worker/format.ts';
import { confusionText } from '../src/worker/display_images.ts';
import type { CellError, Output } from '../src/worker/protocol.ts';
import type { LogdirStorage } from '../src/summary/storage.ts';
import type { SavedCellOutput } from './notebook.ts';

const FRAME_BUDGET_MS = 6;
const MAX_STREAM_CHARS = 200_000;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function fmt(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(parseFloat(v.toPrecision(6)));
  return String(v);
}

/** Nice tick values covering [lo, hi]. */
function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
const VIRIDIS_RGB = VIRIDIS.map(hexToRgb);

function colormap(t: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, t)) * (VIRIDIS_RGB.length - 1);
  const i = Math.min(VIRIDIS_RGB.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS_RGB[i]!;
  const b = VIRIDIS_RGB[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

interface PlotFrame {
  ctx: CanvasRenderingContext2D;
  /** Data -> pixel. */
  px(x: number): number;
  py(y: number): number;
  w: number;
  h: number;
}

const PLOT_W = 420;
const PLOT_H = 300;
const PAD = { l: 48, r: 12, t: 10, b: 30 };

// Axes with ticks on a canvas; returns the data-to-pixel mapping.
function plotFrame(canvas: HTMLCanvasElement, xr: [number, number], yr: [number, number], xLabel?: string, yLabel?: string): PlotFrame {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = PLOT_W * dpr;
  canvas.height = PLOT_H * dpr;
  canvas.style.width = `${PLOT_W}px`;
  canvas.style.height = `${PLOT_H}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(dpr, dpr);
  const w = PLOT_W - PAD.l - PAD.r;
  const h = PLOT_H - PAD.t - PAD.b;
  const px = (x: number) => PAD.l + ((x - xr[0]) / (xr[1] - xr[0] || 1)) * w;
  const py = (y: number) => PAD.t + h - ((y - yr[0]) / (yr[1] - yr[0] || 1)) * h;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, PLOT_W, PLOT_H);
  ctx.strokeStyle = '#d0d7de';
  ctx.strokeRect(PAD.l, PAD.t, w, h);
  ctx.fillStyle = '#57606a';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (const t of ticks(xr[0], xr[1])) ctx.fillText(fmt(t), px(t), PAD.t + h + 14);
  ctx.textAlign = 'right';
  for (const t of ticks(yr[0], yr[1])) ctx.fillText(fmt(t), PAD.l - 4, py(t) + 4);
  ctx.textAlign = 'center';
  if (xLabel) ctx.fillText(xLabel, PAD.l + w / 2, PLOT_H - 2);
  if (yLabel) {
    ctx.save();
    ctx.translate(10, PAD.t + h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(yLabel, 0, 0);
    ctx.restore();
  }
  return { ctx, px, py, w, h };
}

function extent(xs: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of xs)
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function renderScatter(o: Extract<Output, { kind: 'scatter' }>): HTMLElement {
  const box = el('figure', 'out-plot out-scatter');
  if (o.title) box.append(el('figcaption', '', o.title));
  const canvas = el('canvas');
  box.append(canvas);
  const f = plotFrame(canvas, extent(o.x), extent(o.y), o.xLabel, o.yLabel);
  for (let i = 0; i < o.x.length; i++) {
    const label = o.labels?.[i] ?? 0;
    f.ctx.fillStyle = PALETTE[((label % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
    f.ctx.beginPath();
    f.ctx.arc(f.px(o.x[i]!), f.py(o.y[i]!), 3, 0, 2 * Math.PI);
    f.ctx.fill();
  }
  const classes = o.labels ? new Set(o.labels).size : 1;
  box.setAttribute('aria-label', `Scatter plot${o.title ? ` "${o.title}"` : ''}: ${o.x.length} points${classes > 1 ? ` in ${classes} classes` : ''}`);
  const columns = [o.xLabel ?? 'x', o.yLabel ?? 'y', ...(o.labels ? ['class'] : [])];
  box.append(tableOnRequest(() => dataTable(`Points of the scatter plot`, columns, o.x.map((x, i) => [x, o.y[i] ?? null, ...(o.labels ? [o.labels[i] ?? null] : [])]))));
  return box;
}

function renderHeatmap(o: Extract<Output, { kind: 'heatmap' }>): HTMLElement {
  const box = el('figure', 'out-plot out-heatmap');
  if (o.title) box.append(el('figcaption', '', o.title));
  const canvas = el('canvas');
  box.append(canvas);
  const [x0, x1, y0, y1] = o.extent ?? [0, o.cols, 0, o.rows];
  const f = plotFrame(canvas, [x0, x1], [y0, y1]);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of o.values)
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  const img = document.createElement('canvas');
  img.width = o.cols;
  img.height = o.rows;
  const ictx = img.getContext('2d')!;
  const data = ictx.createImageData(o.cols, o.rows);
  for (let r = 0; r < o.rows; r++)
    for (let c = 0; c < o.cols; c++) {
      // Row 0 is the bottom of the plot (y grows upwards), as in imshow(origin='lower').
      const v = o.values[r * o.cols + c]!;
      const [R, G, B] = colormap(hi > lo ? (v - lo) / (hi - lo) : 0.5);
      const at = ((o.rows - 1 - r) * o.cols + c) * 4;
      data.data[at] = R;
      data.data[at + 1] = G;
      data.data[at + 2] = B;
      data.data[at + 3] = 255;
    }
  ictx.putImageData(data, 0, 0);
  f.ctx.imageSmoothingEnabled = false;
  f.ctx.drawImage(img, f.px(x0), f.py(y1), f.w, f.h);
  box.append(el('div', 'out-legend', `${fmt(lo)} … ${fmt(hi)}`));
  box.setAttribute('aria-label', `Heatmap${o.title ? ` "${o.title}"` : ''}: ${o.rows} by ${o.cols} values from ${fmt(lo)} to ${fmt(hi)}`);
  box.append(
    tableOnRequest(() =>
      dataTable('Values of the heatmap, top row first', ['row', ...Array.from({ length: o.cols }, (_, c) => String(c))], Array.from({ length: o.rows }, (_, k) => {
        const r = o.rows - 1 - k;
        return [r, ...o.values.slice(r * o.cols, (r + 1) * o.cols)];
      })),
    ),
  );
  return box;
}

// A grid of small images with captions. The canvas is one picture (role img) whose label is the
// kernel's text alternative (sizes, captions, wrong predictions), so screen readers get the content.
function renderImages(o: Extract<Output, { kind: 'images' }>): HTMLElement {
  const box = el('figure', 'out-plot out-images');
  if (o.title) box.append(el('figcaption', '', o.title));
  const scale = Math.max(1, Math.min(16, o.scale ?? 2));
  const cols = Math.max(1, Math.min(o.count, o.columns ?? 10));
  const rowsN = Math.ceil(o.count / cols);
  const captionH = o.captions ? 14 : 0;
  const gap = 4;
  const cellW = Math.max(o.width * scale, o.captions ? 24 : 0);
  const cellH = o.height * scale + captionH;
  const W = cols * (cellW + gap);
  const H = rowsN * (cellH + gap);
  const canvas = el('canvas');
  canvas.width = W;
  canvas.height = H;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', o.alt);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  const tile = document.createElement('canvas');
  tile.width = o.width;
  tile.height = o.height;
  const tctx = tile.getContext('2d')!;
  const per = o.width * o.height * o.channels;
  ctx.imageSmoothingEnabled = false;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (let k = 0; k < o.count; k++) {
    const img = tctx.createImageData(o.width, o.height);
    for (let p = 0; p < o.width * o.height; p++)
      for (let ch = 0; ch < 3; ch++) img.data[p * 4 + ch] = o.pixels[k * per + p * o.channels + (o.channels === 3 ? ch : 0)]!;
    for (let p = 0; p < o.width * o.height; p++) img.data[p * 4 + 3] = 255;
    tctx.putImageData(img, 0, 0);
    const x = (k % cols) * (cellW + gap) + (cellW - o.width * scale) / 2;
    const y = Math.floor(k / cols) * (cellH + gap);
    ctx.drawImage(tile, x, y, o.width * scale, o.height * scale);
    if (o.captions) {
      const wrong = o.wrong?.[k] ?? false;
      ctx.fillStyle = wrong ? '#cf222e' : '#24292f';
      ctx.fillText(wrong ? `✗ ${o.captions[k]}` : o.captions[k]!, (k % cols) * (cellW + gap) + cellW / 2, y + o.height * scale + 11);
      if (wrong) {
        ctx.strokeStyle = '#cf222e';
        ctx.strokeRect(x - 1, y - 1, o.width * scale + 2, o.height * scale + 2);
      }
    }
  }
  box.append(canvas);
  if (o.wrong) box.append(el('div', 'out-legend', `${o.wrong.filter(Boolean).length} of ${o.count} predictions wrong (marked ✗, in red)`));
  return box;
}

// A confusion matrix as a real table (readable by screen readers and copyable), cells shaded by
// their share of the true class's row.
function renderConfusion(o: Extract<Output, { kind: 'confusion' }>): HTMLElement {
  const k = o.classNames.length;
  const table = el('table', 'out-table out-confusion');
  table.append(el('caption', '', `${o.title ? `${o.title}: ` : ''}rows are true classes, columns predicted classes`));
  const head = el('tr');
  head.append(el('th', '', 'true \\ predicted'));
  for (const c of o.classNames) {
    const th = el('th', '', c);
    th.scope = 'col';
    head.append(th);
  }
  head.append(el('th', '', 'recall'));
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  let right = 0;
  let total = 0;
  for (let i = 0; i < k; i++) {
    const tr = el('tr');
    const th = el('th', '', o.classNames[i]);
    th.scope = 'row';
    tr.append(th);
    const row = o.counts.slice(i * k, (i + 1) * k);
    const sum = row.reduce((a, b) => a + b, 0);
    row.forEach((v, j) => {
      const td = el('td', 'num', String(v));
      const share = sum ? v / sum : 0;
      if (v > 0) td.style.background = i === j ? `rgba(31, 136, 61, ${0.15 + 0.6 * share})` : `rgba(207, 34, 46, ${0.1 + 0.7 * share})`;
      tr.append(td);
    });
    tr.append(el('td', 'num', sum ? `${((100 * row[i]!) / sum).toFixed(1)}%` : '-'));
    right += row[i]!;
    total += sum;
    table.tBodies[0]!.append(tr);
  }
  const wrap = el('div', 'out-table-wrap');
  wrap.append(table, el('div', 'out-note', `accuracy ${total ? ((100 * right) / total).toFixed(2) : '-'}% (${right} of ${total})`));
  return wrap;
}


/** The values of a chart as a table (its text alternative, built when asked for). */
function dataTable(caption: string, columns: string[], rows: (number | null)[][]): HTMLTableElement {
  const table = el('table', 'out-table');
  table.append(el('caption', 'visually-hidden', caption));
  const head = el('tr');
  for (const c of columns) head.append(el('th', '', c));
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  for (const r of rows) {
    const tr = el('tr');
    for (const v of r) tr.append(el('td', 'num', v === null ? '' : fmt(v)));
    table.tBodies[0]!.append(tr);
  }
  return table;
}

/** A "Data as a table" disclosure whose table is built when first opened. */
function tableOnRequest(build: () => HTMLTableElement): HTMLDetailsElement {
  const details = el('details', 'out-chart-data');
  const summary = el('summary', '', 'Data as a table');
  details.append(summary);
  // Built in the click that opens it (toggle fires a task later), so the table is there at once.
  const fill = () => {
    if (details.children.length === 1) details.append(build());
  };
  summary.addEventListener('click', fill);
  details.addEventListener('toggle', () => details.open && fill());
  return details;
}

/**
 * A line chart (uPlot). Series take the palette in order, so the lines of one chart are always
 * distinct; a whole-number x axis (steps, epochs) has whole-number ticks; the y axis is as wide as
 * its labels; the legend shows names, and values only under the cursor. Its data can be shown as
 * a table, the chart's text alternative.
 */
class LineChart {
  readonly element = el('figure', 'out-plot out-chart');
  private u: uPlot | null = null;
  private names = '';
  private last: { columns: string[]; rows: (number | null)[][] } = { columns: [], rows: [] };
  private table: HTMLDetailsElement | null = null;

  update(o: Extract<Output, { kind: 'chart' }>): void {
    // One x column for all series: the union of their x values (series without x use indices).
    const xsOf = (s: (typeof o.series)[number]) => s.x ?? s.y.map((_, i) => i);
    const xset = new Set<number>();
    for (const s of o.series) for (const x of xsOf(s)) xset.add(x);
    const xs = [...xset].sort((a, b) => a - b);
    const index = new Map(xs.map((x, i) => [x, i]));
    const ys = o.series.map((s) => {
      const col: (number | null)[] = new Array(xs.length).fill(null);
      xsOf(s).forEach((x, i) => (col[index.get(x)!] = s.y[i] ?? null));
      return col;
    });
    const xName = o.xLabel ?? 'x';
    this.last = { columns: [xName, ...o.series.map((s) => s.name)], rows: xs.map((x, i) => [x, ...ys.map((c) => c[i] ?? null)]) };
    const integerX = allIntegers(xs);
    const names = o.series.map((s) => s.name).join('\u0000') + (o.logY ? ':log' : '') + (integerX ? ':int' : '');
    const describe = (): void => {
      const range = xs.length ? `${fmt(xs[0]!)} to ${fmt(xs[xs.length - 1]!)}` : 'no points yet';
      this.element.setAttribute('aria-label', `Line chart${o.title ? ` "${o.title}"` : ''}: ${o.series.map((s) => s.name).join(', ')} against ${xName}, ${range}`);
      this.element.dataset.series = JSON.stringify(o.series.map((s) => s.name));
      if (this.table?.open) this.fillTable();
    };
    if (!this.u || names !== this.names) {
      this.u?.destroy();
      this.element.replaceChildren();
      if (o.title) this.element.append(el('figcaption', '', o.title));
      this.names = names;
      const value = (_u: uPlot, v: number | null) => (v === null || v === undefined ? '' : fmt(v));
      // 520 px, or the output area's width on a narrow screen.
      const room = this.element.parentElement?.clientWidth || 520;
      this.u = new uPlot(
        {
          width: Math.max(240, Math.min(520, room - 8)),
          height: 260,
          scales: { x: { time: false }, y: o.logY ? { distr: 3 } : {} },
          axes: [
            {
              label: o.xLabel,
              ...(integerX ? { incrs: INTEGER_INCRS as number[] } : {}),
              values: (u: uPlot, splits: number[]) => {
                this.element.dataset.xTicks = splits.join(' ');
                this.element.dataset.xRange = `${u.scales.x!.min} ${u.scales.x!.max}`;
                return splits.map((v) => fmt(v));
              },
            },
            {
              label: o.yLabel,
              values: (_u: uPlot, splits: number[]) => splits.map((v) => fmt(v)),
              size: (_u: uPlot, values: string[] | null) => axisWidth(values, labelWidth),
            },
          ],
          series: [
            { label: xName, value },
            ...o.series.map((s, i) => ({ label: s.name, stroke: PALETTE[i % PALETTE.length], width: 2, spanGaps: true, value })),
          ],
          legend: { show: true },
          cursor: { drag: { x: true, y: false } },
        },
        [xs, ...ys] as uPlot.AlignedData,
        this.element,
      );
      const details = el('details', 'out-chart-data');
      const summary = el('summary', '', 'Data as a table');
      details.append(summary);
      // Filled in the click that opens it (toggle fires a task later), so the rows are there at once.
      summary.addEventListener('click', () => !details.open && this.fillTable());
      details.addEventListener('toggle', () => details.open && this.fillTable());
      this.table = details;
      this.element.append(details);
    } else {
      this.u.setData([xs, ...ys] as uPlot.AlignedData);
    }
    describe();
  }

  private fillTable(): void {
    const caption = `Values of ${this.element.getAttribute('aria-label') ?? 'the chart'}`;
    this.table!.replaceChildren(this.table!.firstElementChild!, dataTable(caption, this.last.columns, this.last.rows));
  }

  destroy(): void {
    this.u?.destroy();
  }
}

/** Training metrics of a cell as a live TensorBoard (the dashboard's own scalar cards). */
class MetricsBoard {
  readonly element = el('div', 'out-metrics');
  private readonly feed: LiveFeed = createLiveFeed();
  private board: Dashboard | null = null;

  add(o: Extract<Output, { kind: 'metrics' }>): void {
    if (!this.board) this.board = dashboard(this.element, this.feed, { tab: 'scalars', smoothing: 0 });
    const now = Date.now() / 1000;
    this.feed.publishScalars(
      o.run,
      Object.entries(o.values).map(([tag, v]) => ({ tag, steps: [o.step], wallTimes: [now], values: [v] })),
    );
  }

  destroy(): void {
    this.board?.destroy();
  }
}

/** Where inline dashboards read event files: the page's log storage and the open notebook's folder in it. */
let dashboardSource: (() => { storage: LogdirStorage; root: string } | null) | null = null;
export function setDashboardSource(f: () => { storage: LogdirStorage; root: string } | null): void {
  dashboardSource = f;
}

/** The output area of one cell. */
export class OutputArea {
  readonly element = el('div', 'outputs');
  private readonly queue: { output: Output; key?: string }[] = [];
  private scheduled = false;
  private stream: HTMLPreElement | null = null;
  private streamChars = 0;
  private readonly keyed = new Map<string, { element: HTMLElement; chart?: LineChart; download?: { name: 'stdout' | 'stderr'; text: string } }>();
  private metrics: MetricsBoard | null = null;
  private readonly boards: Dashboard[] = [];
  private readonly charts: LineChart[] = [];
  /** Text of console/stdout outputs, for .ipynb download. */
  text: { name: 'stdout' | 'stderr'; text: string }[] = [];

  clear(): void {
    this.queue.length = 0;
    this.stream = null;
    this.streamChars = 0;
    this.keyed.clear();
    this.metrics?.destroy();
    this.metrics = null;
    for (const c of this.charts.splice(0)) c.destroy();
    for (const b of this.boards.splice(0)) b.destroy();
    this.text = [];
    this.element.replaceChildren();
    this.element.removeAttribute('data-kinds');
  }

  push(output: Output, key?: string): void {
    this.queue.push({ output, key });
    if (!this.scheduled) {
      this.scheduled = true;
      requestAnimationFrame(() => this.flush());
    }
  }

  /** Renders what is queued now (tests and the end of a run). */
  flushNow(): void {
    while (this.queue.length > 0) this.render(this.queue.shift()!);
  }

  private flush(): void {
    const start = performance.now();
    while (this.queue.length > 0 && performance.now() - start < FRAME_BUDGET_MS) {
      // Of several updates to one keyed output (a live chart), only the last needs drawing.
      const next = this.queue.shift()!;
      if (next.key && this.queue.some((q) => q.key === next.key)) continue;
      this.render(next);
    }
    if (this.queue.length > 0) requestAnimationFrame(() => this.flush());
    else this.scheduled = false;
  }

  private mark(kind: string): void {
    const kinds = new Set((this.element.dataset.kinds ?? '').split(' ').filter(Boolean));
    kinds.add(kind);
    this.element.dataset.kinds = [...kinds].join(' ');
  }

  private appendStream(text: string, cls: string, name: 'stdout' | 'stderr'): void {
    this.text.push({ name, text: `${text}\n` });
    if (this.streamChars > MAX_STREAM_CHARS) return;
    this.streamChars += text.length;
    if (!this.stream) {
      this.stream = el('pre', 'out-stream');
      this.element.append(this.stream);
    }
    const line = el('span', cls, `${text}\n`);
    this.stream.append(line);
    if (this.streamChars > MAX_STREAM_CHARS) this.stream.append(el('span', 'log-warn', '... (output truncated on the page)\n'));
  }

  private place(node: HTMLElement, key?: string): void {
    this.stream = null; // later console lines start a new block below this output
    if (key) {
      const old = this.keyed.get(key);
      if (old) {
        old.element.replaceWith(node);
        old.element = node;
        return;
      }
      this.keyed.set(key, { element: node });
    }
    this.element.append(node);
  }

  private render({ output: o, key }: { output: Output; key?: string }): void {
    this.mark(o.kind);
    switch (o.kind) {
      case 'log':
        this.appendStream(o.text, `log-${o.level}`, o.level === 'error' || o.level === 'warn' ? 'stderr' : 'stdout');
        break;
      case 'text':
        this.appendStream(o.text, o.stream === 'stderr' ? 'log-error' : 'log-log', o.stream ?? 'stdout');
        break;
      case 'tensor':
        this.place(el('pre', 'out-tensor', o.text), key);
        this.text.push({ name: 'stdout', text: `${o.text}\n` });
        break;
      case 'progress': {
        // A terminal line (a Keras progress bar, a status bar): updated in place, in monospace.
        const existing = key ? this.keyed.get(key) : undefined;
        if (existing) {
          existing.element.textContent = o.text;
          if (existing.download) existing.download.text = `${o.text}\n`;
        } else {
          this.place(el('pre', 'out-progress', o.text), key);
          const download = { name: 'stdout' as const, text: `${o.text}\n` };
          this.text.push(download);
          if (key) this.keyed.get(key)!.download = download;
        }
        break;
      }
      case 'table': {
        const table = el('table', 'out-table');
        const head = el('tr');
        for (const c of o.columns) head.append(el('th', '', c));
        table.append(el('thead'), el('tbody'));
        table.tHead!.append(head);
        for (const r of o.rows) {
          const tr = el('tr');
          for (const v of r) tr.append(el('td', typeof v === 'number' ? 'num' : '', fmt(v)));
          table.tBodies[0]!.append(tr);
        }
        const wrap = el('div', 'out-table-wrap');
        wrap.append(table);
        if (o.truncated) wrap.append(el('div', 'out-note', `… ${o.truncated} more rows`));
        this.place(wrap, key);
        break;
      }
      case 'chart': {
        const existing = key ? this.keyed.get(key) : undefined;
        if (existing?.chart) {
          existing.chart.update(o);
          break;
        }
        const chart = new LineChart();
        this.charts.push(chart);
        this.place(chart.element, key);
        if (key) this.keyed.get(key)!.chart = chart;
        chart.update(o);
        break;
      }
      case 'scatter':
        this.place(renderScatter(o), key);
        break;
      case 'heatmap':
        this.place(renderHeatmap(o), key);
        break;
      case 'images':
        this.place(renderImages(o), key);
        this.text.push({ name: 'stdout', text: `[${o.alt}]\n` });
        break;
      case 'confusion':
        this.place(renderConfusion(o), key);
        this.text.push({ name: 'stdout', text: `${confusionText(o)}\n` });
        break;
      case 'dashboard': {
        const box = el('div', 'out-dashboard');
        this.place(box, key);
        const src = dashboardSource?.();
        if (!src) {
          box.append(el('div', 'out-note', `TensorBoard: no log storage in this page (logdir ${o.logdir})`));
          break;
        }
        const logdir = [src.root, o.logdir].filter(Boolean).join('/');
        box.dataset.logdir = logdir;
        this.boards.push(dashboard(box, src.storage, { logdir, tab: o.tab ?? 'scalars', smoothing: 0 }));
        break;
      }
      case 'metrics':
        if (!this.metrics) {
          this.metrics = new MetricsBoard();
          this.place(this.metrics.element);
        }
        this.metrics.add(o);
        break;
      default:
        break;
    }
  }

  /** Shows the cell's value. */
  result(o: Output | undefined): void {
    this.flushNow();
    if (!o) return;
    const node = o.kind === 'table' || o.kind === 'chart' || o.kind === 'scatter' || o.kind === 'heatmap' || o.kind === 'images' || o.kind === 'confusion' ? null : el('pre', `out-result out-${o.kind}`, (o as { text: string }).text);
    if (node) {
      this.place(node);
      this.mark('result');
      this.text.push({ name: 'stdout', text: `${(o as { text: string }).text}\n` });
    } else this.render({ output: o });
  }

  /** Outputs saved in the .ipynb the cell came from (read-only: the notebook may be Python). */
  saved(outputs: SavedCellOutput[], note: string): void {
    const box = el('div', 'out-saved');
    box.append(el('div', 'out-note', note));
    for (const o of outputs) {
      if (o.kind === 'image') {
        const img = el('img');
        img.src = `data:image/png;base64,${o.png}`;
        img.alt = 'Saved image output of this cell';
        box.append(img);
      } else box.append(el('pre', o.stream === 'stderr' ? 'log-error' : 'out-stream', o.text));
    }
    this.place(box);
    this.mark('saved');
  }

  /** Shows a failure; `source` is the text of the cell where it happened, for the caret excerpt. */
  error(e: CellError, note?: string, source?: string): void {
    this.flushNow();
    const at = e.line ? `line ${e.line}${e.column ? `, column ${e.column}` : ''}` : '';
    const where = at ? ` (${at}${e.inRun ? ' of the cell that defined this code' : ''})` : '';
    const excerpt = e.line && e.column && source !== undefined ? sourceExcerpt(source, e.line, e.column) : '';
    const text = `${e.name}: ${e.message}${where}${excerpt ? `\n\n${excerpt}` : ''}`;
    const box = el('pre', 'out-error', text);
    if (note) box.append(el('div', 'out-note', note));
    this.place(box);
    this.mark('error');
    this.text.push({ name: 'stderr', text: `${text}\n` });
  }
}
