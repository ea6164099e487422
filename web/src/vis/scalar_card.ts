// One scalar tag: a uPlot chart with every run's raw series (faint) and smoothed series, a
// tooltip, drag-to-zoom, and CSV/JSON downloads. Live data is appended to the series' columns
// and handed to the same uPlot instance with setData; only an axis-type change (step/relative/
// wall, linear/log) builds a new instance.
import uPlot from 'uplot';
import type { ScalarPoint } from '../summary/loader.js';
import { saveBytes } from '../summary/zip.js';
import { lighten } from './colors.js';
import type { CardContext } from './context.js';
import { h } from './dom.js';
import { downloadName, formatDuration, formatNumber, formatWallTime, scalarsCsv, scalarsJson } from './format.js';
import { DecimatedSeries } from './decimate.js';
import { IncrementalSmoother } from './smoothing.js';
import { chartExtent } from './stats.js';
import { axisWidth, INTEGER_INCRS, labelWidth } from './axes.js';

const HEIGHT = 230;
const Y_RANGE_MILLIS = 250;
// Live charts redraw at up to 20 fps each: smooth to the eye, and the page keeps its 60 fps.
const LIVE_REDRAW_MILLIS = 50;
// Lines wider than one pixel leave the rasterizer's fast hairline path (10-50x slower in
// software canvas): series longer than this are drawn 1 pixel wide.
const THICK_LINE_MAX_POINTS = 2000;
const TABLE_MAX_ROWS = 500;

interface RunSeries {
  run: string;
  points: ScalarPoint[];
  consumed: number;
  x: number[];
  y: (number | null)[];
  ys: (number | null)[];
  smoother: IncrementalSmoother;
  xSorted: boolean;
  /** Chart-resolution versions of y and ys, handed to uPlot instead of the full columns. */
  lodRaw: DecimatedSeries;
  lodSmooth: DecimatedSeries;
  dot: HTMLElement;
}

function xOf(p: ScalarPoint, axis: CardContext['settings']['xAxis'], first: number): number {
  return axis === 'step' ? p.step : axis === 'wall' ? p.wallTime : (p.wallTime - first) / 3600;
}

/** Index of the point whose x is nearest `x` (binary search when sorted). */
function nearest(xs: number[], x: number, sorted: boolean): number {
  const n = xs.length;
  if (n === 0) return -1;
  if (!sorted) {
    let best = 0;
    for (let i = 1; i < n; i++) if (Math.abs(xs[i]! - x) < Math.abs(xs[best]! - x)) best = i;
    return best;
  }
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && Math.abs(xs[lo - 1]! - x) <= Math.abs(xs[lo]! - x) ? lo - 1 : lo;
}

function padded(range: [number, number] | null, log: boolean): [number, number] {
  if (!range) return log ? [1, 10] : [0, 1];
  let [lo, hi] = range;
  if (log) {
    // Whole decades, so the log axis starts and ends on labelled powers of ten.
    const a = Math.floor(Math.log10(lo));
    const b = Math.max(a + 1, Math.ceil(Math.log10(hi)));
    return [10 ** a, 10 ** b];
  }
  const span = hi - lo || Math.abs(hi) * 0.1 || 1;
  lo -= span * 0.05;
  hi += span * 0.05;
  return [lo, hi];
}

/** Log-axis ticks for any positive range: 1, 2, 5 x 10^k, or only powers of ten over many decades. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min)) return [];
  const a = Math.floor(Math.log10(min));
  const b = Math.ceil(Math.log10(max));
  const steps = b - a > 4 ? [1] : [1, 2, 5];
  const out: number[] = [];
  for (let k = a; k <= b && out.length < 60; k++)
    for (const m of steps) {
      const v = m * 10 ** k;
      if (v >= min * (1 - 1e-12) && v <= max * (1 + 1e-12)) out.push(v);
    }
  return out;
}

export class ScalarCard {
  readonly element: HTMLElement;
  private readonly chartEl: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly runSelect: HTMLSelectElement;
  private readonly series: RunSeries[] = [];
  private u: uPlot | null = null;
  private xRange: [number, number] = [0, 1];
  private yRange: [number, number] = [0, 1];
  private zoom: { x: [number, number]; y: [number, number] } | null = null;
  private dirty = true;
  // The y extent is O(points) (percentiles over every visible value): while data streams in it
  // is recomputed at most every Y_RANGE_MILLIS; the x extent is O(runs) and always current.
  private yRangeAt = -Infinity;
  private yRangeStale = true;
  private drawnAt = -Infinity;
  private hoverX: number | null = null;
  private readonly resize: ResizeObserver | null;

  constructor(
    readonly tag: string,
    private readonly ctx: CardContext,
    description?: string,
  ) {
    this.runSelect = h('select', { class: 'tp-dl-run', title: 'Run to download', 'aria-label': `Run to download (${tag})` });
    const download = (kind: 'csv' | 'json') => () => {
      const s = this.series.find((r) => r.run === this.runSelect.value);
      if (!s) return;
      const body = kind === 'csv' ? scalarsCsv(s.points) : scalarsJson(s.points);
      saveBytes(body, downloadName(s.run, tag, kind), kind === 'csv' ? 'text/csv' : 'application/json');
    };
    this.chartEl = h('div', { class: 'tp-chart' });
    this.tooltip = h('div', { class: 'tp-tooltip', hidden: true });
    this.element = h(
      'section',
      { class: 'tp-card tp-scalar-card', 'data-tag': tag },
      h(
        'h3',
        {},
        tag,
        h(
          'span',
          { class: 'tp-card-tools' },
          this.runSelect,
          h('button', { class: 'tp-dl-csv', title: 'Download the raw series as CSV', onclick: download('csv') }, 'CSV'),
          h('button', { class: 'tp-dl-json', title: 'Download the raw series as JSON', onclick: download('json') }, 'JSON'),
        ),
      ),
      description ? h('div', { class: 'tp-desc' }, description) : null,
      this.chartEl,
      this.dataTable(),
    );
    this.chartEl.append(this.tooltip);
    this.resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            if (this.u && this.chartEl.clientWidth > 0 && Math.abs(this.u.width - this.chartEl.clientWidth) > 1)
              this.u.setSize({ width: this.chartEl.clientWidth, height: HEIGHT });
          });
    this.resize?.observe(this.chartEl);
  }

  // The chart's text alternative: every shown run's points as a table, built when opened.
  private dataTable(): HTMLDetailsElement {
    const summary = h('summary', {}, 'Data as a table');
    const details = h('details', { class: 'tp-data' }, summary);
    const fill = (open: boolean): void => {
      details.querySelector('table')?.remove();
      details.querySelector('.tp-data-note')?.remove();
      if (!open) return;
      const rows: HTMLElement[] = [];
      let cut = 0;
      for (const s of this.visible()) {
        const shown = s.points.length > TABLE_MAX_ROWS ? s.points.slice(-TABLE_MAX_ROWS) : s.points;
        cut += s.points.length - shown.length;
        for (const p of shown) rows.push(h('tr', {}, h('td', {}, s.run), h('td', {}, String(p.step)), h('td', {}, formatNumber(p.value))));
      }
      const head = h('tr', {}, h('th', {}, 'Run'), h('th', {}, 'Step'), h('th', {}, 'Value'));
      details.append(h('table', {}, h('caption', { class: 'tp-visually-hidden' }, `Values of ${this.tag}`), h('thead', {}, head), h('tbody', {}, ...rows)));
      if (cut) details.append(h('div', { class: 'tp-data-note' }, `Last ${TABLE_MAX_ROWS} points of each run shown; the CSV has all.`));
    };
    // Filled in the click that opens it (toggle fires a task later), so the rows are there at once;
    // toggle keeps it right when opened otherwise and empties it when closed.
    summary.addEventListener('click', () => !details.open && fill(true));
    details.addEventListener('toggle', () => fill(details.open));
    return details;
  }

  /** Number of points drawn per run, for tests and status. */
  pointCounts(): Record<string, number> {
    return Object.fromEntries(this.series.map((s) => [s.run, s.x.length]));
  }

  /** Registers a run's series (the accumulator's array, read as it grows). */
  setRun(run: string, points: ScalarPoint[]): void {
    let s = this.series.find((r) => r.run === run);
    if (!s) {
      const dot = h('div', { class: 'tp-dot', hidden: true });
      dot.style.background = this.ctx.colorOf(run);
      s = {
        run,
        points,
        consumed: 0,
        x: [],
        y: [],
        ys: [],
        smoother: new IncrementalSmoother(this.ctx.settings.smoothing),
        xSorted: true,
        lodRaw: new DecimatedSeries(),
        lodSmooth: new DecimatedSeries(),
        dot,
      };
      this.series.push(s);
      this.runSelect.append(h('option', { value: run }, run));
      if (this.u) this.addUplotSeries(s, this.series.length - 1);
    } else if (s.points !== points) {
      s.points = points;
      this.resetSeries(s);
    }
    this.dirty = true;
  }

  /** The run's points lost some (preemption): rebuild its columns. */
  resetRun(run: string): void {
    const s = this.series.find((r) => r.run === run);
    if (s) this.resetSeries(s);
    this.dirty = true;
    this.yRangeStale = true;
  }

  /** Marks new points to draw; `settingsChanged` (filters, outliers...) also refits the y range now. */
  touch(settingsChanged = false): void {
    this.dirty = true;
    if (settingsChanged) this.yRangeStale = true;
  }

  /** True when render() has something to draw. */
  get isDirty(): boolean {
    return this.dirty;
  }

  /** Settings that change how columns are computed (smoothing, axis, log) were changed. */
  rebuild(recreate: boolean): void {
    this.yRangeStale = true;
    for (const s of this.series) this.resetSeries(s);
    if (recreate) this.destroyChart();
    this.zoom = recreate ? null : this.zoom;
    this.dirty = true;
  }

  private resetSeries(s: RunSeries): void {
    s.consumed = 0;
    s.x = [];
    s.y = [];
    s.ys = [];
    s.xSorted = true;
    s.smoother = new IncrementalSmoother(this.ctx.settings.smoothing);
    s.lodRaw = new DecimatedSeries();
    s.lodSmooth = new DecimatedSeries();
  }

  private consume(s: RunSeries): void {
    const { xAxis, logScale } = this.ctx.settings;
    const pts = s.points;
    if (pts.length < s.consumed) this.resetSeries(s);
    const start = s.consumed;
    const first = pts[0]?.wallTime ?? 0;
    const wasConstant = s.smoother.isConstant;
    const ok = (v: number) => Number.isFinite(v) && (!logScale || v > 0);
    for (let i = s.consumed; i < pts.length; i++) {
      const p = pts[i]!;
      const x = xOf(p, xAxis, first);
      if (s.x.length > 0 && x < s.x[s.x.length - 1]!) s.xSorted = false;
      s.x.push(x);
      s.y.push(ok(p.value) ? p.value : null);
      const sm = s.smoother.next(p.value);
      s.ys.push(ok(sm) ? sm : null);
    }
    s.consumed = pts.length;
    if (s.smoother.isConstant) {
      // TensorBoard leaves a constant series unsmoothed.
      for (let i = start; i < s.y.length; i++) s.ys[i] = s.y[i]!;
    } else if (wasConstant && start > 0) {
      // The series just stopped being constant: its earlier points, drawn unsmoothed, need the
      // real average.
      const again = new IncrementalSmoother(this.ctx.settings.smoothing);
      for (let i = 0; i < pts.length; i++) {
        const sm = again.next(pts[i]!.value);
        s.ys[i] = ok(sm) ? sm : null;
      }
      s.smoother = again;
      s.lodSmooth = new DecimatedSeries(); // earlier values changed
    }
  }

  private visible(): RunSeries[] {
    return this.series.filter((s) => this.ctx.runVisible(s.run));
  }

  private computeRanges(): void {
    const vis = this.visible();
    const log = this.ctx.settings.logScale;
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of vis) {
      const n = s.x.length;
      if (n === 0) continue;
      if (s.xSorted) {
        lo = Math.min(lo, s.x[0]!);
        hi = Math.max(hi, s.x[n - 1]!);
      } else
        for (const v of s.x) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
    }
    if (lo === Infinity) [lo, hi] = [0, 1];
    if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
    this.xRange = [lo, hi];
    const now = typeof performance !== 'undefined' ? performance.now() : Date.now();
    if (this.yRangeStale || now - this.yRangeAt >= Y_RANGE_MILLIS) {
      // Raw values too: the faint raw line must not run off the top either.
      this.yRange = padded(chartExtent(vis.flatMap((s) => [s.y, s.ys]), this.ctx.settings.ignoreOutliers), log);
      this.yRangeAt = now;
      this.yRangeStale = false;
    }
  }

  private seriesOpts(s: RunSeries, smoothed: boolean): uPlot.Series {
    const color = this.ctx.colorOf(s.run);
    return {
      label: `${s.run}${smoothed ? '' : ' (raw)'}`,
      // The raw series faint, as TensorBoard's, but opaque: cheaper to draw than a translucent line.
      stroke: smoothed ? color : lighten(color, 0.7),
      width: smoothed ? this.lineWidth(s) : 1,
      show: this.ctx.runVisible(s.run),
      points: { show: false },
      facets: [
        { scale: 'x', auto: false },
        { scale: 'y', auto: false },
      ],
    } as uPlot.Series;
  }

  private addUplotSeries(s: RunSeries, i: number): void {
    this.u!.addSeries(this.seriesOpts(s, false), 1 + 2 * i);
    this.u!.addSeries(this.seriesOpts(s, true), 2 + 2 * i);
  }

  private data(): uPlot.AlignedData {
    const d: unknown[] = [null];
    // Unzoomed, one M4 bucket per two pixel columns draws the same picture as every point; zoomed
    // in, the full columns are drawn (uPlot then decimates what is visible).
    const width = this.u ? this.u.bbox.width / uPlot.pxRatio : this.chartEl.clientWidth || 400;
    const buckets = Math.max(100, Math.floor(width / 2));
    for (const s of this.series) {
      if (this.zoom || !s.xSorted) {
        d.push([s.x, s.y], [s.x, s.ys]);
        continue;
      }
      s.lodRaw.update(s.x, s.y, buckets);
      // A smoothed series has no pixel-scale detail to keep: coarser buckets draw it the same.
      s.lodSmooth.update(s.x, s.ys, buckets / 2);
      d.push([s.lodRaw.x, s.lodRaw.y], [s.lodSmooth.x, s.lodSmooth.y]);
    }
    return d as unknown as uPlot.AlignedData;
  }

  private lineWidth(s: RunSeries): number {
    return s.x.length > THICK_LINE_MAX_POINTS ? 1 : 2;
  }

  private createChart(): void {
    const { xAxis, logScale } = this.ctx.settings;
    const width = Math.max(200, this.chartEl.clientWidth || 400);
    const opts: uPlot.Options = {
      mode: 2,
      width,
      height: HEIGHT,
      legend: { show: false },
      cursor: {
        drag: { x: true, y: true, uni: 20, setScale: false },
        points: { show: false },
        dataIdx: () => null as unknown as number,
        bind: { dblclick: () => () => null },
      },
      scales: {
        x: { time: xAxis === 'wall', auto: false, range: () => this.zoom?.x ?? this.xRange },
        y: { auto: false, distr: logScale ? 3 : 1, log: 10, range: () => this.zoom?.y ?? this.yRange },
      },
      axes: [
        {
          scale: 'x',
          stroke: '#656d76',
          grid: { stroke: '#eaeef2', width: 1 },
          ticks: { stroke: '#d0d7de', width: 1 },
          ...(xAxis === 'wall' ? {} : { values: (_u: uPlot, splits: number[]) => splits.map((v) => (xAxis === 'relative' ? `${formatNumber(v)}h` : formatNumber(v))) }),
          // Steps are whole numbers: no tick at 0.5 on a 3-epoch run.
          ...(xAxis === 'step' ? { incrs: INTEGER_INCRS as number[] } : {}),
        },
        {
          scale: 'y',
          stroke: '#656d76',
          size: (_u: uPlot, values: string[] | null) => axisWidth(values, labelWidth),
          grid: { stroke: '#eaeef2', width: 1 },
          ticks: { stroke: '#d0d7de', width: 1 },
          values: (_u: uPlot, splits: number[]) => splits.map((v) => formatNumber(v)),
          // uPlot's own log ticks start at the scale minimum and assume it is a power of ten; a
          // zoomed range is not, so ticks are placed here for any range.
          ...(logScale ? { splits: (u: uPlot) => logTicks(u.scales.y!.min!, u.scales.y!.max!) } : {}),
        },
      ],
      series: [{}, ...this.series.flatMap((s) => [this.seriesOpts(s, false), this.seriesOpts(s, true)])],
      hooks: {
        setSelect: [(u: uPlot) => this.onSelect(u)],
      },
    };
    this.u = new uPlot(opts, this.data(), this.chartEl);
    this.ctx.chartCreated();
    for (const s of this.series) this.u.over.append(s.dot);
    this.u.over.addEventListener('mousemove', (e) => this.onHover(e));
    this.u.over.addEventListener('mouseleave', () => this.hideHover());
    this.u.over.addEventListener('dblclick', () => {
      this.zoom = null;
      this.applyScales();
    });
  }

  private onSelect(u: uPlot): void {
    const sel = u.select;
    if (sel.width < 4 && sel.height < 4) return;
    const x0 = u.posToVal(sel.left, 'x');
    const x1 = u.posToVal(sel.left + sel.width, 'x');
    const y0 = u.posToVal(sel.top + sel.height, 'y');
    const y1 = u.posToVal(sel.top, 'y');
    // A flat drag (uni) keeps the other axis as it is.
    this.zoom = {
      x: sel.width >= 4 ? [x0, x1] : u.scales.x!.min != null ? [u.scales.x!.min, u.scales.x!.max!] : this.xRange,
      y: sel.height >= 4 && sel.height < u.over.clientHeight ? [y0, y1] : [u.scales.y!.min!, u.scales.y!.max!],
    };
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    this.applyScales();
  }

  private applyScales(): void {
    const u = this.u;
    if (!u) return;
    const x = this.zoom?.x ?? this.xRange;
    const y = this.zoom?.y ?? this.yRange;
    u.batch(() => {
      u.setScale('x', { min: x[0], max: x[1] });
      u.setScale('y', { min: y[0], max: y[1] });
    });
  }

  /** Draws pending changes. Cheap when nothing changed. */
  render(): void {
    if (!this.dirty) return;
    if (!this.u && !this.element.isConnected) return; // uPlot measures its container: wait until shown
    // New data alone redraws a chart at most every LIVE_REDRAW_MILLIS (it stays dirty meanwhile);
    // a settings change redraws at once.
    const now = performance.now();
    if (this.u && !this.yRangeStale && now - this.drawnAt < LIVE_REDRAW_MILLIS) return;
    this.drawnAt = now;
    this.dirty = false;
    for (const s of this.series) this.consume(s);
    this.computeRanges();
    if (!this.u) {
      this.createChart();
      this.applyScales();
      return;
    }
    const u = this.u;
    u.batch(() => {
      this.series.forEach((s, i) => {
        const show = this.ctx.runVisible(s.run);
        if (u.series[1 + 2 * i]!.show !== show) {
          u.setSeries(1 + 2 * i, { show });
          u.setSeries(2 + 2 * i, { show });
        }
        u.series[2 + 2 * i]!.width = this.lineWidth(s);
      });
      u.setData(this.data(), false);
      const x = this.zoom?.x ?? this.xRange;
      const y = this.zoom?.y ?? this.yRange;
      u.setScale('x', { min: x[0], max: x[1] });
      u.setScale('y', { min: y[0], max: y[1] });
    });
    if (this.hoverX !== null) this.showHover(this.hoverX);
  }

  private onHover(e: MouseEvent): void {
    const u = this.u;
    if (!u) return;
    const rect = u.over.getBoundingClientRect();
    this.hoverX = e.clientX - rect.left;
    this.showHover(this.hoverX, e.clientY - rect.top);
  }

  private hideHover(): void {
    this.hoverX = null;
    this.tooltip.hidden = true;
    for (const s of this.series) s.dot.hidden = true;
  }

  private showHover(left: number, top?: number): void {
    const u = this.u;
    if (!u) return;
    const xVal = u.posToVal(left, 'x');
    const rows: HTMLElement[] = [];
    for (const s of this.series) {
      s.dot.hidden = true;
      if (!this.ctx.runVisible(s.run) || s.x.length === 0) continue;
      const i = nearest(s.x, xVal, s.xSorted);
      const p = s.points[i];
      if (!p) continue;
      const sm = s.ys[i] ?? null;
      if (sm !== null) {
        s.dot.hidden = false;
        s.dot.style.left = `${u.valToPos(s.x[i]!, 'x')}px`;
        s.dot.style.top = `${u.valToPos(sm, 'y')}px`;
      }
      const swatch = h('span', { class: 'tp-swatch' });
      swatch.style.background = this.ctx.colorOf(s.run);
      rows.push(
        h(
          'tr',
          { 'data-run': s.run, 'data-step': p.step },
          h('td', {}, swatch),
          h('td', { class: 'tp-tt-run' }, s.run),
          h('td', { class: 'tp-tt-smoothed' }, formatNumber(sm)),
          h('td', { class: 'tp-tt-value', 'data-value': String(p.value) }, formatNumber(p.value)),
          h('td', { class: 'tp-tt-step' }, String(p.step)),
          h('td', { class: 'tp-tt-time' }, formatWallTime(p.wallTime)),
          h('td', { class: 'tp-tt-relative' }, formatDuration(p.wallTime - (s.points[0]?.wallTime ?? p.wallTime))),
        ),
      );
    }
    if (rows.length === 0) {
      this.tooltip.hidden = true;
      return;
    }
    const head = h('tr', {}, ...['', 'Run', 'Smoothed', 'Value', 'Step', 'Time', 'Relative'].map((t) => h('th', {}, t)));
    this.tooltip.replaceChildren(h('table', {}, h('thead', {}, head), h('tbody', {}, ...rows)));
    this.tooltip.hidden = false;
    // Beside the cursor, flipped to the left half when the cursor is on the right.
    const overLeft = u.over.offsetLeft;
    const width = this.chartEl.clientWidth;
    const tw = this.tooltip.offsetWidth;
    const x = overLeft + left;
    this.tooltip.style.left = `${Math.max(0, x + 16 + tw > width ? x - 16 - tw : x + 16)}px`;
    this.tooltip.style.top = `${Math.max(0, (top ?? 20) + u.over.offsetTop + 12)}px`;
  }

  private destroyChart(): void {
    this.hideHover();
    this.u?.destroy();
    this.u = null;
  }

  destroy(): void {
    this.resize?.disconnect();
    this.destroyChart();
    this.element.remove();
  }
}
