// Convolution layers that mix channels: Conv1D and Conv2D (Keras's Conv*D with TF.js's argument
// names), outputs = activation(conv(inputs, kernel) + bias). The kernel is [kernelSize..., inChannels,
// filters], as TensorFlow stores it, so saved weights move between tensorpad, TF.js and Keras as they are.
import { add } from '../ops/binary.js';
import { pad } from '../ops/assemble.js';
import { conv1d as conv1dOp, conv2d as conv2dOp } from '../ops/conv.js';
import { reshape } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import {
  getActivation, getConstraint, getInitializer, getRegularizer, serializeActivation, serializeConstraint,
  serializeInitializer, serializeRegularizer,
  type ActivationFn, type ActivationIdentifier, type ConstraintIdentifier, type ConstraintLike,
  type InitializerIdentifier, type InitializerLike, type RegularizerIdentifier, type RegularizerLike,
} from './components.js';
import {
  channelAxis, checkDataFormat, checkPadding, convOutputLength, normalizeTuple, spatialDims, withSpatial,
  type DataFormat, type PaddingMode,
} from './conv_utils.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import { formatShape, type Shape } from './shape.js';

/** Arguments every convolution layer takes (Keras names in TF.js camelCase). */
export interface BaseConvLayerArgs extends LayerArgs {
  /** Window size: a number, or one per spatial axis. */
  kernelSize: number | number[];
  /** Step of the window (default 1). */
  strides?: number | number[];
  /** 'valid' (no padding, default) or 'same' (output size = ceil(input / stride)); conv1d also 'causal'. */
  padding?: PaddingMode;
  dataFormat?: DataFormat;
  /** Spacing of the kernel's taps (default 1); with strides > 1 only 1 is allowed. */
  dilationRate?: number | number[];
  activation?: ActivationIdentifier;
  useBias?: boolean;
  biasInitializer?: InitializerIdentifier;
  biasRegularizer?: RegularizerIdentifier;
  biasConstraint?: ConstraintIdentifier;
}

export interface ConvLayerArgs extends BaseConvLayerArgs {
  /** Number of output channels. */
  filters: number;
  kernelInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier;
  kernelConstraint?: ConstraintIdentifier;
}

/** Base of the convolution layers: argument checks, bias and activation, config. */
export abstract class BaseConv extends Layer {
  readonly rank: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: PaddingMode;
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly biasInitializer: InitializerLike;
  readonly biasRegularizer: RegularizerLike | null;
  readonly biasConstraint: ConstraintLike | null;
  bias: Variable | null = null;

  constructor(rank: number, args: BaseConvLayerArgs) {
    super(args);
    if (args === undefined || args.kernelSize === undefined) throw new Error(`${this.who}: kernelSize is required`);
    this.rank = rank;
    this.kernelSize = normalizeTuple(args.kernelSize, rank, 'kernelSize', this.who);
    this.strides = normalizeTuple(args.strides, rank, 'strides', this.who, 1);
    this.padding = checkPadding(args.padding, this.who, rank === 1);
    this.dataFormat = checkDataFormat(args.dataFormat, this.who);
    this.dilationRate = normalizeTuple(args.dilationRate, rank, 'dilationRate', this.who, 1);
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1))
      throw new Error(`${this.who}: strides > 1 and dilationRate > 1 together are not supported (strides [${this.strides.join(', ')}], dilationRate [${this.dilationRate.join(', ')}])`);
    this.activation = getActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros');
    this.biasRegularizer = getRegularizer(args.biasRegularizer);
    this.biasConstraint = getConstraint(args.biasConstraint);
    this.inputSpec = { ndim: rank + 2 };
  }

  /** @internal The known size of the channel axis of `shape`, or a clear error. */
  protected inputChannels(shape: Shape): number {
    const d = shape[channelAxis(this.dataFormat, shape.length)];
    if (d === null || d === undefined)
      throw new Error(`${this.who}: the channel dimension of the input must be known, got shape ${formatShape(shape)}`);
    return d;
  }

  /** @internal y + bias (over the channel axis), then the activation. */
  protected finish(y: Tensor): Tensor {
    if (this.bias !== null) y = add(y, this.dataFormat === 'channelsLast' ? this.bias : reshape(this.bias, [1, -1, ...new Array<number>(y.rank - 2).fill(1)]));
    return this.activation(y);
  }

  /** @internal Output shape with `channels` output channels. */
  protected convOutputShape(inputShape: Shape, channels: number): Shape {
    const s = inputShape;
    // Causal padding sizes the output as 'same' does (the input is left-padded by the receptive field).
    const mode = this.padding === 'causal' ? 'same' : this.padding;
    const spatial = spatialDims(s, this.dataFormat).map((d, i) => convOutputLength(d, this.kernelSize[i]!, mode, this.strides[i]!, this.dilationRate[i]));
    return withSpatial(s[0] ?? null, spatial, channels, this.dataFormat);
  }

  override getConfig(): ConfigDict {
    return {
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      biasInitializer: serializeInitializer(this.biasInitializer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
      activityRegularizer: serializeRegularizer(this.activityRegularizer),
      biasConstraint: serializeConstraint(this.biasConstraint),
      ...super.getConfig(),
    };
  }
}

/** Base of Conv1D and Conv2D: a kernel [kernelSize..., inChannels, filters]. */
export abstract class Conv extends BaseConv {
  readonly filters: number;
  readonly kernelInitializer: InitializerLike;
  readonly kernelRegularizer: RegularizerLike | null;
  readonly kernelConstraint: ConstraintLike | null;
  kernel: Variable | null = null;

  constructor(rank: number, args: ConvLayerArgs) {
    super(rank, args);
    if (!Number.isInteger(args.filters) || args.filters <= 0) throw new Error(`${this.who}: filters must be a positive integer, got ${String(args.filters)}`);
    this.filters = args.filters;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorotUniform');
    this.kernelRegularizer = getRegularizer(args.kernelRegularizer);
    this.kernelConstraint = getConstraint(args.kernelConstraint);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const channels = this.inputChannels(shape);
    this.kernel = this.addWeight('kernel', [...this.kernelSize, channels, this.filters], undefined, this.kernelInitializer, this.kernelRegularizer, true, this.kernelConstraint);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], undefined, this.biasInitializer, this.biasRegularizer, true, this.biasConstraint);
    this.inputSpec = { ndim: this.rank + 2, axes: { [channelAxis(this.dataFormat, this.rank + 2)]: channels } };
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.convOutputShape(inputShape as Shape, this.filters);
  }

  override getConfig(): ConfigDict {
    return {
      filters: this.filters,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer),
      kernelConstraint: serializeConstraint(this.kernelConstraint),
      ...super.getConfig(),
    };
  }
}

/**
 * 2-D convolution over images [batch, height, width, channels] (channelsFirst: [batch, channels,
 * height, width]). Weights `kernel` [kh, kw, inChannels, filters] and `bias` [filters].
 *
 * @example
 * const conv = tp.layers.conv2d({ filters: 1, kernelSize: 2, kernelInitializer: 'ones' });
 * conv.apply(tp.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1])).reshape([2, 2]).print(); // [[12, 16], [24, 28]]
 */
export class Conv2D extends Conv {
  static override className = 'Conv2D';
  constructor(args: ConvLayerArgs) {
    super(2, args);
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const y = conv2dOp(x, this.kernel!, this.strides as [number, number], this.padding as 'valid' | 'same', this.dataFormat === 'channelsLast' ? 'NHWC' : 'NCHW', this.dilationRate as [number, number]);
    return this.finish(y);
  }
}

/**
 * 1-D convolution over sequences [batch, steps, channels]. Weights `kernel` [k, inChannels,
 * filters] and `bias` [filters]. padding 'causal' pads only the start, so step t sees steps <= t.
 *
 * @example
 * const conv = tp.layers.conv1d({ filters: 1, kernelSize: 2, padding: 'causal', kernelInitializer: 'ones', useBias: false });
 * conv.apply(tp.tensor([[[1], [2], [3]]])).reshape([3]).print(); // [1, 3, 5]
 */
export class Conv1D extends Conv {
  static override className = 'Conv1D';
  constructor(args: ConvLayerArgs) {
    super(1, args);
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    let x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const cf = this.dataFormat === 'channelsFirst';
    let padding = this.padding;
    if (padding === 'causal') {
      const left = (this.kernelSize[0]! - 1) * this.dilationRate[0]!;
      x = pad(x, cf ? [[0, 0], [0, 0], [left, 0]] : [[0, 0], [left, 0], [0, 0]]);
      padding = 'valid';
    }
    const y = conv1dOp(x, this.kernel!, this.strides[0]!, padding as 'valid' | 'same', cf ? 'NCW' : 'NWC', this.dilationRate[0]!);
    return this.finish(y);
  }
}

/**
 * A Conv2D layer (TF.js's tf.layers.conv2d).
 *
 * @example
 * const model = tp.sequential([tp.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] })]);
 * console.log(model.outputs[0].shape, model.countParams()); // [null, 26, 26, 8] 80
 */
export function conv2d(args: ConvLayerArgs): Conv2D {
  return new Conv2D(args);
}

/**
 * A Conv1D layer (TF.js's tf.layers.conv1d).
 *
 * @example
 * const model = tp.sequential([tp.layers.conv1d({ filters: 4, kernelSize: 5, padding: 'same', inputShape: [100, 2] })]);
 * console.log(model.outputs[0].shape); // [null, 100, 4]
 */
export function conv1d(args: ConvLayerArgs): Conv1D {
  return new Conv1D(args);
}
