// Histograms of one tag and run on a canvas, as TensorBoard's Histograms tab draws them: "offset"
// stacks one ridge per step, oldest at the back (top), newest in front (bottom); "overlay" draws
// every step on one baseline, older ones fainter. Histograms are re-binned onto common bins.
import type { HistogramPoint } from '../summary/loader.js';
import { withAlpha } from './colors.js';
import type { CardContext } from './context.js';
import { h } from './dom.js';
import { formatNumber } from './format.js';
import { rebin } from './stats.js';

const BINS = 40;
const MAX_RIDGES = 60;
const MARGIN = { left: 8, right: 56, top: 8, bottom: 22 };

interface Prepared {
  steps: number[];
  counts: Float64Array[];
  lo: number;
  hi: number;
  maxCount: number;
}

/** Up to `max` indices spread evenly over [0, n), always keeping the last. */
export function sampleIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.round((k * (n - 1)) / (max - 1)));
  return [...new Set(out)];
}

/** "Nice" axis ticks over [lo, hi]: about `count` multiples of 1, 2 or 5 times a power of ten. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

export class HistogramCard {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly tooltip: HTMLElement;
  private points: HistogramPoint[] = [];
  private prepared: Prepared | null = null;
  private dirty = true;
  private readonly resize: ResizeObserver | null;

  constructor(
    readonly tag: string,
    readonly run: string,
    private readonly ctx: CardContext,
  ) {
    this.canvas = h('canvas', { class: 'tp-hist-canvas' });
    this.tooltip = h('div', { class: 'tp-tooltip', hidden: true });
    const swatch = h('span', { class: 'tp-swatch' });
    swatch.style.background = ctx.colorOf(run);
    this.element = h(
      'section',
      { class: 'tp-card tp-hist-card', 'data-tag': tag, 'data-run': run },
      h('h3', {}, swatch, tag, h('span', { class: 'tp-run-name' }, run)),
      h('div', { class: 'tp-chart' }, this.canvas, this.tooltip),
    );
    this.canvas.addEventListener('mousemove', (e) => this.onHover(e));
    this.canvas.addEventListener('mouseleave', () => (this.tooltip.hidden = true));
    this.resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.draw());
    this.resize?.observe(this.canvas);
  }

  setPoints(points: HistogramPoint[]): void {
    this.points = points;
    this.dirty = true;
  }

  touch(): void {
    this.dirty = true;
  }

  /** True when render() has something to draw. */
  get isDirty(): boolean {
    return this.dirty;
  }

  render(): void {
    if (!this.dirty || !this.element.isConnected) return;
    this.dirty = false;
    this.prepared = this.prepare();
    this.draw();
  }

  private prepare(): Prepared | null {
    const idx = sampleIndices(this.points.length, MAX_RIDGES);
    if (idx.length === 0) return null;
    let lo = Infinity;
    let hi = -Infinity;
    for (const i of idx)
      for (const [l, r, c] of this.points[i]!.buckets) {
        if (!(c > 0)) continue;
        lo = Math.min(lo, l);
        hi = Math.max(hi, r);
      }
    if (lo === Infinity) [lo, hi] = [0, 1];
    if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
    const counts = idx.map((i) => rebin(this.points[i]!.buckets, lo, hi, BINS));
    let maxCount = 0;
    for (const c of counts) for (const v of c) maxCount = Math.max(maxCount, v);
    return { steps: idx.map((i) => this.points[i]!.step), counts, lo, hi, maxCount: maxCount || 1 };
  }

  private geometry() {
    const w = this.canvas.clientWidth;
    const hgt = this.canvas.clientHeight;
    const plotW = Math.max(10, w - MARGIN.left - MARGIN.right);
    const plotH = Math.max(10, hgt - MARGIN.top - MARGIN.bottom);
    return { w, hgt, plotW, plotH };
  }

  private baseline(i: number, n: number, plotH: number, offset: boolean): { base: number; ridge: number } {
    if (!offset) return { base: MARGIN.top + plotH, ridge: plotH };
    const ridge = plotH * 0.4;
    const base = MARGIN.top + ridge + (n > 1 ? (i / (n - 1)) * (plotH - ridge) : plotH - ridge);
    return { base, ridge };
  }

  private draw(): void {
    const p = this.prepared;
    const dpr = (typeof devicePixelRatio === 'number' && devicePixelRatio) || 1;
    const { w, hgt, plotW, plotH } = this.geometry();
    if (w === 0) return;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(hgt * dpr);
    const g = this.canvas.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, hgt);
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#656d76';
    if (!p) {
      g.fillText('no data', MARGIN.left, MARGIN.top + 12);
      return;
    }
    const color = this.ctx.colorOf(this.run);
    const offset = this.ctx.settings.histogramMode === 'offset';
    const n = p.counts.length;
    const xAt = (k: number) => MARGIN.left + ((k + 0.5) / BINS) * plotW;
    for (let i = 0; i < n; i++) {
      const { base, ridge } = this.baseline(i, n, plotH, offset);
      const c = p.counts[i]!;
      const age = n > 1 ? i / (n - 1) : 1;
      g.beginPath();
      g.moveTo(MARGIN.left, base);
      for (let k = 0; k < BINS; k++) g.lineTo(xAt(k), base - (c[k]! / p.maxCount) * ridge);
      g.lineTo(MARGIN.left + plotW, base);
      if (offset) {
        g.fillStyle = withAlpha(color, 0.15 + 0.45 * age);
        g.fill();
        g.strokeStyle = '#ffffff';
        g.lineWidth = 1;
        g.stroke();
      } else {
        g.strokeStyle = withAlpha(color, 0.15 + 0.85 * age);
        g.lineWidth = i === n - 1 ? 2 : 1;
        g.stroke();
      }
    }
    // Step labels on the right (offset), value ticks below.
    g.fillStyle = '#656d76';
    g.textAlign = 'left';
    if (offset)
      for (const i of sampleIndices(n, 6)) g.fillText(String(p.steps[i]), MARGIN.left + plotW + 6, this.baseline(i, n, plotH, true).base + 4);
    g.textAlign = 'center';
    for (const t of niceTicks(p.lo, p.hi, Math.max(2, Math.floor(plotW / 80)))) {
      const x = MARGIN.left + ((t - p.lo) / (p.hi - p.lo)) * plotW;
      g.fillText(formatNumber(t), x, hgt - 6);
    }
  }

  private onHover(e: MouseEvent): void {
    const p = this.prepared;
    if (!p) return;
    const rect = this.canvas.getBoundingClientRect();
    const mx = e.clientX - rect.left;
    const my = e.clientY - rect.top;
    const { plotW, plotH } = this.geometry();
    const k = Math.floor(((mx - MARGIN.left) / plotW) * BINS);
    if (k < 0 || k >= BINS) {
      this.tooltip.hidden = true;
      return;
    }
    const n = p.counts.length;
    const offset = this.ctx.settings.histogramMode === 'offset';
    let best = n - 1;
    if (offset) {
      let bestDist = Infinity;
      for (let i = 0; i < n; i++) {
        const d = Math.abs(this.baseline(i, n, plotH, true).base - my);
        if (d < bestDist) [best, bestDist] = [i, d];
      }
    }
    const width = (p.hi - p.lo) / BINS;
    this.tooltip.replaceChildren(
      h('div', {}, `step ${p.steps[best]}`),
      h('div', {}, `[${formatNumber(p.lo + k * width)}, ${formatNumber(p.lo + (k + 1) * width)}): ${formatNumber(p.counts[best]![k]!)}`),
    );
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${Math.min(mx + 12, this.canvas.clientWidth - this.tooltip.offsetWidth)}px`;
    this.tooltip.style.top = `${my + 12}px`;
  }

  destroy(): void {
    this.resize?.disconnect();
    this.element.remove();
  }
}
