// Batch normalization (Keras's BatchNormalization): in training, normalizes with the batch's mean
// and (biased) variance over every axis but `axis`, and moves the moving statistics towards them
// by variable assignments (so a compiled step updates them too):
//   moving = moving * momentum + batch * (1 - momentum).
// At inference, and when the layer is frozen (trainable false), it uses the moving statistics.
//   y = gamma * (x - mean) / sqrt(variance + epsilon) + beta
import { add, mul, sub } from '../ops/binary.js';
import { moments } from '../ops/math_composites.js';
import { reshape } from '../ops/shape.js';
import { rsqrt } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import {
  getConstraint, getInitializer, getRegularizer, serializeConstraint, serializeInitializer, serializeRegularizer,
  type ConstraintIdentifier, type ConstraintLike, type InitializerIdentifier, type InitializerLike,
  type RegularizerIdentifier, type RegularizerLike,
} from './components.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import { formatShape, normalizeAxis, type Shape } from './shape.js';

export interface BatchNormalizationLayerArgs extends LayerArgs {
  /** The features axis (default -1). */
  axis?: number;
  momentum?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier;
  gammaRegularizer?: RegularizerIdentifier;
  betaConstraint?: ConstraintIdentifier;
  gammaConstraint?: ConstraintIdentifier;
}

/**
 * Normalizes activations per feature; weights gamma, beta (trainable) and moving_mean,
 * moving_variance (non-trainable).
 *
 * @example
 * const bn = tp.layers.batchNormalization({ inputShape: [2] });
 * const y = bn.apply(tp.tensor([[0, 10], [2, 30]]), { training: true }); // about [[-1, -1], [1, 1]]
 * console.log(bn.nonTrainableWeights.map((w) => w.name)); // ['batch_normalization/moving_mean:0', ...]
 */
export class BatchNormalization extends Layer {
  static override className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: InitializerLike;
  readonly gammaInitializer: InitializerLike;
  readonly movingMeanInitializer: InitializerLike;
  readonly movingVarianceInitializer: InitializerLike;
  readonly betaRegularizer: RegularizerLike | null;
  readonly gammaRegularizer: RegularizerLike | null;
  readonly betaConstraint: ConstraintLike | null;
  readonly gammaConstraint: ConstraintLike | null;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  movingMean: Variable | null = null;
  movingVariance: Variable | null = null;

  constructor(args: BatchNormalizationLayerArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    this.momentum = args.momentum ?? 0.99;
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = getInitializer(args.betaInitializer ?? 'zeros');
    this.gammaInitializer = getInitializer(args.gammaInitializer ?? 'ones');
    this.movingMeanInitializer = getInitializer(args.movingMeanInitializer ?? 'zeros');
    this.movingVarianceInitializer = getInitializer(args.movingVarianceInitializer ?? 'ones');
    this.betaRegularizer = getRegularizer(args.betaRegularizer);
    this.gammaRegularizer = getRegularizer(args.gammaRegularizer);
    this.betaConstraint = getConstraint(args.betaConstraint);
    this.gammaConstraint = getConstraint(args.gammaConstraint);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const axis = normalizeAxis(this.axis, shape.length, this.who);
    const dim = shape[axis];
    if (dim === null || dim === undefined) throw new Error(`${this.who}: axis ${this.axis} of the input must be known, got shape ${formatShape(shape)}`);
    if (this.scale) this.gamma = this.addWeight('gamma', [dim], undefined, this.gammaInitializer, this.gammaRegularizer, true, this.gammaConstraint);
    if (this.center) this.beta = this.addWeight('beta', [dim], undefined, this.betaInitializer, this.betaRegularizer, true, this.betaConstraint);
    this.movingMean = this.addWeight('moving_mean', [dim], undefined, this.movingMeanInitializer, null, false);
    this.movingVariance = this.addWeight('moving_variance', [dim], undefined, this.movingVarianceInitializer, null, false);
    this.inputSpec = { ndim: shape.length, axes: { [axis]: dim } };
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const axis = normalizeAxis(this.axis, x.rank, this.who);
    const reduction = x.shape.map((_, i) => i).filter((i) => i !== axis);
    const broadcast = x.shape.map((d, i) => (i === axis ? d : 1));
    const shaped = (t: Tensor): Tensor => (axis === x.rank - 1 ? t : reshape(t, broadcast));
    let mean: Tensor = this.movingMean!;
    let variance: Tensor = this.movingVariance!;
    if (kwargs.training === true && this.trainable) {
      const m = moments(x, reduction, false);
      mean = m.mean;
      variance = m.variance;
      // moving -= (moving - batch) * (1 - momentum)
      const decay = 1 - this.momentum;
      this.movingMean!.assignSub(mul(sub(this.movingMean!, mean), decay));
      this.movingVariance!.assignSub(mul(sub(this.movingVariance!, variance), decay));
    }
    let inv = rsqrt(add(variance, this.epsilon));
    if (this.gamma !== null) inv = mul(inv, this.gamma);
    let y = mul(sub(x, shaped(mean)), shaped(inv));
    if (this.beta !== null) y = add(y, shaped(this.beta));
    return y;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  override getConfig(): ConfigDict {
    return {
      axis: this.axis, momentum: this.momentum, epsilon: this.epsilon, center: this.center, scale: this.scale,
      betaInitializer: serializeInitializer(this.betaInitializer),
      gammaInitializer: serializeInitializer(this.gammaInitializer),
      movingMeanInitializer: serializeInitializer(this.movingMeanInitializer),
      movingVarianceInitializer: serializeInitializer(this.movingVarianceInitializer),
      betaRegularizer: serializeRegularizer(this.betaRegularizer),
      gammaRegularizer: serializeRegularizer(this.gammaRegularizer),
      betaConstraint: serializeConstraint(this.betaConstraint),
      gammaConstraint: serializeConstraint(this.gammaConstraint),
      ...super.getConfig(),
    };
  }
}

/**
 * A BatchNormalization layer.
 *
 * @example
 * const model = tp.sequential([tp.layers.dense({ units: 8, inputShape: [4] }), tp.layers.batchNormalization()]);
 * console.log(model.countParams()); // 72
 */
export function batchNormalization(args: BatchNormalizationLayerArgs = {}): BatchNormalization {
  return new BatchNormalization(args);
}
