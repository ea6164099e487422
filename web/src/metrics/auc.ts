// AUC (keras.metrics.AUC): area under the ROC or precision-recall curve, from confusion counts
// at numThresholds thresholds laid out as Keras does: 0 - ε, 1/(n-1), ..., (n-2)/(n-1), 1 + ε.
import type { TensorLike } from '../convert.js';
import { EPSILON, asTensor, divNoNan } from '../losses/utils.js';
import { add, div, greater, logicalAnd, maximum, minimum, mul, sub, where } from '../ops/binary.js';
import { sum } from '../ops/reduction.js';
import { slice } from '../ops/slicing.js';
import { onesLike } from '../ops/fill.js';
import { log, sigmoid } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { isEvenlyDistributed, updateConfusionMatrixVariables } from './confusion.js';
import { Metric, type MetricArgs, type MetricConfig } from './metric.js';

/** Options of AUC. */
export interface AUCArgs extends MetricArgs {
  /** Number of thresholds (> 1). Default 200. */
  numThresholds?: number;
  /** 'ROC' (default) or 'PR' (precision-recall). */
  curve?: 'ROC' | 'PR';
  /** 'interpolation' (default: trapezoids for ROC, Davis & Goadrich for PR), 'minoring' or 'majoring' (Riemann sums). */
  summationMethod?: 'interpolation' | 'minoring' | 'majoring';
  /** Thresholds in [0, 1] to use instead of the even layout (0 - ε and 1 + ε are added). */
  thresholds?: number[] | null;
  /** yPred holds logits (a sigmoid is applied first). Default false. */
  fromLogits?: boolean;
}

/**
 * Area under the ROC curve (default) or the precision-recall curve, streamed over batches
 * (keras.metrics.AUC). Predictions are expected in [0, 1] (or logits with fromLogits).
 *
 * @example
 * const m = new tp.metrics.AUC({ numThresholds: 3 });
 * m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
 * // thresholds [0 - 1e-7, 0.5, 1 + 1e-7]: tp [2, 1, 0], fp [2, 0, 0], fn [0, 1, 2], tn [0, 2, 2]
 * m.result().print(); // 0.75
 * m.resetState();
 * m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], [1, 0, 0, 1]);
 * m.result().print(); // 1
 */
export class AUC extends Metric {
  static override className = 'AUC';
  readonly numThresholds: number;
  readonly curve: 'ROC' | 'PR';
  readonly summationMethod: 'interpolation' | 'minoring' | 'majoring';
  readonly fromLogits: boolean;
  /** All thresholds, including the ε-nudged ends. */
  readonly thresholds: number[];
  readonly truePositives: Variable;
  readonly falsePositives: Variable;
  readonly trueNegatives: Variable;
  readonly falseNegatives: Variable;
  private readonly givenThresholds: number[] | null;
  private readonly evenly: boolean;

  constructor(args: AUCArgs = {}) {
    super({ ...args, name: args.name ?? 'auc' });
    const where = `metric '${this.name}'`;
    const curve = args.curve ?? 'ROC';
    if (curve !== 'ROC' && curve !== 'PR') throw new Error(`${where}: curve must be 'ROC' or 'PR', got '${String(curve)}'`);
    const method = args.summationMethod ?? 'interpolation';
    if (!['interpolation', 'minoring', 'majoring'].includes(method))
      throw new Error(`${where}: summationMethod must be 'interpolation', 'minoring' or 'majoring', got '${String(method)}'`);
    this.curve = curve;
    this.summationMethod = method;
    this.fromLogits = args.fromLogits ?? false;
    this.givenThresholds = args.thresholds ? [...args.thresholds] : null;
    let inner: number[];
    if (this.givenThresholds !== null) {
      for (const t of this.givenThresholds) if (!(t >= 0 && t <= 1)) throw new Error(`${where}: threshold values must be in [0, 1], got ${t}`);
      inner = [...this.givenThresholds].sort((a, b) => a - b);
      this.numThresholds = inner.length + 2;
      this.evenly = isEvenlyDistributed([0, ...inner, 1]);
    } else {
      const n = args.numThresholds ?? 200;
      if (!Number.isInteger(n) || n <= 1) throw new Error(`${where}: numThresholds must be an integer > 1, got ${n}`);
      this.numThresholds = n;
      inner = Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1));
      this.evenly = true;
    }
    this.thresholds = [0 - EPSILON, ...inner, 1 + EPSILON];
    const shape = [this.numThresholds];
    this.truePositives = this.addWeight('true_positives', shape);
    this.falsePositives = this.addWeight('false_positives', shape);
    this.trueNegatives = this.addWeight('true_negatives', shape);
    this.falseNegatives = this.addWeight('false_negatives', shape);
  }

  updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    if (yPred === undefined || yPred === null) throw new Error(`metric '${this.name}': updateState needs yTrue and yPred`);
    const p = this.fromLogits ? sigmoid(asTensor(yPred, this.dtype)) : yPred;
    updateConfusionMatrixVariables(
      { truePositives: this.truePositives, falsePositives: this.falsePositives, trueNegatives: this.trueNegatives, falseNegatives: this.falseNegatives },
      yTrue,
      p,
      this.thresholds,
      { sampleWeight, evenlyDistributed: this.evenly, where: `metric '${this.name}'` },
    );
  }

  result(): Tensor {
    const n = this.numThresholds;
    const head = (x: Tensor) => slice(x, [0], [n - 1]);
    const tail = (x: Tensor) => slice(x, [1], [n - 1]);
    const tp = this.truePositives;
    const fp = this.falsePositives;
    const fn = this.falseNegatives;
    if (this.curve === 'PR' && this.summationMethod === 'interpolation') return this.interpolatePrAuc();
    const recall = divNoNan(tp, add(tp, fn));
    let x: Tensor;
    let y: Tensor;
    if (this.curve === 'ROC') {
      x = divNoNan(fp, add(fp, this.trueNegatives));
      y = recall;
    } else {
      x = recall;
      y = divNoNan(tp, add(tp, fp));
    }
    const heights =
      this.summationMethod === 'interpolation'
        ? div(add(head(y), tail(y)), 2)
        : this.summationMethod === 'minoring'
          ? minimum(head(y), tail(y))
          : maximum(head(y), tail(y));
    return sum(mul(sub(head(x), tail(x)), heights));
  }

  // Davis & Goadrich (2006): precision interpolated between thresholds along the true-positive
  // count, integrated in closed form (Keras's interpolate_pr_auc).
  private interpolatePrAuc(): Tensor {
    const n = this.numThresholds;
    const head = (x: Tensor) => slice(x, [0], [n - 1]);
    const tail = (x: Tensor) => slice(x, [1], [n - 1]);
    const tp = this.truePositives;
    const p = add(tp, this.falsePositives);
    const dtp = sub(head(tp), tail(tp));
    const dp = sub(head(p), tail(p));
    const precSlope = divNoNan(dtp, maximum(dp, 0));
    const intercept = sub(tail(tp), mul(precSlope, tail(p)));
    const bothPositive = logicalAnd(greater(head(p), 0), greater(tail(p), 0));
    const safeRatio = where(bothPositive, divNoNan(head(p), maximum(tail(p), 0)), onesLike(tail(p)));
    const increments = divNoNan(mul(precSlope, add(dtp, mul(intercept, log(safeRatio)))), maximum(add(tail(tp), tail(this.falseNegatives)), 0));
    return sum(increments);
  }

  override getConfig(): MetricConfig {
    return {
      ...super.getConfig(),
      numThresholds: this.numThresholds,
      curve: this.curve,
      summationMethod: this.summationMethod,
      thresholds: this.givenThresholds,
      fromLogits: this.fromLogits,
    };
  }
}
