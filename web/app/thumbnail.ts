// Thumbnails of the examples' main charts for the gallery: the lesson's last line chart, saved in
// its .ipynb (scripts/example_thumbnails.mjs runs the lessons) as a display_data output with the
// chart's data ('application/vnd.tensorpad.chart+json') and a small SVG of it ('image/svg+xml',
// which GitHub shows too). The gallery draws from the data; nothing is fetched.
import type { ChartSeries } from '../src/worker/protocol.ts';

export const CHART_MIME = 'application/vnd.tensorpad.chart+json';
const MAX_POINTS = 48;
const COLORS = ['#0077bb', '#ee7733', '#66ccee', '#228833', '#aa3377', '#cc3311'];

export interface ChartThumb {
  title?: string;
  xLabel?: string;
  series: { name: string; x: number[]; y: number[] }[];
}

/** The chart's series, each thinned to at most MAX_POINTS evenly spaced points (x made explicit). */
export function chartThumb(chart: { title?: string; xLabel?: string; series: ChartSeries[] }): ChartThumb {
  return {
    ...(chart.title ? { title: chart.title } : {}),
    ...(chart.xLabel ? { xLabel: chart.xLabel } : {}),
    series: chart.series.map((s) => {
      const x = s.x ?? s.y.map((_, i) => i);
      const step = Math.max(1, Math.ceil(s.y.length / MAX_POINTS));
      const keep = s.y.map((_, i) => i).filter((i) => i % step === 0 || i === s.y.length - 1);
      const r = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(5)) : 0);
      return { name: s.name, x: keep.map((i) => r(x[i]!)), y: keep.map((i) => r(s.y[i]!)) };
    }),
  };
}

/** SVG polyline points of each series in a w x h box (2 px margin), y up. */
export function thumbPolylines(t: ChartThumb, w: number, h: number): { name: string; color: string; points: string }[] {
  const xs = t.series.flatMap((s) => s.x);
  const ys = t.series.flatMap((s) => s.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const px = (v: number) => 2 + ((v - x0) / (x1 - x0 || 1)) * (w - 4);
  const py = (v: number) => h - 2 - ((v - y0) / (y1 - y0 || 1)) * (h - 4);
  return t.series.map((s, i) => ({
    name: s.name,
    color: COLORS[i % COLORS.length]!,
    points: s.x.map((x, j) => `${px(x).toFixed(1)},${py(s.y[j]!).toFixed(1)}`).join(' '),
  }));
}

/** A standalone SVG of the thumbnail (saved in the .ipynb beside the data). */
export function thumbSvg(t: ChartThumb, w = 240, h = 120): string {
  const lines = thumbPolylines(t, w, h)
    .map((l) => `<polyline fill="none" stroke="${l.color}" stroke-width="2" points="${l.points}"/>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="${w}" height="${h}" fill="#fff" stroke="#d0d7de"/>${lines}</svg>`;
}

/** The saved thumbnail of an .ipynb's JSON, if it has one. */
export function savedThumb(ipynb: { cells?: { outputs?: { data?: Record<string, unknown> }[] }[] }): ChartThumb | undefined {
  for (const c of [...(ipynb.cells ?? [])].reverse())
    for (const o of c.outputs ?? []) {
      const d = o.data?.[CHART_MIME] as ChartThumb | undefined;
      if (d && Array.isArray(d.series) && d.series.length > 0) return d;
    }
  return undefined;
}
