// Layer normalization (Keras's LayerNormalization): each sample is normalized over `axis` (the
// last by default) with its own mean and variance, then scaled by gamma and shifted by beta,
// both shaped like the normalized axes.
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

export interface LayerNormalizationLayerArgs extends LayerArgs {
  axis?: number | number[];
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier;
  gammaRegularizer?: RegularizerIdentifier;
  betaConstraint?: ConstraintIdentifier;
  gammaConstraint?: ConstraintIdentifier;
}

/**
 * Normalizes each sample over its features.
 *
 * @example
 * tp.layers.layerNormalization({ epsilon: 0 }).apply(tp.tensor([[1, 3]])).print(); // [[-1, 1]]
 */
export class LayerNormalization extends Layer {
  static override className = 'LayerNormalization';
  readonly axis: number | number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: InitializerLike;
  readonly gammaInitializer: InitializerLike;
  readonly betaRegularizer: RegularizerLike | null;
  readonly gammaRegularizer: RegularizerLike | null;
  readonly betaConstraint: ConstraintLike | null;
  readonly gammaConstraint: ConstraintLike | null;
  gamma: Variable | null = null;
  beta: Variable | null = null;

  constructor(args: LayerNormalizationLayerArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = getInitializer(args.betaInitializer ?? 'zeros');
    this.gammaInitializer = getInitializer(args.gammaInitializer ?? 'ones');
    this.betaRegularizer = getRegularizer(args.betaRegularizer);
    this.gammaRegularizer = getRegularizer(args.gammaRegularizer);
    this.betaConstraint = getConstraint(args.betaConstraint);
    this.gammaConstraint = getConstraint(args.gammaConstraint);
  }

  private axes(rank: number): number[] {
    const list = Array.isArray(this.axis) ? this.axis : [this.axis];
    return [...new Set(list.map((a) => normalizeAxis(a, rank, this.who)))].sort((a, b) => a - b);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const axes = this.axes(shape.length);
    const paramShape = axes.map((a) => shape[a]);
    if (paramShape.some((d) => d === null))
      throw new Error(`${this.who}: the normalized axes of the input must be known, got shape ${formatShape(shape)}`);
    const ps = paramShape as number[];
    if (this.scale) this.gamma = this.addWeight('gamma', ps, undefined, this.gammaInitializer, this.gammaRegularizer, true, this.gammaConstraint);
    if (this.center) this.beta = this.addWeight('beta', ps, undefined, this.betaInitializer, this.betaRegularizer, true, this.betaConstraint);
    this.inputSpec = { ndim: shape.length, axes: Object.fromEntries(axes.map((a) => [a, shape[a] as number])) };
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const axes = this.axes(x.rank);
    const broadcast = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
    const { mean, variance } = moments(x, axes, true);
    let y = mul(sub(x, mean), rsqrt(add(variance, this.epsilon)));
    if (this.gamma !== null) y = mul(y, reshape(this.gamma, broadcast));
    if (this.beta !== null) y = add(y, reshape(this.beta, broadcast));
    return y;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  override getConfig(): ConfigDict {
    return {
      axis: this.axis, epsilon: this.epsilon, center: this.center, scale: this.scale,
      betaInitializer: serializeInitializer(this.betaInitializer),
      gammaInitializer: serializeInitializer(this.gammaInitializer),
      betaRegularizer: serializeRegularizer(this.betaRegularizer),
      gammaRegularizer: serializeRegularizer(this.gammaRegularizer),
      betaConstraint: serializeConstraint(this.betaConstraint),
      gammaConstraint: serializeConstraint(this.gammaConstraint),
      ...super.getConfig(),
    };
  }
}

/**
 * A LayerNormalization layer.
 *
 * @example
 * const ln = tp.layers.layerNormalization({ inputShape: [4] });
 */
export function layerNormalization(args: LayerNormalizationLayerArgs = {}): LayerNormalization {
  return new LayerNormalization(args);
}
