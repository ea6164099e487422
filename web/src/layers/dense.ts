// Dense: outputs = activation(inputs @ kernel + bias), over the last axis of inputs of any rank >= 2.
import { add } from '../ops/binary.js';
import { matMul } from '../ops/linalg.js';
import { reshape } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import {
  getActivation, getConstraint, getInitializer, getRegularizer, serializeActivation, serializeConstraint,
  serializeInitializer, serializeRegularizer,
  type ActivationFn, type ActivationIdentifier, type ConstraintIdentifier, type ConstraintLike,
  type InitializerIdentifier, type InitializerLike, type RegularizerIdentifier, type RegularizerLike,
} from './components.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import type { Shape } from './shape.js';

export interface DenseLayerArgs extends LayerArgs {
  units: number;
  activation?: ActivationIdentifier;
  useBias?: boolean;
  /** Size of the input's last axis (TF.js): same as inputShape: [inputDim]. */
  inputDim?: number;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier;
  biasRegularizer?: RegularizerIdentifier;
  kernelConstraint?: ConstraintIdentifier;
  biasConstraint?: ConstraintIdentifier;
}

/**
 * A fully connected layer (Keras's Dense). Weights `kernel` [inputDim, units] and `bias` [units].
 *
 * @example
 * const layer = tp.layers.dense({ units: 2, kernelInitializer: 'ones', inputShape: [3] });
 * layer.apply(tp.tensor([[1, 2, 3]])).print(); // [[6, 6]]
 */
export class Dense extends Layer {
  static override className = 'Dense';
  readonly units: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerLike;
  readonly biasInitializer: InitializerLike;
  readonly kernelRegularizer: RegularizerLike | null;
  readonly biasRegularizer: RegularizerLike | null;
  readonly kernelConstraint: ConstraintLike | null;
  readonly biasConstraint: ConstraintLike | null;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: DenseLayerArgs) {
    const a = args ?? ({} as DenseLayerArgs);
    super(a.inputDim !== undefined && a.inputShape === undefined && a.batchInputShape === undefined ? { ...a, inputShape: [a.inputDim] } : a);
    if (!Number.isInteger(a.units) || a.units <= 0) throw new Error(`${this.who}: units must be a positive integer, got ${String(a.units)}`);
    this.units = a.units;
    this.activation = getActivation(a.activation);
    this.useBias = a.useBias ?? true;
    this.kernelInitializer = getInitializer(a.kernelInitializer ?? 'glorotUniform');
    this.biasInitializer = getInitializer(a.biasInitializer ?? 'zeros');
    this.kernelRegularizer = getRegularizer(a.kernelRegularizer);
    this.biasRegularizer = getRegularizer(a.biasRegularizer);
    this.kernelConstraint = getConstraint(a.kernelConstraint);
    this.biasConstraint = getConstraint(a.biasConstraint);
    this.inputSpec = { minNdim: 2 };
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const inputDim = shape[shape.length - 1];
    if (inputDim === null || inputDim === undefined)
      throw new Error(`${this.who}: the last dimension of the input must be known, got shape [${shape.join(',')}]`);
    this.kernel = this.addWeight('kernel', [inputDim, this.units], undefined, this.kernelInitializer, this.kernelRegularizer, true, this.kernelConstraint);
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], undefined, this.biasInitializer, this.biasRegularizer, true, this.biasConstraint);
    this.inputSpec = { minNdim: 2, axes: { [-1]: inputDim } };
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const k = this.kernel!;
    let z: Tensor;
    if (x.rank === 2) z = matMul(x, k);
    else z = reshape(matMul(reshape(x, [-1, x.shape[x.rank - 1]!]), k), [...x.shape.slice(0, -1), this.units]);
    if (this.bias !== null) z = add(z, this.bias);
    return this.activation(z);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [...s.slice(0, -1), this.units];
  }

  override getConfig(): ConfigDict {
    return {
      units: this.units,
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
      activityRegularizer: serializeRegularizer(this.activityRegularizer),
      kernelConstraint: serializeConstraint(this.kernelConstraint),
      biasConstraint: serializeConstraint(this.biasConstraint),
      ...super.getConfig(),
    };
  }
}

/**
 * A Dense layer (TF.js's tf.layers.dense).
 *
 * @example
 * const model = tp.sequential([tp.layers.dense({ units: 1, inputShape: [4] })]);
 * console.log(model.countParams()); // 5
 */
export function dense(args: DenseLayerArgs): Dense {
  return new Dense(args);
}
