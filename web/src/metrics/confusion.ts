// Confusion-matrix counts at a list of thresholds (Keras's metrics_utils.
// update_confusion_matrix_variables): a prediction is positive at threshold t when it is
// strictly greater than t; a label is positive when it is non-zero. Counts are weighted by
// sampleWeight and added to the given variables.
import type { TensorLike } from '../convert.js';
import { alignSampleWeight, asTensor, squeezeOrExpandToSameRank } from '../losses/utils.js';
import { add, greater, mul, notEqual, sub } from '../ops/binary.js';
import { gather, oneHot, scatterND } from '../ops/gather_scatter.js';
import { sum } from '../ops/reduction.js';
import { cumsum } from '../ops/scan.js';
import { broadcastTo, expandDims, reshape } from '../ops/shape.js';
import { slice } from '../ops/slicing.js';
import { tensor } from '../ops/tensor_from_values.js';
import { topk } from '../ops/topk.js';
import { cast, ceil, clipByValue } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';

/** Keras's NEG_INF: what top-k filtering gives the entries it drops. */
export const NEG_INF = -1e10;

/** The confusion-matrix variables to update (any subset). */
export interface ConfusionVariables {
  truePositives?: Variable;
  falsePositives?: Variable;
  trueNegatives?: Variable;
  falseNegatives?: Variable;
}

export interface ConfusionOptions {
  sampleWeight?: TensorLike | null;
  /** Keep only each row's top-k predictions (the others become NEG_INF). */
  topK?: number | null;
  /** Count only this class (the last axis's entry). */
  classId?: number | null;
  /** Thresholds are i/(n-1), i = 0..n-1 (the ends may be nudged by epsilon): bucket them in O(N). */
  evenlyDistributed?: boolean;
  /** Where errors point. */
  where: string;
}

/** @internal Keras's is_evenly_distributed_thresholds: at least 3 thresholds, ≈ i/(n-1). */
export function isEvenlyDistributed(thresholds: readonly number[]): boolean {
  const n = thresholds.length;
  if (n < 3) return false;
  return thresholds.every((t, i) => Math.abs(t - i / (n - 1)) <= 1e-7);
}

function filterTopK(x: Tensor, k: number): Tensor {
  const depth = x.shape[x.rank - 1]!;
  const { indices } = topk(x, Math.min(k, depth));
  const mask = sum(oneHot(indices, depth, 1, 0, x.dtype), -2);
  return add(mul(x, mask), mul(sub(1, mask), NEG_INF));
}

/**
 * @internal Adds the weighted confusion counts of one batch at each threshold to `vars`
 * (tensor ops and assignAdd only, so it runs inside compiled steps).
 */
export function updateConfusionMatrixVariables(
  vars: ConfusionVariables,
  yTrue: TensorLike,
  yPred: TensorLike,
  thresholds: readonly number[],
  options: ConfusionOptions,
): void {
  const { where } = options;
  // Counts are computed in the dtype of the variables they go to (the metric's dtype).
  const target = vars.truePositives ?? vars.falsePositives ?? vars.trueNegatives ?? vars.falseNegatives;
  const dtype = target?.dtype === 'float64' ? 'float64' : 'float32';
  let p = asTensor(yPred, dtype);
  let t = asTensor(yTrue, dtype);
  [p, t] = squeezeOrExpandToSameRank(p, t);
  if (p.rank !== t.rank || p.shape.some((d, i) => d !== t.shape[i]))
    throw new Error(`${where}: yTrue of shape [${t.shape.join(',')}] and yPred of shape [${p.shape.join(',')}] must have the same shape`);
  let w: Tensor | null = null;
  if (options.sampleWeight !== null && options.sampleWeight !== undefined) {
    const [, sw] = alignSampleWeight(p, options.sampleWeight, where);
    w = broadcastTo(sw, p.shape);
  }
  if (options.topK !== null && options.topK !== undefined) p = filterTopK(p, options.topK);
  if (options.classId !== null && options.classId !== undefined) {
    const last = p.rank - 1;
    const c = options.classId;
    if (c < 0 || c >= p.shape[last]!) throw new Error(`${where}: classId ${c} is outside the ${p.shape[last]} classes of yPred's last axis`);
    p = gather(p, [c], last);
    t = gather(t, [c], last);
    if (w !== null) w = gather(w, [c], last);
  }
  const pred = reshape(p, [-1]);
  const isPos = cast(notEqual(reshape(t, [-1]), 0), dtype);
  const weight = w === null ? null : reshape(w, [-1]);
  const posW = weight === null ? isPos : mul(isPos, weight);
  const negW = weight === null ? sub(1, isPos) : mul(sub(1, isPos), weight);
  const n = thresholds.length;

  let tp: Tensor;
  let fp: Tensor;
  if (options.evenlyDistributed) {
    // Prediction p is above thresholds 0..b with b = ceil(p(n-1)) - 1; the ends nudged by
    // epsilon (Keras's layout) put p = 0 above the first threshold. Bucket sums, then
    // reverse cumulative sums give the counts at every threshold at once.
    const withEpsilon = thresholds[0]! < 0 || thresholds[n - 1]! > 1;
    const lowest = withEpsilon ? 0 : -1;
    const bucket = clipByValue(sub(ceil(mul(pred, n - 1)), 1), lowest, n - 1);
    // Shift by one so a bucket of -1 (above no threshold) has a slot, then drop it.
    const idx = expandDims(cast(add(bucket, 1), 'int32'), -1);
    const perBucket = (v: Tensor) => slice(scatterND(idx, v, [n + 1]), [1], [n]);
    tp = cumsum(perBucket(posW), 0, false, true);
    fp = cumsum(perBucket(negW), 0, false, true);
  } else {
    const thr = tensor(Array.from(thresholds), [n, 1], dtype);
    const above = cast(greater(expandDims(pred, 0), thr), dtype);
    tp = sum(mul(above, expandDims(posW, 0)), 1);
    fp = sum(mul(above, expandDims(negW, 0)), 1);
  }
  if (vars.truePositives) vars.truePositives.assignAdd(tp);
  if (vars.falsePositives) vars.falsePositives.assignAdd(fp);
  if (vars.falseNegatives) vars.falseNegatives.assignAdd(sub(sum(posW), tp));
  if (vars.trueNegatives) vars.trueNegatives.assignAdd(sub(sum(negW), fp));
}
