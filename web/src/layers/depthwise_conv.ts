// Depthwise and separable convolutions (MobileNet's building blocks): DepthwiseConv2D filters each
// input channel on its own (depthMultiplier filters per channel); SeparableConv2D follows it with a
// 1x1 convolution that mixes the channels, for a fraction of a full conv2d's weights and work.
import { conv2d as conv2dOp, depthwiseConv2d as depthwiseConv2dOp } from '../ops/conv.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import {
  getConstraint, getInitializer, getRegularizer, serializeConstraint, serializeInitializer, serializeRegularizer,
  type ConstraintIdentifier, type ConstraintLike, type InitializerIdentifier, type InitializerLike,
  type RegularizerIdentifier, type RegularizerLike,
} from './components.js';
import { BaseConv, type BaseConvLayerArgs } from './conv.js';
import { channelAxis } from './conv_utils.js';
import type { CallKwargs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import type { Shape } from './shape.js';

export interface DepthwiseConv2DLayerArgs extends BaseConvLayerArgs {
  /** Filters per input channel (default 1): the output has inChannels * depthMultiplier channels. */
  depthMultiplier?: number;
  depthwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier;
  depthwiseConstraint?: ConstraintIdentifier;
}

export interface SeparableConv2DLayerArgs extends DepthwiseConv2DLayerArgs {
  /** Output channels of the pointwise (1x1) convolution. */
  filters: number;
  pointwiseInitializer?: InitializerIdentifier;
  pointwiseRegularizer?: RegularizerIdentifier;
  pointwiseConstraint?: ConstraintIdentifier;
}

const dataFormatOp = (f: string): 'NHWC' | 'NCHW' => (f === 'channelsLast' ? 'NHWC' : 'NCHW');

/**
 * Depthwise 2-D convolution. Weights `depthwise_kernel` [kh, kw, inChannels, depthMultiplier]
 * and `bias` [inChannels * depthMultiplier].
 *
 * @example
 * const dw = tp.layers.depthwiseConv2d({ kernelSize: 2, depthwiseInitializer: 'ones', useBias: false });
 * dw.apply(tp.tensor([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2])).reshape([2]).print(); // [10, 100]
 */
export class DepthwiseConv2D extends BaseConv {
  static override className = 'DepthwiseConv2D';
  readonly depthMultiplier: number;
  readonly depthwiseInitializer: InitializerLike;
  readonly depthwiseRegularizer: RegularizerLike | null;
  readonly depthwiseConstraint: ConstraintLike | null;
  depthwiseKernel: Variable | null = null;

  constructor(args: DepthwiseConv2DLayerArgs) {
    super(2, args);
    const m = args.depthMultiplier ?? 1;
    if (!Number.isInteger(m) || m <= 0) throw new Error(`${this.who}: depthMultiplier must be a positive integer, got ${String(args.depthMultiplier)}`);
    this.depthMultiplier = m;
    this.depthwiseInitializer = getInitializer(args.depthwiseInitializer ?? 'glorotUniform');
    this.depthwiseRegularizer = getRegularizer(args.depthwiseRegularizer);
    this.depthwiseConstraint = getConstraint(args.depthwiseConstraint);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const channels = this.inputChannels(shape);
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, channels, this.depthMultiplier], undefined, this.depthwiseInitializer, this.depthwiseRegularizer, true, this.depthwiseConstraint);
    if (this.useBias) this.bias = this.addWeight('bias', [channels * this.depthMultiplier], undefined, this.biasInitializer, this.biasRegularizer, true, this.biasConstraint);
    this.inputSpec = { ndim: 4, axes: { [channelAxis(this.dataFormat, 4)]: channels } };
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const y = depthwiseConv2dOp(x, this.depthwiseKernel!, this.strides as [number, number], this.padding as 'valid' | 'same', dataFormatOp(this.dataFormat), this.dilationRate as [number, number]);
    return this.finish(y);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return this.convOutputShape(s, this.inputChannels(s) * this.depthMultiplier);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      depthMultiplier: this.depthMultiplier,
      depthwiseInitializer: serializeInitializer(this.depthwiseInitializer),
      depthwiseRegularizer: serializeRegularizer(this.depthwiseRegularizer),
      depthwiseConstraint: serializeConstraint(this.depthwiseConstraint),
    };
  }
}

/**
 * Separable 2-D convolution: a depthwise convolution, then a 1x1 convolution to `filters`
 * channels. Weights `depthwise_kernel` [kh, kw, in, depthMultiplier], `pointwise_kernel`
 * [1, 1, in * depthMultiplier, filters], `bias` [filters].
 *
 * @example
 * const model = tp.sequential([tp.layers.separableConv2d({ filters: 64, kernelSize: 3, inputShape: [32, 32, 32] })]);
 * console.log(model.countParams()); // 2400 = 3*3*32 + 32*64 + 64 (a conv2d would have 18496)
 */
export class SeparableConv2D extends DepthwiseConv2D {
  static override className = 'SeparableConv2D';
  readonly filters: number;
  readonly pointwiseInitializer: InitializerLike;
  readonly pointwiseRegularizer: RegularizerLike | null;
  readonly pointwiseConstraint: ConstraintLike | null;
  pointwiseKernel: Variable | null = null;

  constructor(args: SeparableConv2DLayerArgs) {
    super(args);
    if (!Number.isInteger(args.filters) || args.filters <= 0) throw new Error(`${this.who}: filters must be a positive integer, got ${String(args.filters)}`);
    this.filters = args.filters;
    this.pointwiseInitializer = getInitializer(args.pointwiseInitializer ?? 'glorotUniform');
    this.pointwiseRegularizer = getRegularizer(args.pointwiseRegularizer);
    this.pointwiseConstraint = getConstraint(args.pointwiseConstraint);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const channels = this.inputChannels(shape);
    const mid = channels * this.depthMultiplier;
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, channels, this.depthMultiplier], undefined, this.depthwiseInitializer, this.depthwiseRegularizer, true, this.depthwiseConstraint);
    this.pointwiseKernel = this.addWeight('pointwise_kernel', [1, 1, mid, this.filters], undefined, this.pointwiseInitializer, this.pointwiseRegularizer, true, this.pointwiseConstraint);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], undefined, this.biasInitializer, this.biasRegularizer, true, this.biasConstraint);
    this.inputSpec = { ndim: 4, axes: { [channelAxis(this.dataFormat, 4)]: channels } };
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const format = dataFormatOp(this.dataFormat);
    const d = depthwiseConv2dOp(x, this.depthwiseKernel!, this.strides as [number, number], this.padding as 'valid' | 'same', format, this.dilationRate as [number, number]);
    return this.finish(conv2dOp(d, this.pointwiseKernel!, 1, 'valid', format));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.convOutputShape(inputShape as Shape, this.filters);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      pointwiseInitializer: serializeInitializer(this.pointwiseInitializer),
      pointwiseRegularizer: serializeRegularizer(this.pointwiseRegularizer),
      pointwiseConstraint: serializeConstraint(this.pointwiseConstraint),
    };
  }
}

/**
 * A DepthwiseConv2D layer (TF.js's tf.layers.depthwiseConv2d).
 *
 * @example
 * const model = tp.sequential([tp.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, inputShape: [28, 28, 3] })]);
 * console.log(model.outputs[0].shape, model.countParams()); // [null, 26, 26, 6] 60
 */
export function depthwiseConv2d(args: DepthwiseConv2DLayerArgs): DepthwiseConv2D {
  return new DepthwiseConv2D(args);
}

/**
 * A SeparableConv2D layer (TF.js's tf.layers.separableConv2d).
 *
 * @example
 * const layer = tp.layers.separableConv2d({ filters: 8, kernelSize: 3, padding: 'same' });
 * console.log(layer.apply(tp.zeros([1, 16, 16, 4])).shape); // [1, 16, 16, 8]
 */
export function separableConv2d(args: SeparableConv2DLayerArgs): SeparableConv2D {
  return new SeparableConv2D(args);
}
