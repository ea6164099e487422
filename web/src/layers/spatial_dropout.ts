// Spatial dropout: drops whole feature maps (one draw per sample and channel, shared by every
// position), which plain dropout would not regularize in conv nets whose neighbouring
// activations are strongly correlated.
import type { Tensor } from '../tensor.js';
import { checkDataFormat, type DataFormat } from './conv_utils.js';
import { Dropout, type DropoutLayerArgs } from './dropout.js';
import type { ConfigDict } from './serialization.js';

export type SpatialDropout1DLayerArgs = Omit<DropoutLayerArgs, 'noiseShape'>;
export interface SpatialDropout2DLayerArgs extends SpatialDropout1DLayerArgs {
  dataFormat?: DataFormat;
}

/**
 * Drops whole channels of sequences [batch, steps, channels] in training.
 *
 * @example
 * const y = tp.layers.spatialDropout1d({ rate: 0.5 }).apply(tp.ones([2, 5, 3]), { training: true }); // each [b, :, c] all 0 or all 2
 */
export class SpatialDropout1D extends Dropout {
  static override className = 'SpatialDropout1D';
  constructor(args: SpatialDropout1DLayerArgs) {
    super({ ...args, noiseShape: null });
    this.inputSpec = { ndim: 3 };
  }
  protected override maskShape(x: Tensor): number[] {
    return [x.shape[0]!, 1, x.shape[2]!];
  }
}

/**
 * Drops whole feature maps of images [batch, h, w, channels] in training.
 *
 * @example
 * const y = tp.layers.spatialDropout2d({ rate: 0.25 }).apply(tp.ones([2, 4, 4, 8]), { training: true }); // each [b, :, :, c] all 0 or all 4/3
 */
export class SpatialDropout2D extends Dropout {
  static override className = 'SpatialDropout2D';
  readonly dataFormat: DataFormat;
  constructor(args: SpatialDropout2DLayerArgs) {
    super({ ...args, noiseShape: null });
    this.dataFormat = checkDataFormat(args.dataFormat, this.who);
    this.inputSpec = { ndim: 4 };
  }
  protected override maskShape(x: Tensor): number[] {
    return this.dataFormat === 'channelsLast' ? [x.shape[0]!, 1, 1, x.shape[3]!] : [x.shape[0]!, x.shape[1]!, 1, 1];
  }
  override getConfig(): ConfigDict {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}

/** A SpatialDropout1D layer. @example const model = tp.sequential([tp.layers.dense({ units: 8, inputShape: [20, 4] }), tp.layers.spatialDropout1d({ rate: 0.2 })]); */
export function spatialDropout1d(args: SpatialDropout1DLayerArgs): SpatialDropout1D {
  return new SpatialDropout1D(args);
}
/** A SpatialDropout2D layer. @example tp.layers.spatialDropout2d({ rate: 0.2 }).apply(tp.ones([1, 2, 2, 1])).reshape([4]).print(); // [1, 1, 1, 1] (inference: unchanged) */
export function spatialDropout2d(args: SpatialDropout2DLayerArgs): SpatialDropout2D {
  return new SpatialDropout2D(args);
}
