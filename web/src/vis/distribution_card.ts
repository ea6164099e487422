// The Distributions tab: for one tag and run, the values at TensorBoard's basis points of each
// step's histogram (compressHistogram), drawn as nested bands around the median with uPlot.
import uPlot from 'uplot';
import type { HistogramPoint } from '../summary/loader.js';
import { withAlpha } from './colors.js';
import type { CardContext } from './context.js';
import { h } from './dom.js';
import { formatNumber } from './format.js';
import { compressHistogram, NORMAL_HISTOGRAM_BPS } from './stats.js';

const HEIGHT = 220;

export class DistributionCard {
  readonly element: HTMLElement;
  private readonly chartEl: HTMLElement;
  private points: HistogramPoint[] = [];
  private consumed = 0;
  private columns: number[][] = NORMAL_HISTOGRAM_BPS.map(() => []);
  private xs: number[] = [];
  private u: uPlot | null = null;
  private dirty = true;
  private readonly resize: ResizeObserver | null;

  constructor(
    readonly tag: string,
    readonly run: string,
    private readonly ctx: CardContext,
  ) {
    this.chartEl = h('div', { class: 'tp-chart' });
    const swatch = h('span', { class: 'tp-swatch' });
    swatch.style.background = ctx.colorOf(run);
    this.element = h(
      'section',
      { class: 'tp-card tp-dist-card', 'data-tag': tag, 'data-run': run },
      h('h3', {}, swatch, tag, h('span', { class: 'tp-run-name' }, run)),
      this.chartEl,
    );
    this.resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            if (this.u && this.chartEl.clientWidth > 0 && Math.abs(this.u.width - this.chartEl.clientWidth) > 1)
              this.u.setSize({ width: this.chartEl.clientWidth, height: HEIGHT });
          });
    this.resize?.observe(this.chartEl);
  }

  setPoints(points: HistogramPoint[]): void {
    if (points !== this.points || points.length < this.consumed) this.reset();
    this.points = points;
    this.dirty = true;
  }

  /** Rebuild columns (x-axis type changed); `recreate` for a new uPlot (time vs numeric axis). */
  rebuild(recreate: boolean): void {
    this.reset();
    if (recreate) {
      this.u?.destroy();
      this.u = null;
    }
    this.dirty = true;
  }

  touch(): void {
    this.dirty = true;
  }

  /** True when render() has something to draw. */
  get isDirty(): boolean {
    return this.dirty;
  }

  private reset(): void {
    this.consumed = 0;
    this.xs = [];
    this.columns = NORMAL_HISTOGRAM_BPS.map(() => []);
  }

  render(): void {
    if (!this.dirty || !this.element.isConnected) return;
    this.dirty = false;
    const axis = this.ctx.settings.xAxis;
    if (this.points.length < this.consumed) this.reset();
    const first = this.points[0]?.wallTime ?? 0;
    for (let i = this.consumed; i < this.points.length; i++) {
      const p = this.points[i]!;
      this.xs.push(axis === 'step' ? p.step : axis === 'wall' ? p.wallTime : (p.wallTime - first) / 3600);
      compressHistogram(p.buckets).forEach((v, k) => this.columns[k]!.push(v));
    }
    this.consumed = this.points.length;
    const data = [this.xs, ...this.columns] as uPlot.AlignedData;
    if (this.u) {
      this.u.setData(data);
      return;
    }
    const color = this.ctx.colorOf(this.run);
    const last = NORMAL_HISTOGRAM_BPS.length; // series index of the top basis point
    this.u = new uPlot(
      {
        width: Math.max(200, this.chartEl.clientWidth || 400),
        height: HEIGHT,
        legend: { show: false },
        cursor: { points: { show: false }, drag: { x: true, y: false } },
        scales: { x: { time: axis === 'wall' } },
        axes: [
          { stroke: '#656d76', grid: { stroke: '#eaeef2', width: 1 }, ...(axis === 'wall' ? {} : { values: (_u: uPlot, s: number[]) => s.map((v) => formatNumber(v)) }) },
          { stroke: '#656d76', size: 56, grid: { stroke: '#eaeef2', width: 1 }, values: (_u: uPlot, s: number[]) => s.map((v) => formatNumber(v)) },
        ],
        series: [
          {},
          ...NORMAL_HISTOGRAM_BPS.map((bp) => ({
            label: `${bp / 100}%`,
            stroke: bp === 5000 ? color : 'transparent',
            width: bp === 5000 ? 1.5 : 0,
            points: { show: false },
          })),
        ],
        // Nested bands: the outermost pair (0%, 100%) faintest, the inner ones darker.
        bands: [0, 1, 2, 3].map((k) => ({ series: [last - k, 1 + k] as [number, number], fill: withAlpha(color, 0.14 + 0.12 * k) })),
      },
      data,
      this.chartEl,
    );
    this.ctx.chartCreated();
  }

  destroy(): void {
    this.resize?.disconnect();
    this.u?.destroy();
    this.element.remove();
  }
}
