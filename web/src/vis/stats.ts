// Numeric helpers of the charts: TensorBoard's outlier-ignoring extent, its compressed histograms
// (the Distributions tab), and re-binning of histograms onto common bins.
import type { HistogramBucket } from '../summary/loader.js';

/**
 * The p-quantile of sorted values by linear interpolation between closest ranks (R-7, as
 * d3.quantile): h = (n - 1) p, v[floor h] + (h - floor h)(v[floor h + 1] - v[floor h]).
 *
 * @example
 * tp.vis.quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (p <= 0 || n < 2) return sorted[0]!;
  if (p >= 1) return sorted[n - 1]!;
  const h = (n - 1) * p;
  const i = Math.floor(h);
  const a = sorted[i]!;
  return a + (h - i) * (sorted[i + 1]! - a);
}

// Rearranges a[lo..hi] so that a[k] holds the k-th smallest (Hoare's selection, median-of-three),
// everything before it <= a[k] and everything after >= a[k]. O(n) on average.
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

function minOf(a: Float64Array, lo: number, hi: number): number {
  let m = Infinity;
  for (let i = lo; i < hi; i++) if (a[i]! < m) m = a[i]!;
  return m;
}

function maxOf(a: Float64Array, lo: number, hi: number): number {
  let m = -Infinity;
  for (let i = lo; i < hi; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

// Reused between calls: live charts ask for the extent of 100,000 values several times a second.
let scratch = new Float64Array(1024);

/**
 * Extent [min, max] of the finite values; with `ignoreOutliers`, TensorBoard's rule
 * (computeDataSeriesExtent): when there are more than 2 values, keep only those within
 * [q(0.05), q(0.95)] (R-7 quantiles) and take their min and max. Uses selection, not sorting, so
 * it stays O(n) on live charts with 100,000 points. Null when there is no finite value.
 *
 * @example
 * tp.vis.valueExtent([0, 1, 2, 3, 100], true); // [1, 3]
 */
export function valueExtent(values: Iterable<ArrayLike<number | null>>, ignoreOutliers: boolean): [number, number] | null {
  let n = 0;
  for (const arr of values) n += arr.length;
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  const a = scratch;
  n = 0;
  for (const arr of values)
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      if (v !== null && v !== undefined && Number.isFinite(v)) a[n++] = v;
    }
  if (n === 0) return null;
  if (!ignoreOutliers || n <= 2) return [minOf(a, 0, n), maxOf(a, 0, n)];
  // The smallest kept value is v[f] when q = v[f] (exact rank or tie), else v[f + 1]; likewise
  // the largest is v[f'] or v[f' + 1]'s lower neighbour.
  const bound = (p: number, low: boolean): number => {
    const h = (n - 1) * p;
    const f = Math.floor(h);
    select(a, f, 0, n - 1);
    const vf = a[f]!;
    const vNext = f + 1 < n ? minOf(a, f + 1, n) : vf;
    const q = vf + (h - f) * (vNext - vf);
    if (low) return q <= vf ? vf : vNext;
    return q >= vNext ? vNext : vf;
  };
  const lo = bound(0.05, true);
  const hi = bound(0.95, false);
  return lo <= hi ? [lo, hi] : [hi, lo];
}

/**
 * The y extent the dashboard draws: with `ignoreOutliers`, the 5th-95th percentile body
 * (valueExtent) widened to every value within one body-span of it, so only far spikes are left
 * out, never the start of a loss curve. Fewer than MIN_POINTS_FOR_OUTLIERS values are all kept
 * (TensorBoard's rule on 3 epochs drops the first and the last). Null when no value is finite.
 *
 * @example
 * tp.vis.chartExtent([[2, 1.5, 1.2, 1, 0.9, 0.8, 0.7, 0.65, 0.6, 0.55, 0.5]], true); // [0.5, 2]
 */
export function chartExtent(values: readonly ArrayLike<number | null>[], ignoreOutliers: boolean): [number, number] | null {
  let n = 0;
  for (const arr of values) n += arr.length;
  const body = valueExtent(values, ignoreOutliers && n >= MIN_POINTS_FOR_OUTLIERS);
  if (!body || !ignoreOutliers || n < MIN_POINTS_FOR_OUTLIERS) return body;
  const span = body[1] - body[0];
  const [fenceLo, fenceHi] = [body[0] - span, body[1] + span];
  let [lo, hi] = body;
  for (const arr of values)
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      if (v === null || v === undefined || !(v >= fenceLo && v <= fenceHi)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  return [lo, hi];
}

/** Below this many values, chartExtent keeps them all. */
export const MIN_POINTS_FOR_OUTLIERS = 10;

/** TensorBoard's basis points of the Distributions tab: normal CDF at -inf, -1.5, -1, -0.5, 0, ... sd. */
export const NORMAL_HISTOGRAM_BPS: readonly number[] = [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000];

/**
 * TensorBoard's compressed histogram (plugins/distribution/compressor.py, compress_histogram):
 * the value at each basis point of the cumulative distribution, interpolating linearly inside
 * buckets. Empty input gives zeros.
 *
 * @example
 * tp.vis.compressHistogram([[0, 1, 1], [1, 2, 1]]); // [0, 0.1336, ..., 1, ..., 2]
 */
export function compressHistogram(buckets: readonly HistogramBucket[], bps: readonly number[] = NORMAL_HISTOGRAM_BPS): number[] {
  if (buckets.length === 0) return bps.map(() => 0);
  const minmin = buckets[0]![0];
  const maxmax = buckets[buckets.length - 1]![1];
  let total = 0;
  for (const b of buckets) total += b[2];
  // (counts * bps[-1] / (counts.sum() or 1.0)).cumsum(), in numpy's order of operations.
  const last = bps[bps.length - 1]!;
  const weights: number[] = [];
  let acc = 0;
  for (const b of buckets) weights.push((acc += (b[2] * last) / (total || 1)));
  const rightEdges = buckets.map((b) => b[1]);

  const result: number[] = [];
  let j = 0;
  outer: while (j < bps.length) {
    // np.searchsorted(weights, bps[j], side='right')
    let i = 0;
    while (i < weights.length && weights[i]! <= bps[j]!) i++;
    while (i < weights.length) {
      const cumsum = weights[i]!;
      const cumsumPrev = i > 0 ? weights[i - 1]! : 0;
      if (cumsum === cumsumPrev) {
        i++;
        continue;
      }
      const lhs = !i || !cumsumPrev ? minmin : Math.max(rightEdges[i - 1]!, minmin);
      const rhs = Math.min(rightEdges[i]!, maxmax);
      result.push(lhs + ((bps[j]! - cumsumPrev) * (rhs - lhs)) / (cumsum - cumsumPrev));
      j++;
      continue outer;
    }
    break;
  }
  while (j < bps.length) {
    result.push(maxmax);
    j++;
  }
  return result;
}

/**
 * Spreads bucket counts onto `n` equal bins over [lo, hi], each bucket's count divided in
 * proportion to its overlap with a bin (a zero-width bucket counts fully in the bin holding it).
 *
 * @example
 * tp.vis.rebin([[0, 2, 4]], 0, 4, 2); // [4, 0]
 */
export function rebin(buckets: readonly HistogramBucket[], lo: number, hi: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const width = (hi - lo) / n;
  if (!(width > 0)) {
    for (const b of buckets) out[0]! += b[2];
    return out;
  }
  for (const [l, r, c] of buckets) {
    if (!(c > 0)) continue;
    if (!(r > l)) {
      const k = Math.min(n - 1, Math.max(0, Math.floor((l - lo) / width)));
      out[k]! += c;
      continue;
    }
    const k0 = Math.max(0, Math.floor((l - lo) / width));
    const k1 = Math.min(n - 1, Math.floor((r - lo) / width));
    for (let k = k0; k <= k1; k++) {
      const a = Math.max(l, lo + k * width);
      const b = Math.min(r, lo + (k + 1) * width);
      if (b > a) out[k]! += (c * (b - a)) / (r - l);
    }
  }
  return out;
}
