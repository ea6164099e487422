// The loss curve beside the output heatmap: training (grey) and test (black) loss per epoch,
// drawn on a small canvas whose label reads the latest values out for screen readers.

const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '–');

export class LossCurve {
  private readonly points: number[][] = [];
  private max = 1e-6;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  clear(): void {
    this.points.length = 0;
    this.max = 1e-6;
    this.draw();
  }

  /** Adds [epoch, train, test] triples. */
  add(triples: Float32Array): void {
    for (let i = 0; i + 2 < triples.length; i += 3) {
      this.points.push([triples[i]!, triples[i + 1]!, triples[i + 2]!]);
      for (const v of [triples[i + 1]!, triples[i + 2]!]) if (Number.isFinite(v) && v > this.max) this.max = v;
    }
    // Long runs keep every other point of the older half: the curve's shape at bounded cost.
    if (this.points.length > 4000) {
      const old = this.points.splice(0, 2000);
      this.points.unshift(...old.filter((_, i) => i % 2 === 0));
    }
  }

  draw(): void {
    const { canvas, points, max } = this;
    const ctx = canvas.getContext('2d')!;
    const { width, height } = canvas;
    ctx.clearRect(0, 0, width, height);
    if (points.length < 2) return;
    const e0 = points[0]![0]!;
    const e1 = Math.max(points.at(-1)![0]!, e0 + 1);
    // At most one vertex per pixel column.
    const stride = Math.max(1, Math.floor(points.length / width));
    for (const [k, stroke] of [[1, '#767676'], [2, '#000']] as const) {
      ctx.beginPath();
      for (let i = 0; i < points.length; i += stride) {
        const pt = points[i]!;
        const x = ((pt[0]! - e0) / (e1 - e0)) * (width - 2) + 1;
        const y = height - 2 - (Math.min(Number.isFinite(pt[k]!) ? pt[k]! : max, max) / max) * (height - 4);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.strokeStyle = stroke;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
    const last = points.at(-1)!;
    canvas.setAttribute('aria-label', `Loss curve over ${Math.round(last[0]!)} epochs: training loss (grey) ${fmt(last[1]!)}, test loss (black) ${fmt(last[2]!)} now, highest ${fmt(max)}`);
  }
}
