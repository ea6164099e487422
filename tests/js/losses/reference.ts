// Float64 reference implementations of the Keras losses, written from their formulas on plain
// JS rows (one array per sample), to check tp.losses against.
export const EPS = 1e-7;

type Row = number[];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const clip = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
export function softmax(row: Row): Row {
  const m = Math.max(...row);
  const e = row.map((x) => Math.exp(x - m));
  const s = sum(e);
  return e.map((x) => x / s);
}

export const ref = {
  mse: (t: Row, p: Row) => mean(t.map((y, i) => (p[i]! - y) ** 2)),
  mae: (t: Row, p: Row) => mean(t.map((y, i) => Math.abs(p[i]! - y))),
  mape: (t: Row, p: Row) => 100 * mean(t.map((y, i) => Math.abs((y - p[i]!) / Math.max(Math.abs(y), EPS)))),
  msle: (t: Row, p: Row) => mean(t.map((y, i) => (Math.log(Math.max(p[i]!, EPS) + 1) - Math.log(Math.max(y, EPS) + 1)) ** 2)),
  huber: (t: Row, p: Row, delta = 1) =>
    mean(
      t.map((y, i) => {
        const e = Math.abs(p[i]! - y);
        return e <= delta ? 0.5 * e * e : delta * e - 0.5 * delta * delta;
      }),
    ),
  logCosh: (t: Row, p: Row) => mean(t.map((y, i) => Math.log(Math.cosh(p[i]! - y)))),
  cosine: (t: Row, p: Row) => {
    const nt = Math.sqrt(Math.max(sum(t.map((x) => x * x)), 1e-12));
    const np = Math.sqrt(Math.max(sum(p.map((x) => x * x)), 1e-12));
    return -sum(t.map((y, i) => (y / nt) * (p[i]! / np)));
  },
  bce: (t: Row, p: Row, smoothing = 0) =>
    mean(
      t.map((y0, i) => {
        const y = y0 * (1 - smoothing) + 0.5 * smoothing;
        const q = clip(p[i]!, EPS, 1 - EPS);
        return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
      }),
    ),
  bceLogits: (t: Row, x: Row, smoothing = 0) =>
    mean(
      t.map((y0, i) => {
        const y = y0 * (1 - smoothing) + 0.5 * smoothing;
        return softplus(x[i]!) - x[i]! * y;
      }),
    ),
  cce: (t: Row, p: Row, smoothing = 0) => {
    const s = sum(p);
    return -sum(t.map((y0, i) => (y0 * (1 - smoothing) + smoothing / t.length) * Math.log(clip(p[i]! / s, EPS, 1 - EPS))));
  },
  cceLogits: (t: Row, x: Row, smoothing = 0) => {
    const m = Math.max(...x);
    const lse = m + Math.log(sum(x.map((v) => Math.exp(v - m))));
    return -sum(t.map((y0, i) => (y0 * (1 - smoothing) + smoothing / t.length) * (x[i]! - lse)));
  },
  scce: (label: number, p: Row) => {
    const logs = p.map((v) => Math.log(clip(v, EPS, 1 - EPS)));
    const m = Math.max(...logs);
    const lse = m + Math.log(sum(logs.map((v) => Math.exp(v - m))));
    return -(logs[label]! - lse);
  },
  scceLogits: (label: number, x: Row) => {
    const m = Math.max(...x);
    return -(x[label]! - (m + Math.log(sum(x.map((v) => Math.exp(v - m))))));
  },
  kld: (t: Row, p: Row) =>
    sum(
      t.map((y0, i) => {
        const y = clip(y0, EPS, 1);
        return y * Math.log(y / clip(p[i]!, EPS, 1));
      }),
    ),
  poisson: (t: Row, p: Row) => mean(t.map((y, i) => p[i]! - y * Math.log(p[i]! + EPS))),
  hinge: (t: Row, p: Row) => mean(t.map((y, i) => Math.max(1 - y * p[i]!, 0))),
  squaredHinge: (t: Row, p: Row) => mean(t.map((y, i) => Math.max(1 - y * p[i]!, 0) ** 2)),
  categoricalHinge: (t: Row, p: Row) => {
    const pos = sum(t.map((y, i) => y * p[i]!));
    const neg = Math.max(...t.map((y, i) => (1 - y) * p[i]!));
    return Math.max(neg - pos + 1, 0);
  },
};

/** A deterministic stream of numbers in [0, 1) (a 32-bit LCG), so the tests need no seeds. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function matrix(rows: number, cols: number, f: (i: number, j: number) => number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j)));
}
