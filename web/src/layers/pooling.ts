// Max and average pooling over windows of sequences (1-D) and images (2-D): Keras's
// MaxPooling1D/2D and AveragePooling1D/2D. Strides default to the pool size (non-overlapping
// windows); 'same' padding averages over the window's part inside the input, as TensorFlow.
import { avgPool, maxPool } from '../ops/pool.js';
import { expandDims, squeeze, transpose } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import { checkDataFormat, checkPadding, convOutputLength, normalizeTuple, spatialDims, withSpatial, type DataFormat } from './conv_utils.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import type { Shape } from './shape.js';

export interface Pooling1DLayerArgs extends LayerArgs {
  /** Window length (default 2). */
  poolSize?: number | [number];
  /** Step (default: poolSize). */
  strides?: number | [number];
  padding?: 'valid' | 'same';
}

export interface Pooling2DLayerArgs extends LayerArgs {
  /** Window [rows, cols] or one number for both (default [2, 2]). */
  poolSize?: number | [number, number];
  /** Steps (default: poolSize). */
  strides?: number | [number, number];
  padding?: 'valid' | 'same';
  dataFormat?: DataFormat;
}

type PoolFn = typeof maxPool;

abstract class Pooling extends Layer {
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly dataFormat: DataFormat;
  protected abstract readonly pool: PoolFn;

  constructor(args: Pooling2DLayerArgs | Pooling1DLayerArgs, rank: number) {
    super(args);
    this.poolSize = normalizeTuple(args.poolSize, rank, 'poolSize', this.who, 2);
    this.strides = args.strides === undefined || args.strides === null ? [...this.poolSize] : normalizeTuple(args.strides, rank, 'strides', this.who);
    this.padding = checkPadding(args.padding, this.who) as 'valid' | 'same';
    this.dataFormat = checkDataFormat((args as Pooling2DLayerArgs).dataFormat, this.who);
    this.inputSpec = { ndim: rank + 2 };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    const spatial = spatialDims(s, this.dataFormat).map((d, i) => convOutputLength(d, this.poolSize[i]!, this.padding, this.strides[i]!));
    return withSpatial(s[0] ?? null, spatial, this.dataFormat === 'channelsLast' ? s[s.length - 1]! : s[1]!, this.dataFormat);
  }
}

abstract class Pooling1D extends Pooling {
  constructor(args: Pooling1DLayerArgs) {
    super(args, 1);
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    // [batch, steps, channels] as images of one column.
    const y = this.pool(expandDims(x, 2), [this.poolSize[0]!, 1], [this.strides[0]!, 1], this.padding);
    return squeeze(y, [2]);
  }

  override getConfig(): ConfigDict {
    return { poolSize: this.poolSize, padding: this.padding, strides: this.strides, ...super.getConfig() };
  }
}

abstract class Pooling2D extends Pooling {
  constructor(args: Pooling2DLayerArgs) {
    super(args, 2);
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    let x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const first = this.dataFormat === 'channelsFirst';
    if (first) x = transpose(x, [0, 2, 3, 1]);
    const y = this.pool(x, this.poolSize as [number, number], this.strides as [number, number], this.padding);
    return first ? transpose(y, [0, 3, 1, 2]) : y;
  }

  override getConfig(): ConfigDict {
    return { poolSize: this.poolSize, padding: this.padding, strides: this.strides, dataFormat: this.dataFormat, ...super.getConfig() };
  }
}

/**
 * Maximum over windows of sequences [batch, steps, channels].
 *
 * @example
 * tp.layers.maxPooling1d({ poolSize: 2 }).apply(tp.tensor([1, 3, 2, 0, 5, 4], [1, 6, 1])).reshape([3]).print(); // [3, 2, 5]
 */
export class MaxPooling1D extends Pooling1D {
  static override className = 'MaxPooling1D';
  protected readonly pool = maxPool;
}

/**
 * Mean over windows of sequences [batch, steps, channels].
 *
 * @example
 * tp.layers.averagePooling1d({ poolSize: 3 }).apply(tp.tensor([1, 3, 2, 0, 6, 3], [1, 6, 1])).reshape([2]).print(); // [2, 3]
 */
export class AveragePooling1D extends Pooling1D {
  static override className = 'AveragePooling1D';
  protected readonly pool = avgPool;
}

/**
 * Maximum over windows of images [batch, height, width, channels].
 *
 * @example
 * const x = tp.tensor([1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16], [1, 4, 4, 1]);
 * tp.layers.maxPooling2d({ poolSize: 2 }).apply(x).reshape([2, 2]).print(); // [[4, 8], [12, 16]]
 */
export class MaxPooling2D extends Pooling2D {
  static override className = 'MaxPooling2D';
  protected readonly pool = maxPool;
}

/**
 * Mean over windows of images [batch, height, width, channels].
 *
 * @example
 * tp.layers.averagePooling2d({ poolSize: 2 }).apply(tp.tensor([1, 2, 3, 6], [1, 2, 2, 1])).reshape([1]).print(); // [3]
 */
export class AveragePooling2D extends Pooling2D {
  static override className = 'AveragePooling2D';
  protected readonly pool = avgPool;
}

/** A MaxPooling1D layer. @example console.log(tp.layers.maxPooling1d({ poolSize: 4 }).computeOutputShape([null, 100, 8])); // [null, 25, 8] */
export function maxPooling1d(args: Pooling1DLayerArgs = {}): MaxPooling1D {
  return new MaxPooling1D(args);
}
/** An AveragePooling1D layer. @example console.log(tp.layers.averagePooling1d({ poolSize: 3, padding: 'same' }).computeOutputShape([null, 10, 8])); // [null, 4, 8] */
export function averagePooling1d(args: Pooling1DLayerArgs = {}): AveragePooling1D {
  return new AveragePooling1D(args);
}
/**
 * A MaxPooling2D layer (TF.js's tf.layers.maxPooling2d).
 *
 * @example
 * const model = tp.sequential([tp.layers.conv2d({ filters: 8, kernelSize: 5, inputShape: [28, 28, 1] }), tp.layers.maxPooling2d({ poolSize: 2 })]);
 * console.log(model.outputs[0].shape); // [null, 12, 12, 8]
 */
export function maxPooling2d(args: Pooling2DLayerArgs = {}): MaxPooling2D {
  return new MaxPooling2D(args);
}
/** An AveragePooling2D layer. @example console.log(tp.layers.averagePooling2d({ poolSize: 2, strides: 1 }).computeOutputShape([null, 5, 5, 3])); // [null, 4, 4, 3] */
export function averagePooling2d(args: Pooling2DLayerArgs = {}): AveragePooling2D {
  return new AveragePooling2D(args);
}
