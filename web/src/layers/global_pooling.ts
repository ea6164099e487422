// Global pooling: the mean or maximum of each channel over all positions, [batch, ..., channels]
// -> [batch, channels] (Keras's GlobalAveragePooling1D/2D, GlobalMaxPooling1D/2D).
import { max, mean } from '../ops/reduction.js';
import type { Tensor } from '../tensor.js';
import { checkDataFormat, type DataFormat } from './conv_utils.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import type { Shape } from './shape.js';

export interface GlobalPooling2DLayerArgs extends LayerArgs {
  dataFormat?: DataFormat;
}

abstract class GlobalPooling extends Layer {
  protected abstract readonly spatialRank: number;
  protected abstract readonly reduce: typeof mean;
  readonly dataFormat: DataFormat;

  constructor(args: GlobalPooling2DLayerArgs, spatialRank: number) {
    super(args);
    this.dataFormat = checkDataFormat(args.dataFormat, this.who);
    this.inputSpec = { ndim: spatialRank + 2 };
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const axes = Array.from({ length: this.spatialRank }, (_, i) => (this.dataFormat === 'channelsLast' ? i + 1 : i + 2));
    return this.reduce(x, axes);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0] ?? null, this.dataFormat === 'channelsLast' ? s[s.length - 1]! : s[1]!];
  }
}

/**
 * Mean of each channel over the steps of sequences: [batch, steps, channels] -> [batch, channels].
 *
 * @example
 * tp.layers.globalAveragePooling1d().apply(tp.tensor([[[1, 10], [3, 30]]])).print(); // [[2, 20]]
 */
export class GlobalAveragePooling1D extends GlobalPooling {
  static override className = 'GlobalAveragePooling1D';
  protected readonly spatialRank = 1;
  protected readonly reduce = mean;
  constructor(args: LayerArgs = {}) {
    super(args, 1);
  }
}

/**
 * Maximum of each channel over the steps of sequences: [batch, steps, channels] -> [batch, channels].
 *
 * @example
 * tp.layers.globalMaxPooling1d().apply(tp.tensor([[[1, 30], [3, 10]]])).print(); // [[3, 30]]
 */
export class GlobalMaxPooling1D extends GlobalPooling {
  static override className = 'GlobalMaxPooling1D';
  protected readonly spatialRank = 1;
  protected readonly reduce = max;
  constructor(args: LayerArgs = {}) {
    super(args, 1);
  }
}

/**
 * Mean of each channel over the rows and columns of images: [batch, h, w, c] -> [batch, c].
 *
 * @example
 * tp.layers.globalAveragePooling2d().apply(tp.tensor([1, 2, 3, 6], [1, 2, 2, 1])).print(); // [[3]]
 */
export class GlobalAveragePooling2D extends GlobalPooling {
  static override className = 'GlobalAveragePooling2D';
  protected readonly spatialRank = 2;
  protected readonly reduce = mean;
  constructor(args: GlobalPooling2DLayerArgs = {}) {
    super(args, 2);
  }
  override getConfig(): ConfigDict {
    return { dataFormat: this.dataFormat, ...super.getConfig() };
  }
}

/**
 * Maximum of each channel over the rows and columns of images: [batch, h, w, c] -> [batch, c].
 *
 * @example
 * tp.layers.globalMaxPooling2d().apply(tp.tensor([1, 2, 3, 6], [1, 2, 2, 1])).print(); // [[6]]
 */
export class GlobalMaxPooling2D extends GlobalPooling {
  static override className = 'GlobalMaxPooling2D';
  protected readonly spatialRank = 2;
  protected readonly reduce = max;
  constructor(args: GlobalPooling2DLayerArgs = {}) {
    super(args, 2);
  }
  override getConfig(): ConfigDict {
    return { dataFormat: this.dataFormat, ...super.getConfig() };
  }
}

/** A GlobalAveragePooling1D layer. @example const model = tp.sequential([tp.layers.globalAveragePooling1d({ inputShape: [10, 4] })]); */
export function globalAveragePooling1d(args: LayerArgs = {}): GlobalAveragePooling1D {
  return new GlobalAveragePooling1D(args);
}
/** A GlobalMaxPooling1D layer. @example const model = tp.sequential([tp.layers.globalMaxPooling1d({ inputShape: [10, 4] })]); */
export function globalMaxPooling1d(args: LayerArgs = {}): GlobalMaxPooling1D {
  return new GlobalMaxPooling1D(args);
}
/** A GlobalAveragePooling2D layer. @example console.log(tp.layers.globalAveragePooling2d().computeOutputShape([null, 7, 7, 64])); // [null, 64] */
export function globalAveragePooling2d(args: GlobalPooling2DLayerArgs = {}): GlobalAveragePooling2D {
  return new GlobalAveragePooling2D(args);
}
/** A GlobalMaxPooling2D layer. @example console.log(tp.layers.globalMaxPooling2d({ dataFormat: 'channelsFirst' }).computeOutputShape([null, 64, 7, 7])); // [null, 64] */
export function globalMaxPooling2d(args: GlobalPooling2DLayerArgs = {}): GlobalMaxPooling2D {
  return new GlobalMaxPooling2D(args);
}
