// Precision and Recall (keras.metrics.Precision / Recall) and the raw confusion counts
// (TruePositives, ...): streaming counts at one or more thresholds.
import type { TensorLike } from '../convert.js';
import { divNoNan } from '../losses/utils.js';
import { add } from '../ops/binary.js';
import { reshape } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { NEG_INF, isEvenlyDistributed, updateConfusionMatrixVariables, type ConfusionVariables } from './confusion.js';
import { Metric, type MetricArgs, type MetricConfig } from './metric.js';

/** Options of Precision and Recall. */
export interface PrecisionRecallArgs extends MetricArgs {
  /** One threshold (result is a scalar) or several (result has one value per threshold), in [0, 1]. Default 0.5 (with topK: none). */
  thresholds?: number | number[] | null;
  /** Count only each sample's k highest predictions as candidates for positives. */
  topK?: number | null;
  /** Compute the metric for this class only (an index into yPred's last axis). */
  classId?: number | null;
}

function parseThresholds(value: number | number[] | null | undefined, fallback: number, where: string): number[] {
  const list = value === null || value === undefined ? [fallback] : typeof value === 'number' ? [value] : [...value];
  if (list.length === 0) throw new Error(`${where}: thresholds must not be empty`);
  for (const t of list)
    if (!(t >= 0 && t <= 1) && t !== fallback) throw new Error(`${where}: threshold values must be in [0, 1], got ${t}`);
  return list;
}

/** Shared state of the threshold-count metrics. */
abstract class ThresholdMetric extends Metric {
  readonly thresholds: number[];
  readonly topK: number | null;
  readonly classId: number | null;
  private readonly initThresholds: number | number[] | null;
  private readonly evenly: boolean;

  constructor(args: PrecisionRecallArgs, defaultName: string) {
    super({ ...args, name: args.name ?? defaultName });
    this.topK = args.topK ?? null;
    this.classId = args.classId ?? null;
    this.initThresholds = args.thresholds ?? null;
    this.thresholds = parseThresholds(args.thresholds, this.topK === null ? 0.5 : NEG_INF, `metric '${this.name}'`);
    this.evenly = isEvenlyDistributed(this.thresholds);
  }

  protected count(vars: ConfusionVariables, yTrue: TensorLike, yPred: TensorLike | null | undefined, sampleWeight: TensorLike | null | undefined): void {
    if (yPred === undefined || yPred === null) throw new Error(`metric '${this.name}': updateState needs yTrue and yPred`);
    updateConfusionMatrixVariables(vars, yTrue, yPred, this.thresholds, {
      sampleWeight,
      topK: this.topK,
      classId: this.classId,
      evenlyDistributed: this.evenly,
      where: `metric '${this.name}'`,
    });
  }

  /** One threshold gives a scalar, as Keras returns result[0]. */
  protected perThreshold(x: Tensor): Tensor {
    return this.thresholds.length === 1 ? reshape(x, []) : x;
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), thresholds: this.initThresholds, topK: this.topK, classId: this.classId };
  }
}

/**
 * Precision tp / (tp + fp) over all batches seen (keras.metrics.Precision): a prediction is
 * positive when it is above the threshold (0.5). With `topK`, only each sample's k highest
 * predictions can be positive; `classId` restricts to one class. 0 before any positive.
 *
 * @example
 * const m = new tp.metrics.Precision();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * m.result().print(); // 0.6666667
 * m.resetState();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0]);
 * m.result().print(); // 1
 */
export class Precision extends ThresholdMetric {
  static override className = 'Precision';
  readonly truePositives: Variable;
  readonly falsePositives: Variable;

  constructor(args: PrecisionRecallArgs = {}) {
    super(args, 'precision');
    this.truePositives = this.addWeight('true_positives', [this.thresholds.length]);
    this.falsePositives = this.addWeight('false_positives', [this.thresholds.length]);
  }

  updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    this.count({ truePositives: this.truePositives, falsePositives: this.falsePositives }, yTrue, yPred, sampleWeight);
  }

  result(): Tensor {
    return this.perThreshold(divNoNan(this.truePositives, add(this.truePositives, this.falsePositives)));
  }
}

/**
 * Recall tp / (tp + fn) over all batches seen (keras.metrics.Recall), with the same
 * thresholds / topK / classId options as Precision.
 *
 * @example
 * const m = new tp.metrics.Recall();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * m.result().print(); // 0.6666667
 */
export class Recall extends ThresholdMetric {
  static override className = 'Recall';
  readonly truePositives: Variable;
  readonly falseNegatives: Variable;

  constructor(args: PrecisionRecallArgs = {}) {
    super(args, 'recall');
    this.truePositives = this.addWeight('true_positives', [this.thresholds.length]);
    this.falseNegatives = this.addWeight('false_negatives', [this.thresholds.length]);
  }

  updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    this.count({ truePositives: this.truePositives, falseNegatives: this.falseNegatives }, yTrue, yPred, sampleWeight);
  }

  result(): Tensor {
    return this.perThreshold(divNoNan(this.truePositives, add(this.truePositives, this.falseNegatives)));
  }
}

type CountKind = keyof ConfusionVariables;

abstract class ConfusionCount extends ThresholdMetric {
  readonly accumulator: Variable;
  private readonly kind: CountKind;

  constructor(args: PrecisionRecallArgs, defaultName: string, kind: CountKind) {
    super({ ...args, topK: null, classId: null }, defaultName);
    this.kind = kind;
    this.accumulator = this.addWeight('accumulator', [this.thresholds.length]);
  }

  updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void {
    this.count({ [this.kind]: this.accumulator }, yTrue, yPred, sampleWeight);
  }

  result(): Tensor {
    return this.perThreshold(this.accumulator);
  }
}

/**
 * Weighted count of true positives (keras.metrics.TruePositives, threshold 0.5).
 *
 * @example
 * const m = new tp.metrics.TruePositives();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * m.result().print(); // 2
 */
export class TruePositives extends ConfusionCount {
  static override className = 'TruePositives';
  constructor(args: Omit<PrecisionRecallArgs, 'topK' | 'classId'> = {}) {
    super(args, 'true_positives', 'truePositives');
  }
}

/**
 * Weighted count of false positives (keras.metrics.FalsePositives).
 *
 * @example
 * const m = new tp.metrics.FalsePositives();
 * m.updateState([0, 1, 0, 0], [0, 0, 1, 1]);
 * m.result().print(); // 2
 */
export class FalsePositives extends ConfusionCount {
  static override className = 'FalsePositives';
  constructor(args: Omit<PrecisionRecallArgs, 'topK' | 'classId'> = {}) {
    super(args, 'false_positives', 'falsePositives');
  }
}

/**
 * Weighted count of true negatives (keras.metrics.TrueNegatives).
 *
 * @example
 * const m = new tp.metrics.TrueNegatives();
 * m.updateState([0, 1, 0, 0], [1, 1, 0, 0]);
 * m.result().print(); // 2
 */
export class TrueNegatives extends ConfusionCount {
  static override className = 'TrueNegatives';
  constructor(args: Omit<PrecisionRecallArgs, 'topK' | 'classId'> = {}) {
    super(args, 'true_negatives', 'trueNegatives');
  }
}

/**
 * Weighted count of false negatives (keras.metrics.FalseNegatives).
 *
 * @example
 * const m = new tp.metrics.FalseNegatives();
 * m.updateState([0, 1, 1, 1], [0, 1, 0, 0]);
 * m.result().print(); // 2
 */
export class FalseNegatives extends ConfusionCount {
  static override className = 'FalseNegatives';
  constructor(args: Omit<PrecisionRecallArgs, 'topK' | 'classId'> = {}) {
    super(args, 'false_negatives', 'falseNegatives');
  }
}
